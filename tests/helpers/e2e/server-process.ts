import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { E2eDatabase } from './e2e-database';

/**
 * Runs a server for Playwright's webServer until Playwright stops it (SIGTERM) or it exits by itself;
 * then drops its database and work folder and exits with the server's code.
 */
export function serveUntilStopped(
  name: string,
  command: string[],
  options: { env: NodeJS.ProcessEnv; database: E2eDatabase; workDir: string },
): ChildProcess {
  const [file, ...args] = command;
  const server = spawn(file!, args, { env: options.env, stdio: 'inherit' });
  let stopping = false;
  async function stop(code: number) {
    if (stopping) return;
    stopping = true;
    server.kill('SIGTERM');
    await new Promise((resolve) => (server.exitCode !== null ? resolve(null) : server.once('exit', resolve)));
    await options.database.drop().catch((error) => console.error(`[${name}] could not drop the database`, error));
    rmSync(options.workDir, { recursive: true, force: true });
    process.exit(code);
  }
  process.on('SIGTERM', () => void stop(0));
  process.on('SIGINT', () => void stop(0));
  server.on('exit', (code) => void stop(code ?? 1));
  return server;
}
