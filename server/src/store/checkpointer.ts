import type { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';

/** SQLite's own default: a connection checkpoints when the WAL passes this many frames. */
const AUTOCHECKPOINT_FRAMES = 1000;

/** The checkpoint thread's life, shared with it through one Int32 so that closing needs no event loop turn. */
export const CheckpointState = { Starting: 0, Open: 1, Closed: 2, NeverOpened: 3 } as const;

export interface CheckpointerSetup {
  path: string;
  intervalMs: number;
  state: Int32Array;
}

/** What the thread reports after a pass that changed something, or when a pass failed. */
export type CheckpointReport = { walFrames: number; checkpointed: number } | { error: string };

export interface CheckpointStats {
  /** Passes that found frames to copy. */
  checkpoints: number;
  /** Frames in the WAL at the last report, and how many of them were in the database by then. */
  walFrames: number;
  checkpointed: number;
  /** False once the thread stopped: the store's own connection checkpoints again, as SQLite does by default. */
  running: boolean;
  lastError: string | null;
}

/**
 * Moves WAL checkpoints off the event loop. By default SQLite checkpoints inside the COMMIT that takes the WAL
 * past 1000 frames: that COMMIT then copies about 4 MB into the database file and flushes it, on the event
 * loop's thread, and every request waits (measured on the intent path: a tenth of its time went there). Here
 * the store's connection never checkpoints (`wal_autocheckpoint = 0`) and a worker thread with its own
 * connection runs a PASSIVE checkpoint every `intervalMs`; PASSIVE never blocks readers or writers, and SQLite
 * starts the WAL from the beginning again once a writer finds it fully copied.
 *
 * If the thread stops or fails, the connection goes back to checkpointing by itself, so the WAL never grows
 * without bound.
 */
export class BackgroundCheckpoints {
  readonly stats: CheckpointStats = {
    checkpoints: 0,
    walFrames: 0,
    checkpointed: 0,
    running: true,
    lastError: null,
  };
  readonly #db: DatabaseSync;
  readonly #state = new Int32Array(new SharedArrayBuffer(4));
  readonly #worker: Worker;

  constructor(db: DatabaseSync, path: string, intervalMs = 100) {
    this.#db = db;
    db.exec('PRAGMA wal_autocheckpoint = 0');
    const setup: CheckpointerSetup = { path, intervalMs, state: this.#state };
    this.#worker = new Worker(new URL('./checkpoint-worker.ts', import.meta.url), { workerData: setup });
    // The thread never keeps a process alive (CLIs open the store and exit).
    this.#worker.unref();
    this.#worker.on('message', (report: CheckpointReport) => {
      if ('error' in report) {
        this.stats.lastError = report.error;
        this.#fallBack();
        return;
      }
      if (report.checkpointed > this.stats.checkpointed || report.walFrames < this.stats.walFrames) {
        this.stats.checkpoints++;
      }
      this.stats.walFrames = report.walFrames;
      this.stats.checkpointed = report.checkpointed;
    });
    this.#worker.on('error', (error) => {
      this.stats.lastError = error.message;
      this.#fallBack();
    });
    this.#worker.on('exit', () => this.#fallBack());
  }

  /**
   * Stops the thread and waits (synchronously, as `Store.close` is) until its connection is closed, so that
   * the store's connection is the last one and SQLite removes the WAL when it closes.
   */
  close(): void {
    if (!this.stats.running) return;
    this.stats.running = false;
    const before = Atomics.compareExchange(
      this.#state,
      0,
      CheckpointState.Starting,
      CheckpointState.NeverOpened,
    );
    if (before === CheckpointState.Open) {
      this.#worker.postMessage('close');
      Atomics.wait(this.#state, 0, CheckpointState.Open, 5_000);
    }
    void this.#worker.terminate();
  }

  #fallBack(): void {
    if (!this.stats.running) return;
    this.stats.running = false;
    if (this.#db.isOpen) this.#db.exec(`PRAGMA wal_autocheckpoint = ${AUTOCHECKPOINT_FRAMES}`);
    void this.#worker.terminate();
  }
}
