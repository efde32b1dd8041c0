/**
 * A background job that runs one pass at a time: `wake()` asks for a pass soon (coalescing repeated wakes),
 * a timer asks periodically, and `stop()` waits for the pass in flight to finish, so shutdown never leaves
 * half-done work behind (each unit of work is one transaction anyway).
 */
export interface BackgroundJob {
  wake(): void;
  /** Runs passes until one finds nothing to do; resolves when idle. */
  drain(): Promise<void>;
  start(): void;
  stop(): Promise<void>;
}

export function backgroundJob(
  pass: () => Promise<number>,
  intervalMs: number,
  onError: (error: unknown) => void,
): BackgroundJob {
  let running: Promise<void> | null = null;
  let again = false;
  // Not started: woken passes do not run until `start()` (a stopped process does no background work).
  let stopped = true;
  let timer: NodeJS.Timeout | null = null;

  const run = (untilIdle: boolean): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          const done = await pass();
          if (done > 0 && (untilIdle || !stopped)) again = true;
        } while (again && (untilIdle || !stopped));
      } catch (error) {
        onError(error);
      } finally {
        running = null;
      }
    })();
    return running;
  };

  return {
    wake() {
      if (!stopped) setImmediate(() => void run(false));
    },
    async drain() {
      while (running) await running;
      await run(true);
    },
    start() {
      stopped = false;
      if (!timer) {
        timer = setInterval(() => void run(false), intervalMs);
        timer.unref();
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      timer = null;
      while (running) await running;
    },
  };
}
