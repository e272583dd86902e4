/**
 * Cleanup that runs however a benchmark ends: normally (call runCleanup in a finally), on an error,
 * on Ctrl-C / SIGTERM / SIGHUP, or when the time limit is reached. Tasks run last-registered first,
 * each at most once; a failing task does not stop the others.
 */
type Task = { label: string; run: () => Promise<void> | void };

const tasks: Task[] = [];
let running: Promise<void> | undefined;

/** Registers a cleanup task; returns a function that unregisters it (when the resource is gone). */
export function onCleanup(label: string, run: () => Promise<void> | void): () => void {
  const task = { label, run };
  tasks.push(task);
  return () => {
    const i = tasks.indexOf(task);
    if (i >= 0) tasks.splice(i, 1);
  };
}

export function runCleanup(): Promise<void> {
  running ??= (async () => {
    while (tasks.length > 0) {
      const task = tasks.pop()!;
      try {
        await task.run();
      } catch (error) {
        console.error(`[cleanup] ${task.label} failed:`, error instanceof Error ? error.message : error);
      }
    }
  })();
  return running;
}

let exiting = false;

async function cleanupAndExit(code: number, message: string): Promise<void> {
  // The same Ctrl-C often arrives twice (to the process group, and relayed by npm/tsx): once
  // cleaning up, further signals are ignored; the cleanup itself is bounded by a hard deadline.
  if (exiting) return;
  exiting = true;
  console.error(message);
  setTimeout(() => {
    console.error('[cleanup] did not finish within 30 s; exiting anyway');
    process.exit(code);
  }, 30_000).unref();
  await runCleanup();
  process.exit(code);
}

/**
 * Signal and crash handlers, and a time limit for the whole run. Returns a function that cancels
 * the time limit (call it at the end, or the timer keeps the process alive).
 */
export function guardProcess(options: { timeLimitMs: number; name: string }): () => void {
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const [signal, code] of Object.entries(codes)) {
    process.on(signal, () => void cleanupAndExit(code, `\n[${options.name}] ${signal}: stopping and cleaning up…`));
  }
  process.on(
    'uncaughtException',
    (error) => void cleanupAndExit(1, `[${options.name}] uncaught: ${error.stack ?? error}`),
  );
  process.on(
    'unhandledRejection',
    (error) => void cleanupAndExit(1, `[${options.name}] unhandled rejection: ${String(error)}`),
  );
  const timer = setTimeout(
    () =>
      void cleanupAndExit(
        1,
        `[${options.name}] time limit of ${Math.round(options.timeLimitMs / 1000)} s reached: stopping and cleaning up…`,
      ),
    options.timeLimitMs,
  );
  return () => clearTimeout(timer);
}
