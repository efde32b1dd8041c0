import type { IdempotencyKeys } from './ports/idempotency.ts';
import type { PgScope } from './pg-scope.ts';
import { num, str } from './records/cells.ts';
import type { IdempotencyBegin } from './types.ts';
import { sealContext } from './records/sealing.ts';

/** How long an unfinished first request keeps its Idempotency-Key locked. */
const STALE_IN_PROGRESS_MS = 60_000;

/**
 * The idempotency keys of the PostgreSQL adapter (`store.idempotency`): the answer to replay sealed at rest.
 * Several instances may begin the same key at once, so every decision is one statement that only one of them
 * can win: the insert (`ON CONFLICT DO NOTHING`), and the takeover of a stale key (an update conditional on the
 * very start time that was read).
 */
export class PgIdempotency implements IdempotencyKeys {
  readonly #s: PgScope;
  /**
   * This process's `finish` and `release` still being written, per key. The HTTP layer sends the answer and
   * records it without waiting (`http/idempotency.ts`); on SQLite the group commit writes in call order, so a
   * retry that follows the answer always finds it recorded. Here they would race on two pooled connections, so
   * `begin` first waits for the same key's pending write.
   */
  readonly #writing = new Map<string, Promise<unknown>>();
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  #track(scope: string, key: string, write: Promise<unknown>): Promise<unknown> {
    const id = JSON.stringify([scope, key]);
    const settled = write
      .catch(() => undefined)
      .finally(() => {
        if (this.#writing.get(id) === settled) this.#writing.delete(id);
      });
    this.#writing.set(id, settled);
    return write;
  }

  async begin(scope: string, key: string, fingerprint: string, now: string): Promise<IdempotencyBegin> {
    await this.#writing.get(JSON.stringify([scope, key]));
    const inserted = await this.#s.run(
      `INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES ($1,$2,$3,$4)
       ON CONFLICT (scope, key) DO NOTHING`,
      [scope, key, fingerprint, now],
    );
    if (inserted === 1) return { state: 'new' };
    const row = await this.#s.one('SELECT * FROM idempotency_keys WHERE scope = $1 AND key = $2', [
      scope,
      key,
    ]);
    // Released between the insert and the read: the key is free again, so try once more from the start.
    if (!row) return this.begin(scope, key, fingerprint, now);
    if (str(row.fingerprint) !== fingerprint) return { state: 'mismatch' };
    if (row.status === null) {
      // A first attempt that never finished (its process died) is taken over after a minute, by one taker.
      const startedAt = str(row.created_at);
      if (Date.parse(now) - Date.parse(startedAt) < STALE_IN_PROGRESS_MS) return { state: 'in-progress' };
      const taken = await this.#s.run(
        `UPDATE idempotency_keys SET created_at = $1
         WHERE scope = $2 AND key = $3 AND status IS NULL AND created_at = $4`,
        [now, scope, key, startedAt],
      );
      return taken === 1 ? { state: 'new' } : this.begin(scope, key, fingerprint, now);
    }
    const body = this.#s.sealer.open(str(row.response_sealed), sealContext.idempotencyResponse(scope, key));
    return { state: 'replay', status: num(row.status), body };
  }

  async finish(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.#track(
      scope,
      key,
      this.#s.run(
        'UPDATE idempotency_keys SET status = $1, response_sealed = $2 WHERE scope = $3 AND key = $4',
        [status, this.#s.sealer.seal(body, sealContext.idempotencyResponse(scope, key)), scope, key],
      ),
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.#track(
      scope,
      key,
      this.#s.run('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND status IS NULL', [
        scope,
        key,
      ]),
    );
  }
}
