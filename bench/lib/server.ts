import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from './cleanup';

/** The project root (bench/lib/../..). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const nextBin = path.join(projectRoot, 'node_modules/next/dist/bin/next');

/** The build folder: NEXT_DIST_DIR (read by next.config.ts), default .next. */
export function distDir(): string {
  return process.env.NEXT_DIST_DIR || '.next';
}

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/** SIGTERM to the child's process group, then SIGKILL if it has not exited within `graceMs`. */
async function stopGroup(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      // already gone
    }
  };
  signalGroup('SIGTERM');
  if (!(await waitForExit(child, graceMs))) {
    signalGroup('SIGKILL');
    await waitForExit(child, 5_000);
  }
}

/**
 * Makes sure `<distDir>/BUILD_ID` exists, running `next build` into that folder when it does not
 * (or always, with `force`: an existing build is used as it is, even if the code changed since).
 * `next build` rewrites tsconfig.json (and may touch next-env.d.ts) to list the build folder's
 * types; a benchmark must not leave edits in the work tree, so both are put back as they were.
 */
export async function ensureBuild(
  dir = distDir(),
  options: { force?: boolean } = {},
): Promise<{ built: boolean; buildId: string }> {
  const buildIdFile = path.join(projectRoot, dir, 'BUILD_ID');
  if (options.force || !existsSync(buildIdFile)) {
    console.error(
      `[bench] ${options.force ? 'rebuilding' : `no build in ${dir}/`}: running next build (about a minute)…`,
    );
    const preserved = ['tsconfig.json', 'next-env.d.ts']
      .map((f) => path.join(projectRoot, f))
      .filter((f) => existsSync(f))
      .map((f) => ({ file: f, text: readFileSync(f, 'utf8') }));
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: projectRoot,
      env: { ...process.env, NEXT_DIST_DIR: dir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
      stdio: ['ignore', 2, 2], // keep the benchmark's stdout for its results
      detached: true,
    });
    const unregister = onCleanup('stop next build', () => stopGroup(child, 2_000));
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    unregister();
    for (const { file, text } of preserved) {
      if (readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
    }
    if (code !== 0 || !existsSync(buildIdFile)) throw new Error(`next build failed (exit ${code})`);
    return { built: true, buildId: readFileSync(buildIdFile, 'utf8').trim() };
  }
  return { built: false, buildId: readFileSync(buildIdFile, 'utf8').trim() };
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '127.0.0.1', exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** The first free port on 127.0.0.1 from `start` on. */
export async function findFreePort(start = 3300, tries = 100): Promise<number> {
  for (let port = start; port < start + tries; port++) {
    if (await portIsFree(port)) return port;
  }
  throw new Error(`No free port in ${start}..${start + tries - 1}`);
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  logFile: string;
  /** Last lines of the server's output, for error messages. */
  logTail: (lines?: number) => string;
  stop: () => Promise<void>;
}

/**
 * `next start` of the build in `distDir` on 127.0.0.1:`port`, its own process group, output to
 * `logFile`; resolves once `readyPath` answers (any status below 500). Stopped on cleanup.
 */
export async function startServer(options: {
  port: number;
  env: Record<string, string | undefined>;
  logFile: string;
  distDir?: string;
  readyPath?: string;
  readyTimeoutMs?: number;
}): Promise<RunningServer> {
  const dir = options.distDir ?? distDir();
  const out = openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [nextBin, 'start', '-p', String(options.port), '-H', '127.0.0.1'], {
    cwd: projectRoot,
    env: { ...process.env, ...options.env, NEXT_DIST_DIR: dir, NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production' },
    stdio: ['ignore', out, out],
    detached: true,
  });
  closeSync(out);
  const stop = () => stopGroup(child);
  const unregister = onCleanup(`stop next start (pid ${child.pid})`, stop);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const logTail = (lines = 30) => {
    try {
      return readFileSync(options.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`next start exited (${child.exitCode ?? child.signalCode}):\n${logTail()}`);
    }
    try {
      const res = await fetch(`${baseUrl}${options.readyPath ?? '/sign-in'}`, {
        redirect: 'manual',
        signal: AbortSignal.timeout(5_000),
      });
      await res.arrayBuffer();
      if (res.status < 500) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`next start did not answer within the time limit:\n${logTail()}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    baseUrl,
    port: options.port,
    logFile: options.logFile,
    logTail,
    stop: async () => {
      unregister();
      await stop();
    },
  };
}
