import type { IdempotencyKeys } from './ports/idempotency.ts';
import type { SqliteScope } from './sqlite-scope.ts';
import { num, str } from './records/cells.ts';
import type { IdempotencyBegin } from './types.ts';
import { sealContext } from './records/sealing.ts';

/** How long an unfinished first request keeps its Idempotency-Key locked. */
const STALE_IN_PROGRESS_MS = 60_000;

/** The idempotency keys of the SQLite adapter (`store.idempotency`): the answer to replay sealed at rest. */
export class SqliteIdempotency implements IdempotencyKeys {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  async begin(scope: string, key: string, fingerprint: string, now: string): Promise<IdempotencyBegin> {
    return this.#s.write((): IdempotencyBegin => {
      const row = this.#s.one('SELECT * FROM idempotency_keys WHERE scope = ? AND key = ?', scope, key);
      if (!row) {
        this.#s.run(
          'INSERT INTO idempotency_keys (scope, key, fingerprint, created_at) VALUES (?,?,?,?)',
          scope,
          key,
          fingerprint,
          now,
        );
        return { state: 'new' };
      }
      if (str(row.fingerprint) !== fingerprint) return { state: 'mismatch' };
      if (row.status === null) {
        // A first attempt that never finished (its process died) is taken over after a minute.
        if (Date.parse(now) - Date.parse(str(row.created_at)) < STALE_IN_PROGRESS_MS)
          return { state: 'in-progress' };
        this.#s.run(
          'UPDATE idempotency_keys SET created_at = ? WHERE scope = ? AND key = ?',
          now,
          scope,
          key,
        );
        return { state: 'new' };
      }
      const body = this.#s.sealer.open(str(row.response_sealed), sealContext.idempotencyResponse(scope, key));
      return { state: 'replay', status: num(row.status), body };
    });
  }

  async finish(scope: string, key: string, status: number, body: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        'UPDATE idempotency_keys SET status = ?, response_sealed = ? WHERE scope = ? AND key = ?',
        status,
        this.#s.sealer.seal(body, sealContext.idempotencyResponse(scope, key)),
        scope,
        key,
      ),
    );
  }

  async release(scope: string, key: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run('DELETE FROM idempotency_keys WHERE scope = ? AND key = ? AND status IS NULL', scope, key),
    );
  }
}
