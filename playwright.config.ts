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

/** A server script of tests/helpers/e2e, ready once its Sign in page answers; stopped with SIGTERM. */
function server(script: string, url: string, env: Record<string, string>, timeout: number) {
  return {
    command: `npx tsx tests/helpers/e2e/${script}`,
    url: `${url}/sign-in`,
    timeout,
    reuseExistingServer: false,
    stdout: 'pipe' as const,
    stderr: 'pipe' as const,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
    env,
  };
}

export default defineConfig({
  testDir: './tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: 0,
  forbidOnly: Boolean(process.env.CI),
  timeout: 30_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './tests/helpers/e2e/global-setup.ts',
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
    // One production build, then `next start` on a fresh database seeded for the suite.
    server('e2e-server.ts', baseURL, { E2E_PORT: String(port) }, 600_000),
    // `node .next/standalone/server.js` on a database of its own.
    server('standalone-server.ts', standaloneURL, { E2E_STANDALONE_PORT: String(standalonePort) }, 120_000),
  ],
});
