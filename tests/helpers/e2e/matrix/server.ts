/**
 * The authorization matrix's own server: the suite's production build served by `next start` on a
 * database of its own (tests/helpers/e2e/e2e-database.ts, demo tenants only), on a free port. Unlike
 * Playwright's webServers it can be stopped and started again on the same database and data folder
 * (so the same session secret: old cookies stay valid), because PGlite is one process's database: the
 * spec reads it only while the server is stopped.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createE2eDatabase, type E2eDatabase, serverEnv } from '../e2e-database';

export interface MatrixServer {
  baseURL: string;
  /** DATABASE_URL or PGLITE_DIR of the server's database. */
  databaseEnv: E2eDatabase['env'];
  /** Secrets of the machine endpoints, set so that their checks run (unset, they answer 503). */
  secrets: { cron: string; webhook: string };
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Stops the server, drops its database and deletes its data folder. */
  dispose: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export async function createMatrixServer(
  seed: (handle: E2eDatabase['env']) => Promise<void> = async () => {},
): Promise<MatrixServer> {
  const workDir = mkdtempSync(path.join(tmpdir(), 'multiline-matrix-'));
  const database = await createE2eDatabase(workDir, { label: 'matrix', suiteData: false });
  await seed(database.env);
  const port = await freePort();
  const baseURL = `http://localhost:${port}`;
  const secrets = {
    cron: `cron-${crypto.randomUUID()}`,
    webhook: `whsec_${Buffer.from(crypto.getRandomValues(new Uint8Array(24))).toString('base64')}`,
  };
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATA_DIR: workDir,
    SEED_DEMO_DATA: '1',
    PORT: String(port),
    CRON_SECRET: secrets.cron,
    RESEND_WEBHOOK_SECRET: secrets.webhook,
    // Twilio's status callbacks check their signature with it (SMS still goes to the mailbox: no SMS_PROVIDER).
    TWILIO_AUTH_TOKEN: `twilio-${crypto.randomUUID()}`,
  };
  delete env.DATABASE_URL;
  delete env.PGLITE_DIR;
  Object.assign(env, serverEnv(database, baseURL));

  let server: ChildProcess | undefined;
  let output = '';

  async function stop() {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    running.kill('SIGTERM');
    const timer = setTimeout(() => running.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  async function start() {
    if (server && server.exitCode === null && server.signalCode === null) return;
    output = '';
    const child = spawn(
      process.execPath,
      [path.resolve('node_modules/next/dist/bin/next'), 'start', '-p', String(port)],
      {
        env,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    server = child;
    // Kept for a failure's message; the matrix prints nothing of the server's own log otherwise.
    child.stdout.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    child.stderr.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`The matrix server exited (${child.exitCode}):\n${output}`);
      try {
        // The first request also opens (and checks the migrations of) the database.
        const response = await fetch(`${baseURL}/sign-in`, { signal: AbortSignal.timeout(20_000) });
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`The matrix server did not answer within 60 s:\n${output}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
  }

  async function dispose() {
    await stop();
    await database.drop().catch((error) => console.error('[matrix] could not drop the database', error));
    rmSync(workDir, { recursive: true, force: true });
  }

  return { baseURL, databaseEnv: database.env, secrets, start, stop, dispose };
}
