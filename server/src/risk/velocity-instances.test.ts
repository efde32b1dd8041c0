import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createDatabaseAt } from '../../test/postgres.ts';
import { createLogger } from '../http/logger.ts';
import { ProblemError } from '../http/problems.ts';
import { merchant, paymentRequest, T0 } from '../store/contract/fixtures.ts';
import { createSealer } from '../store/crypto.ts';
import { openPgStore, type PgStore } from '../store/pg-store.ts';
import { assessCheckoutAttempt } from './checkout.ts';
import { RISK_DEFAULTS } from './settings.ts';

const sealer = createSealer({ id: 'k1', key: Buffer.alloc(32, 9) });

describe('velocity limits with several instances on one PostgreSQL', () => {
  let stores: PgStore[];
  beforeEach(async () => {
    const url = await createDatabaseAt(inject('postgresAdminUrl'));
    // Two instances: each its own pool, both on the same database, as two `npm start` processes would be.
    stores = [];
    for (const name of ['instance-a', 'instance-b'])
      stores.push(await openPgStore({ url, sealer, poolSize: 5, applicationName: name }));
  });
  afterEach(async () => {
    await Promise.all(stores.map((s) => s.ended()));
  });

  it('lets exactly the limit through when a burst of attempts is spread across instances', async () => {
    const [a, b] = stores as [PgStore, PgStore];
    await a.merchants.insert(merchant('mer_1'));
    const pr = paymentRequest('pr_1', 'mer_1');
    await a.paymentRequests.insert(pr);
    const limit = RISK_DEFAULTS.velocity.per_payment_request.limit;
    expect(limit).toBe(10);
    const logger = createLogger('silent');
    // 40 attempts at once for one payment request, alternating instances, each from its own address and device
    // so that only the per-request rule can block.
    const outcomes = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const ctx = { store: i % 2 === 0 ? a : b, now: () => new Date(T0), logger };
        const req = { ip: `203.0.113.${i + 1}`, body: {} };
        try {
          await assessCheckoutAttempt(ctx, req, pr, `dev_${i}`);
          return 'passed';
        } catch (error) {
          if (error instanceof ProblemError) return 'blocked';
          throw error;
        }
      }),
    );
    expect(outcomes.filter((o) => o === 'passed')).toHaveLength(limit);
    expect(outcomes.filter((o) => o === 'blocked')).toHaveLength(40 - limit);
    const recorded = await b.risk.attemptsFor('pr_1');
    expect(recorded).toHaveLength(40);
    expect(recorded.filter((r) => r.decision !== 'block')).toHaveLength(limit);
  });
});
