import { SealError, type Sealer } from '../crypto.ts';
import type { DeadLetter, InboxEvent, StoredInboxEvent } from '../types.ts';
import { num, str, strOrNull, type ColumnValue, type Row } from './cells.ts';
import { sealContext } from './sealing.ts';

/** The columns a verified event is inserted with, in the order of `inboxEventValues`. */
export const INBOX_EVENT_COLUMNS = 'id, type, payload_sealed, created, received_at';

/** An event's values for `INBOX_EVENT_COLUMNS`; `id` is the row's key as stored (see `textKey`). */
export const inboxEventValues = (
  id: string,
  e: Pick<InboxEvent, 'type' | 'payload' | 'created' | 'receivedAt'>,
  sealer: Sealer,
): ColumnValue[] => [
  id,
  e.type,
  sealer.seal(e.payload, sealContext.inboxPayload(id)),
  e.created,
  e.receivedAt,
];

/** A `webhook_inbox` row as the stored event, its payload opened (or said unreadable). */
export function inboxEventOf(row: Row, sealer: Sealer): StoredInboxEvent {
  // The id as the row holds it: the context the payload was sealed under (see `inboxEventValues`).
  const id = str(row.id);
  const meta = {
    id,
    type: str(row.type),
    created: num(row.created),
    receivedAt: str(row.received_at),
    attempts: num(row.attempts),
    processedAt: strOrNull(row.processed_at),
    lastError: strOrNull(row.last_error),
    nextAttemptAt: strOrNull(row.next_attempt_at),
    deadAt: strOrNull(row.dead_at),
  };
  try {
    return { ...meta, payload: sealer.open(str(row.payload_sealed), sealContext.inboxPayload(id)) };
  } catch (error) {
    // One row that does not open is that row's failure, never the whole read's.
    if (!(error instanceof SealError)) throw error;
    return { ...meta, payload: null, unreadable: error.message };
  }
}

/** A parked event's row (the dead-letter columns) as the dead letter. */
export const deadLetterOf = (r: Row): DeadLetter => ({
  id: str(r.id),
  type: str(r.type),
  created: num(r.created),
  receivedAt: str(r.received_at),
  attempts: num(r.attempts),
  lastError: strOrNull(r.last_error),
  deadAt: str(r.dead_at),
});
