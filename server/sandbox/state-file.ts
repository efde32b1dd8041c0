import { existsSync, readFileSync, renameSync } from 'node:fs';
import { mkdir, open, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { IdempotencyStore, StoredResponse } from './api/http.ts';
import type { SandboxState, SmartDisputesStatus } from './api/state.ts';

/**
 * The sandbox's memory in a file, so that a restart changes nothing a user can see: every object, event,
 * idempotency record and switch. Written whole, to a temporary file that is synced and then renamed over the
 * last one (a crash mid-write leaves the previous state, never half of one), at most every `debounceMs` while
 * changes come (less often once saving takes long: `saveDelayMs`), and at once on close. Not kept: webhook endpoints (each server registers its own at start),
 * pending deliveries and follow-ups not yet due (a dispute a test card would open, a `processing` payment's
 * success): these are dropped, as they are on close.
 */

const FORMAT = 'cargopay-sandbox-state';
const VERSION = 1;

interface Saved {
  format: typeof FORMAT;
  version: typeof VERSION;
  /** The port it listened on: a page opened before a restart still talks to Stripe.js and its frame there. */
  port: number | null;
  fingerprintKey: string;
  behaviour: { processingMs: number; smartDisputes: SmartDisputesStatus };
  order: [string, number][];
  paymentIntents: [string, unknown][];
  paymentMethods: [string, unknown][];
  charges: [string, unknown][];
  refunds: [string, unknown][];
  disputes: [string, unknown][];
  /** Each file's bytes are base64. */
  files: [string, { object: unknown; bytes: string; pages: number }][];
  customers: [string, unknown][];
  accounts: [string, unknown][];
  earlyFraudWarnings: [string, unknown][];
  accountLinks: [string, unknown][];
  events: unknown[];
  idempotency: [string, StoredResponse][];
}

function snapshot(state: SandboxState, idempotency: IdempotencyStore): Saved {
  return {
    format: FORMAT,
    version: VERSION,
    port: state.baseUrl ? Number(new URL(state.baseUrl).port) || null : null,
    fingerprintKey: state.fingerprintKey,
    behaviour: { ...state.behaviour },
    order: state.orderEntries(),
    paymentIntents: [...state.paymentIntents],
    paymentMethods: [...state.paymentMethods],
    charges: [...state.charges],
    refunds: [...state.refunds],
    disputes: [...state.disputes],
    files: [...state.files].map(([id, f]) => [
      id,
      { object: f.object, bytes: Buffer.from(f.bytes).toString('base64'), pages: f.pages },
    ]),
    customers: [...state.customers],
    accounts: [...state.accounts],
    earlyFraudWarnings: [...state.earlyFraudWarnings],
    accountLinks: [...state.accountLinks],
    events: state.events,
    idempotency: idempotency.entries(),
  };
}

/** Fills a fresh state from a saved one. The records were written by this module from the same types. */
function restore(state: SandboxState, idempotency: IdempotencyStore, saved: Saved): void {
  const fill = <V>(map: Map<string, V>, entries: [string, unknown][]) => {
    for (const [id, value] of entries) map.set(id, value as V);
  };
  state.fingerprintKey = saved.fingerprintKey;
  state.behaviour.processingMs = saved.behaviour.processingMs;
  state.behaviour.smartDisputes = saved.behaviour.smartDisputes;
  fill(state.paymentIntents, saved.paymentIntents);
  fill(state.paymentMethods, saved.paymentMethods);
  fill(state.charges, saved.charges);
  fill(state.refunds, saved.refunds);
  fill(state.disputes, saved.disputes);
  for (const [id, f] of saved.files) {
    state.files.set(id, {
      object: f.object as never,
      bytes: new Uint8Array(Buffer.from(f.bytes, 'base64')),
      pages: f.pages,
    });
  }
  fill(state.customers, saved.customers);
  fill(state.accounts, saved.accounts);
  fill(state.earlyFraudWarnings, saved.earlyFraudWarnings);
  fill(state.accountLinks, saved.accountLinks);
  for (const event of saved.events as SandboxState['events']) {
    state.events.push(event);
    state.eventsById.set(event.id, event);
  }
  state.restoreOrder(saved.order);
  idempotency.load(saved.idempotency);
}

function isSaved(value: unknown): value is Saved {
  const v = value as Partial<Saved> | null;
  return typeof v === 'object' && v !== null && v.format === FORMAT && v.version === VERSION;
}

/**
 * Writes `text` to `path` so that a reader sees the old file or the new one, whole. Asynchronous: a slow disk
 * (the sync waits for it) holds up no request meanwhile.
 */
async function writeAtomically(path: string, text: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${process.pid}.tmp`;
  const file = await open(temporary, 'w', 0o600);
  try {
    await file.writeFile(text);
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

export interface StateFile {
  /** The port the sandbox listened on before (to listen on again), or null. */
  readonly savedPort: number | null;
  /**
   * How long after a change the next save waits: `debounceMs`, or ten times what the last save took when that
   * is longer. A save holds the event loop while it writes the whole state, so a state that has grown large
   * (thousands of payments in a load test) is saved less often rather than stalling every request.
   */
  readonly saveDelayMs: number;
  /** Something changed: save within `saveDelayMs`. */
  changed(): void;
  /** Saves now if anything is unsaved (and stops the pending save); resolves once it is on disk. */
  flush(): Promise<void>;
}

/**
 * Loads `path` into `state` and `idempotency` (when it exists) and returns the saver. A file that is not a
 * sandbox state of this version is left where it is, renamed `<path>.unreadable-<time>`, and the sandbox starts
 * empty, saying so through `warn`.
 */
export function openStateFile(
  path: string,
  state: SandboxState,
  idempotency: IdempotencyStore,
  options: { debounceMs?: number; warn?: (line: string) => void; clock?: () => number } = {},
): StateFile {
  const debounceMs = options.debounceMs ?? 200;
  const clock = options.clock ?? (() => performance.now());
  let saveDelayMs = debounceMs;
  let savedPort: number | null = null;
  if (existsSync(path)) {
    let saved: unknown;
    try {
      saved = JSON.parse(readFileSync(path, 'utf8'));
    } catch {
      saved = null;
    }
    if (isSaved(saved)) {
      restore(state, idempotency, saved);
      savedPort = saved.port;
    } else {
      const aside = `${path}.unreadable-${Date.now()}`;
      renameSync(path, aside);
      options.warn?.(`the state file ${path} is not a sandbox state this version reads; moved to ${aside}`);
    }
  }
  let timer: NodeJS.Timeout | null = null;
  let dirty = false;
  /** The save in flight: saves never overlap, so the last one written is the newest state. */
  let writing: Promise<void> | null = null;
  const save = async (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = null;
    while (writing) await writing;
    if (!dirty) return;
    dirty = false;
    // Turning the state into text holds the event loop; writing it does not. At most a tenth of the sandbox's
    // time goes to the first, however large its state grows.
    const started = clock();
    const text = JSON.stringify(snapshot(state, idempotency));
    saveDelayMs = Math.max(debounceMs, 10 * (clock() - started));
    writing = writeAtomically(path, text)
      .catch((error: unknown) => {
        dirty = true; // kept for the next save: a full disk may have room again by then
        options.warn?.(`could not save the state to ${path}: ${String(error)}`);
      })
      .finally(() => (writing = null));
    await writing;
  };
  return {
    savedPort,
    get saveDelayMs() {
      return saveDelayMs;
    },
    changed() {
      dirty = true;
      if (timer) return;
      timer = setTimeout(() => void save(), saveDelayMs);
      // A pending save never holds the process open; close() flushes it.
      timer.unref();
    },
    flush: save,
  };
}
