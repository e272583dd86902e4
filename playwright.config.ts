import { existsSync } from 'node:fs';
import { defineConfig, devices } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3100);
export const baseURL = `http://localhost:${port}`;
// The self-hosting artifact (`node .next/standalone/server.js`) on a port and database of its own.
const standalonePort = Number(process.env.E2E_STANDALONE_PORT ?? port + 1);
const standaloneURL = `http://127.0.0.1:${standalonePort}`;

// Playwright cannot download its browsers on every machine: use Debian's Chromium when present,
// or the one named by PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH; elsewhere Playwright's own.
const executablePath =
  process.env.PLAYWRIGHT_CHROMIUM_EXECUTABLE_PATH ||
  (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

export default defineConfig({
  testDir: './tests/e2e',
  fullyParallel: false,
  workers: process.env.CI ? 2 : 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list']] : [['list']],
  globalSetup: './tests/e2e/support/global-setup.ts',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'chromium', use: { ...devices['Desktop Chrome'] }, testIgnore: /standalone\.spec\.ts$/ },
    {
      name: 'standalone',
      use: { ...devices['Desktop Chrome'], baseURL: standaloneURL },
      testMatch: /standalone\.spec\.ts$/,
    },
  ],
  // Started one after the other: the first builds (unless E2E_SKIP_BUILD=1), the second serves that build.
  webServer: [
    {
      // One production build, then `next start` on a fresh database seeded for the suite.
      command: 'npx tsx tests/e2e/support/e2e-server.ts',
      url: `${baseURL}/sign-in`,
      timeout: 600_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: { E2E_PORT: String(port) },
    },
    {
      command: 'npx tsx tests/e2e/support/standalone-server.ts',
      url: `${standaloneURL}/sign-in`,
      timeout: 120_000,
      reuseExistingServer: false,
      stdout: 'pipe',
      stderr: 'pipe',
      gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
      env: { E2E_STANDALONE_PORT: String(standalonePort) },
    },
  ],
});
