import type { Pool } from 'pg';
import type { Sealer } from './crypto.ts';
import { migratePostgres } from './pg-migrations.ts';
import { pgMigrations } from './pg-migrations/index.ts';
import { PgCasework } from './pg-casework.ts';
import { PgConnect } from './pg-connect.ts';
import { PgDisputes } from './pg-disputes.ts';
import { pgExclusive, type PgExclusive } from './pg-exclusive.ts';
import { PgIdempotency } from './pg-idempotency.ts';
import { PgInbox } from './pg-inbox.ts';
import { PgMerchants } from './pg-merchants.ts';
import { PgMirror, upsertMirror } from './pg-mirror.ts';
import { PgOutbox } from './pg-outbox.ts';
import { PgPaymentRequests } from './pg-payment-requests.ts';
import { createPool } from './pg-pool.ts';
import { PgRateLimits } from './pg-rate-limits.ts';
import { PgRefunds, upsertRefunds } from './pg-refunds.ts';
import { PgRisk } from './pg-risk.ts';
import { PgScope } from './pg-scope.ts';
import { num, strOrNull } from './records/cells.ts';
import type { ExclusiveOptions, ExclusiveRun } from './ports/exclusive.ts';
import type { Change, CommitResult, Store, StoreTx } from './types.ts';

/** Thrown inside a commit's transaction to roll it back when the payment request's version moved on. */
class VersionConflict extends Error {}
/** Thrown to roll back `checkWritable`'s test write. */
class RolledBack extends Error {}

/**
 * The PostgreSQL adapter of `Store`, shared by every instance started on the same database: a pool of
 * connections, each change in one transaction (`pg-scope.ts`), queues claimed with leases kept in their rows
 * (`FOR UPDATE SKIP LOCKED`), and every decision that two instances could race for made by one conditional
 * statement (an inbox event marked applied once, a payment request changed only at its version, a mirrored
 * Stripe object moved only forward).
 */
export class PgStore implements Store {
  readonly #pool: Pool;
  readonly #sealer: Sealer;
  readonly #scope: PgScope;
  #ended: Promise<void> | null = null;

  readonly disputes: PgDisputes;
  readonly casework: PgCasework;
  readonly risk: PgRisk;
  readonly connect: PgConnect;
  readonly merchants: PgMerchants;
  readonly paymentRequests: PgPaymentRequests;
  readonly refunds: PgRefunds;
  readonly mirror: PgMirror;
  readonly idempotency: PgIdempotency;
  readonly inbox: PgInbox;
  readonly outbox: PgOutbox;
  /** Shared by every instance: the `rate_limits` table (`pg-rate-limits.ts`). */
  readonly rateLimits: PgRateLimits;
  /** Jobs run once cluster-wide under advisory locks (`pg-exclusive.ts`). */
  readonly #jobs: PgExclusive;

  /** A store on a pool whose database is migrated (`openPgStore` does both). */
  constructor(pool: Pool, sealer: Sealer) {
    this.#pool = pool;
    this.#sealer = sealer;
    // An idle connection that breaks (PostgreSQL restarted, a failover, a network cut) is dropped by the pool
    // and replaced on the next query; left unheard, its 'error' event would end the process.
    pool.on('error', () => undefined);
    const scope = new PgScope(pool, sealer);
    this.#scope = scope;
    this.disputes = new PgDisputes(scope);
    this.casework = new PgCasework(scope);
    this.risk = new PgRisk(scope, (kind, value) => sealer.hash(kind, value));
    this.connect = new PgConnect(scope);
    this.merchants = new PgMerchants(scope);
    this.paymentRequests = new PgPaymentRequests(scope);
    this.refunds = new PgRefunds(scope);
    this.mirror = new PgMirror(scope);
    this.idempotency = new PgIdempotency(scope);
    this.inbox = new PgInbox(scope);
    this.outbox = new PgOutbox(scope);
    this.rateLimits = new PgRateLimits(scope);
    this.#jobs = pgExclusive(pool);
  }

  exclusive<T>(job: string, fn: () => Promise<T>, options?: ExclusiveOptions): Promise<ExclusiveRun<T>> {
    return this.#jobs.exclusive(job, fn, options);
  }

