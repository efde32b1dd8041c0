import { DatabaseSync } from 'node:sqlite';
import { parentPort, workerData } from 'node:worker_threads';
import { CheckpointState, type CheckpointerSetup, type CheckpointReport } from './checkpointer.ts';

/**
 * The checkpoint thread (started by `BackgroundCheckpoints`): its own connection to the store's file, copying
 * committed WAL frames into the database with PASSIVE checkpoints, which never wait for, or block, the event
 * loop's reads and writes.
 */
const { path, intervalMs, state } = workerData as CheckpointerSetup;

// The store may already be closing: then this thread never opens the file (see BackgroundCheckpoints.close).
if (
  Atomics.compareExchange(state, 0, CheckpointState.Starting, CheckpointState.Open) ===
  CheckpointState.Starting
) {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA busy_timeout = 5000');
  const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
  let last = '';
  const report = (r: CheckpointReport) => parentPort?.postMessage(r);
  // Closes this connection before the thread ends, so that the store's connection is the last one and SQLite
  // removes the WAL when it closes.
  const stop = () => {
    clearInterval(timer);
    if (db.isOpen) db.close();
    Atomics.store(state, 0, CheckpointState.Closed);
    Atomics.notify(state, 0);
    parentPort?.close();
  };
  const timer = setInterval(() => {
    try {
      const row = checkpoint.get() as { log: number; checkpointed: number };
      const key = `${row.log}/${row.checkpointed}`;
      // A WAL that did not change since the last pass is not reported again.
      if (key !== last) report({ walFrames: row.log, checkpointed: row.checkpointed });
      last = key;
    } catch (error) {
      // The store's connection checkpoints again from here on (BackgroundCheckpoints falls back); this one ends.
      report({ error: error instanceof Error ? error.message : String(error) });
      stop();
    }
  }, intervalMs);
  parentPort?.on('message', (message: unknown) => {
    if (message === 'close') stop();
  });
}