  /**
   * One transaction on one pooled connection (`BEGIN … COMMIT` around the awaited body), its repositories built
   * on that transaction's scope; `tx.commit` is a savepoint in it, so a conflict or a duplicate leaves the rest
   * standing. Awaiting something else inside the body holds the connection (and its row locks) meanwhile: slow,
   * not wrong, but callers keep to `tx`'s methods so that both adapters behave alike (`store/README.md`).
   */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>, options: { durable?: boolean } = {}): Promise<T> {
    return this.#scope.write(
      (scope) =>
        fn({
          disputes: new PgDisputes(scope),
          casework: new PgCasework(scope),
          risk: new PgRisk(scope, (kind, value) => this.#sealer.hash(kind, value)),
          connect: new PgConnect(scope),
          commit: (change, now) => this.#commit(scope, change, now),
        }),
      options,
    );
  }

  commit(change: Change, now: string): Promise<CommitResult> {
    return this.#commit(this.#scope, change, now);
  }

  /** One `Change` in a transaction (or a savepoint of `scope`'s): all of it, or, on a conflict, none of it. */
  async #commit(scope: PgScope, change: Change, now: string): Promise<CommitResult> {
    // An event that changes nothing but its own inbox row (one about no payment of ours, say) is one statement,
    // atomic and committed on its own: a transaction around it would add BEGIN and COMMIT, two round trips. It
    // runs at the server's default isolation; where an operator made that stricter than READ COMMITTED, a
    // concurrent apply of the same event fails it as a serialization failure (rolled back whole) instead of
    // re-checking the row, and it is then made as below, in a READ COMMITTED transaction.
    const { inboxEventId } = change;
    if (inboxEventId !== undefined && !scope.inTransaction && marksInboxOnly(change)) {
      try {
        return (await markInboxApplied(scope, inboxEventId, now)) ? 'applied' : 'duplicate';
      } catch (error) {
        if ((error as { code?: unknown } | null)?.code !== SERIALIZATION_FAILURE) throw error;
      }
    }
    try {
      return await scope.write(async (s): Promise<CommitResult> => {
        if (inboxEventId !== undefined && !(await markInboxApplied(s, inboxEventId, now))) return 'duplicate';
        const pr = change.paymentRequest;
        if (pr) {
          const changed = await PgPaymentRequests.applyPatch(s, pr.id, pr.expectedVersion, pr.patch, now);
          if (!changed) throw new VersionConflict();
        }
        for (const n of change.notifications ?? []) {
          await s.run(
            `INSERT INTO notifications (id, merchant_id, payment_request_id, type, body, created_at, status,
               next_attempt_at) VALUES ($1,$2,$3,$4,$5,$6,'pending',$6)`,
            [n.id, n.merchantId, n.paymentRequestId, n.type, n.body, n.createdAt],
          );
        }
        await upsertMirror(s, change, now);
        await upsertRefunds(s, change);
        return 'applied';
      });
    } catch (error) {
      if (error instanceof VersionConflict) return 'conflict';
      throw error;
    }
  }

  async backlog() {
    const row = await this.#scope.one(`SELECT
        (SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NULL) AS inbox_pending,
        (SELECT MIN(received_at) FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NULL) AS oldest,
        (SELECT COUNT(*) FROM webhook_inbox WHERE processed_at IS NULL AND dead_at IS NOT NULL) AS dead,
        (SELECT COUNT(*) FROM notifications WHERE status = 'pending') AS outbox_pending`);
    return {
      inboxPending: num(row?.inbox_pending),
      oldestInboxReceivedAt: strOrNull(row?.oldest),
      inboxDeadLetters: num(row?.dead),
      outboxPending: num(row?.outbox_pending),
    };
  }

  async checkWritable(): Promise<void> {
    // A real write (it takes a row lock and needs a writable primary, not a read-only replica), then rolled back.
    try {
      await this.#scope.write(
        async (s) => {
          await s.run(
            'UPDATE schema_migrations SET name = name WHERE version = (SELECT MAX(version) FROM schema_migrations)',
          );
          throw new RolledBack();
        },
        { durable: false },
      );
    } catch (error) {
      if (!(error instanceof RolledBack)) throw error;
    }
  }

  /**
   * Closes the pool: connections close once their queries (and open transactions) are done. `Store.close` is
   * synchronous, so this starts it; `ended()` is the promise to wait on where that matters (tests, shutdown).
   */
  close(): void {
    void this.ended();
  }

  /** Ends the pool (once, however often it is asked) and resolves when every connection closed. */
  ended(): Promise<void> {
    // Held jobs are unlocked first, so that another instance takes them over at once.
    this.#ended ??= this.#jobs
      .close()
      .then(() => this.#pool.end())
      .catch(() => undefined);
    return this.#ended;
  }
}

/** PostgreSQL's SQLSTATE for a statement a stricter isolation level refused (`could not serialize access`). */
const SERIALIZATION_FAILURE = '40001';

/** Whether `change` writes nothing but its inbox mark: every other part absent or empty. */
function marksInboxOnly(change: Change): boolean {
  return Object.entries(change).every(
    ([part, value]) =>
      part === 'inboxEventId' || value === undefined || (Array.isArray(value) && value.length === 0),
  );
}

/**
 * Marks an inbox event applied; `false` when it already was. Two instances applying the same event: the second
 * waits for the first's row lock, then finds the event processed (READ COMMITTED re-checks the condition on the
 * row as committed) and changes nothing.
 */
async function markInboxApplied(s: PgScope, id: string, now: string): Promise<boolean> {
  const done = await s.run(
    `UPDATE webhook_inbox SET processed_at = $1, attempts = attempts + 1, last_error = NULL,
       next_attempt_at = NULL, dead_at = NULL, lease_until = NULL WHERE id = $2 AND processed_at IS NULL`,
    [now, id],
  );
  return done > 0;
}

/**
 * Opens the PostgreSQL store at `url`: a pool of `poolSize` connections (named `applicationName` in
 * `pg_stat_activity`), the schema migrated under an advisory lock (instances starting together migrate once).
 */
export async function openPgStore(options: {
  url: string;
  sealer: Sealer;
  poolSize?: number;
  applicationName?: string;
}): Promise<PgStore> {
  const pool = createPool(options.url, { max: options.poolSize, applicationName: options.applicationName });
  try {
    await migratePostgres(pool, pgMigrations);
  } catch (error) {
    await pool.end().catch(() => undefined);
    // Where it failed, for the operator: the URL without its password.
    const where = new URL(options.url);
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`PostgreSQL at ${where.host}${where.pathname} could not be opened: ${reason}`, {
      cause: error,
    });
  }
  return new PgStore(pool, options.sealer);
}
