import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNSTAMPED, type EventStamp } from '../../stripe/event-order.ts';
import type { PaymentRequest, RefundStatus, Store } from '../types.ts';
import { at, disputeCase, merchant, paymentRequest, shipment, T0 } from './fixtures.ts';
import { exclusiveContract } from './exclusive-contract.ts';
import { rateLimitsContract } from './rate-limits-contract.ts';

/** What an adapter gives the contract: a fresh, empty store, and a way to look at what it holds at rest. */
export interface ContractStore {
  store: Store;
  /** Whether `text` appears anywhere in what the store keeps (tables, as the database holds them). */
  atRest(text: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The storage port's contract, written against `Store` alone so that every adapter runs the same tests:
 * `storeContract('SQLite', openSqlite)`. Each test opens an empty store with one merchant (`mer_1`) and two
 * payment requests (`pr_1`, `pr_2`).
 */
export function storeContract(name: string, open: () => Promise<ContractStore>): void {
  describe(`the storage port (${name})`, () => {
    let c: ContractStore;
    let store: Store;
    beforeEach(async () => {
      c = await open();
      store = c.store;
      await store.merchants.insert(merchant('mer_1'));
      await store.paymentRequests.insert(paymentRequest('pr_1', 'mer_1'));
      await store.paymentRequests.insert(paymentRequest('pr_2', 'mer_1', at(1)));
    });
    afterEach(async () => {
      await c.close();
    });

    describe('disputes', () => {
      it('keeps settings, policies and shipments per key, sealed at rest, the last save winning', async () => {
        expect(await store.disputes.settings('mer_1')).toEqual({});
        expect(await store.disputes.policies('pr_1')).toEqual({});
        expect(await store.disputes.shipment('pr_1')).toBeNull();
        const settings = {
          submission: 'draft' as const,
          prefer_smart_disputes: false,
          service_description: 'Door-to-door pallet freight',
          terms: null,
          refund_policy: null,
        };
        await store.disputes.saveSettings('mer_1', { ...settings, terms: 'old' }, T0);
        await store.disputes.saveSettings('mer_1', settings, at(1));
        await store.disputes.savePolicies('pr_1', { terms: 'Incoterms DAP' }, T0);
        await store.disputes.saveShipment('pr_1', shipment, T0);
        expect(await store.disputes.settings('mer_1')).toEqual(settings);
        expect(await store.disputes.policies('pr_1')).toEqual({ terms: 'Incoterms DAP' });
        expect(await store.disputes.policies('pr_2')).toEqual({});
        expect(await store.disputes.shipment('pr_1')).toEqual(shipment);
        // What is not personal is stored as it is: the check sees plain text where there is some.
        expect(await c.atRest('REF-pr_1')).toBe(true);
        expect(await c.atRest('Grace Hopper')).toBe(false);
        expect(await c.atRest('Door-to-door pallet freight')).toBe(false);
      });

      it('keeps evidence files and messages in order, their bytes and texts sealed at rest', async () => {
        const pdf = Buffer.from('%PDF-1.4 signed by Grace Hopper');
        const first = await store.disputes.addFile('pr_1', 'proof_of_delivery', 'pdf', pdf, 1, T0);
        await store.disputes.addFile('pr_1', 'other', 'png', Buffer.from('png'), 1, at(1));
        expect(first).toMatchObject({ paymentRequestId: 'pr_1', size: pdf.length, pages: 1, createdAt: T0 });
        expect((await store.disputes.files('pr_1')).map((f) => f.kind)).toEqual([
          'proof_of_delivery',
          'other',
        ]);
        expect((await store.disputes.files('pr_1', 'proof_of_delivery')).map((f) => f.id)).toEqual([
          first.id,
        ]);
        expect(await store.disputes.fileBytes(first.id)).toEqual(pdf);
        expect(await store.disputes.fileBytes('evf_missing')).toBeNull();
        const later = {
          channel: 'email' as const,
          direction: 'inbound' as const,
          at: at(60),
          text: 'Arrived',
        };
        const earlier = {
          channel: 'chat' as const,
          direction: 'outbound' as const,
          at: at(30),
          text: 'On its way',
        };
        await store.disputes.addMessage('pr_1', later, T0);
        const stored = await store.disputes.addMessage('pr_1', earlier, T0);
        expect(stored).toMatchObject(earlier);
        expect((await store.disputes.messages('pr_1')).map((m) => m.text)).toEqual(['On its way', 'Arrived']);
        expect(await c.atRest('On its way')).toBe(false);
      });

      it('opens a case once, and applies Stripe states only forward, announcing an outcome once', async () => {
        expect(await store.disputes.openCase(disputeCase('dp_1', 'mer_1', 'pr_1'), T0)).toBe(true);
        expect(
          await store.disputes.openCase(
            { ...disputeCase('dp_1', 'mer_1', 'pr_1'), reason: 'fraudulent' },
            T0,
          ),
        ).toBe(false);
        expect(await store.disputes.getCase('dp_1')).toMatchObject({
          reason: 'product_not_received',
          response: 'pending',
          outcome: null,
          evidence: null,
          added: {},
        });
        expect(await store.disputes.getCase('dp_missing')).toBeNull();

        const older = { created: 50, rank: 1, eventId: 'evt_old' };
        expect(
          await store.disputes.applyStripeState(
            'dp_1',
            { status: 'lost', dueBy: null, amount: 1 },
            older,
            at(1),
          ),
        ).toEqual({ applied: false, closed: false });
        const won = { created: 200, rank: 3, eventId: 'evt_won' };
        expect(
          await store.disputes.applyStripeState(
            'dp_1',
            { status: 'won', dueBy: null, amount: 12_500 },
            won,
            at(2),
          ),
        ).toEqual({ applied: true, closed: true });
        const kase = await store.disputes.getCase('dp_1');
        expect(kase).toMatchObject({
          status: 'won',
          outcome: 'won',
          closedAt: at(2),
          response: 'closed',
          lastEvent: won,
        });
        expect(kase?.dueBy).toBe(disputeCase('dp_1', 'mer_1', 'pr_1').dueBy);
        // The same event again changes nothing new; a newer outcome is recorded but not announced twice.
        const lost = { created: 300, rank: 3, eventId: 'evt_lost' };
        expect(
          await store.disputes.applyStripeState(
            'dp_1',
            { status: 'lost', dueBy: null, amount: 12_500 },
            lost,
            at(3),
          ),
        ).toEqual({ applied: true, closed: false });
        expect(
          await store.disputes.applyStripeState(
            'dp_missing',
            { status: 'won', dueBy: null, amount: 1 },
            lost,
            at(3),
          ),
        ).toEqual({ applied: false, closed: false });
      });

      it('records responses and failures, evidence sealed at rest', async () => {
        await store.disputes.openCase(disputeCase('dp_1', 'mer_1', 'pr_1'), T0);
        const evidence = {
          fields: { customer_name: 'Grace Hopper' },
          files: [],
          missing: [],
          leftOut: [],
          complete: true,
        };
        await store.disputes.recordResponse(
          'dp_1',
          { response: 'submitted', evidence, added: { note: 'x' }, submitted: true, error: null },
          at(1),
        );
        expect(await store.disputes.getCase('dp_1')).toMatchObject({
          response: 'submitted',
          evidence,
          added: { note: 'x' },
          complete: true,
          compiledAt: at(1),
          submittedAt: at(1),
        });
        expect(await c.atRest('Grace Hopper')).toBe(false);
        await store.disputes.recordFailure('dp_1', 'x'.repeat(900), at(2));
        const failed = await store.disputes.getCase('dp_1');
        expect(failed?.response).toBe('failed');
        expect(failed?.lastError).toHaveLength(500);
        expect(failed?.submittedAt).toBe(at(1));
      });

      it('lists a merchant’s cases newest first, filtered and keyset-paged; drafts due soon; all cases oldest first', async () => {
        await store.merchants.insert(merchant('mer_2'));
        await store.paymentRequests.insert(paymentRequest('pr_9', 'mer_2'));
        for (const [id, s] of [
          ['dp_a', 0],
          ['dp_b', 10],
          ['dp_c', 20],
        ] as const) {
          await store.disputes.openCase(disputeCase(id, 'mer_1', s === 20 ? 'pr_2' : 'pr_1', at(s)), T0);
        }
        await store.disputes.openCase(disputeCase('dp_other', 'mer_2', 'pr_9', at(5)), T0);
        const page1 = await store.disputes.listCases('mer_1', { limit: 2 });
        expect([page1.data.map((k) => k.id), page1.hasMore]).toEqual([['dp_c', 'dp_b'], true]);
        const page2 = await store.disputes.listCases('mer_1', { limit: 2, startingAfter: 'dp_b' });
        expect([page2.data.map((k) => k.id), page2.hasMore]).toEqual([['dp_a'], false]);
        expect(
          (await store.disputes.listCases('mer_1', { limit: 10, paymentRequestId: 'pr_2' })).data.map(
            (k) => k.id,
          ),
        ).toEqual(['dp_c']);
        expect((await store.disputes.listCases('mer_1', { limit: 10, status: 'won' })).data).toEqual([]);
        expect(await store.disputes.listCases('mer_1', { limit: 10, startingAfter: 'dp_other' })).toEqual({
          data: [],
          hasMore: false,
        });
        expect((await store.disputes.allCases('mer_1')).map((k) => k.id)).toEqual(['dp_a', 'dp_b', 'dp_c']);

        await store.disputes.recordResponse(
          'dp_b',
          { response: 'draft', evidence: null, added: {}, submitted: false, error: null },
          T0,
        );
        expect((await store.disputes.draftsDueBefore(at(86_400 * 8))).map((k) => k.id)).toEqual(['dp_b']);
        expect(await store.disputes.draftsDueBefore(at(86_400 * 6))).toEqual([]);
      });
    });

    describe('the casework queue', () => {
      const job = (eventId: string, created: number) => ({
        eventId,
        type: 'charge.succeeded',
        object: { id: eventId, email: 'ada@example.com' },
        created,
      });

      it('enqueues an event once, sealed at rest, and claims due items oldest first, retried ones last', async () => {
        await store.casework.enqueue(job('evt_2', 2), T0);
        await store.casework.enqueue(job('evt_1', 1), T0);
        await store.casework.enqueue(job('evt_3', 3), T0);
        await store.casework.enqueue({ ...job('evt_1', 1), object: { id: 'changed' } }, T0);
        expect(await c.atRest('ada@example.com')).toBe(false);
        const first = await store.casework.claimNext(1, 60_000, T0);
        expect(first).toEqual([
          {
            eventId: 'evt_1',
            type: 'charge.succeeded',
            object: job('evt_1', 1).object,
            created: 1,
            attempts: 0,
          },
        ]);
        await store.casework.fail('evt_1', 'Stripe unavailable', at(5));
        expect((await store.casework.claimNext(10, 0, at(10))).map((j) => j.eventId)).toEqual([
          'evt_2',
          'evt_3',
          'evt_1',
        ]);
        expect(await store.casework.backlog()).toEqual({ pending: 3, failed: 0 });
      });

      it('hands a claimed item to no other claim until its lease runs out, then again; done and given-up items never', async () => {
        await store.casework.enqueue(job('evt_1', 1), T0);
        await store.casework.enqueue(job('evt_2', 2), T0);
        expect((await store.casework.claimNext(10, 60_000, T0)).map((j) => j.eventId)).toEqual([
          'evt_1',
          'evt_2',
        ]);
        expect(await store.casework.claimNext(10, 60_000, at(59))).toEqual([]);
        const again = await store.casework.claimNext(10, 60_000, at(60));
        expect(again.map((j) => j.eventId)).toEqual(['evt_1', 'evt_2']);
        await store.casework.complete('evt_1', at(61));
        await store.casework.fail('evt_2', 'gave up', null);
        expect(await store.casework.claimNext(10, 60_000, at(10_000))).toEqual([]);
        expect(await store.casework.backlog()).toEqual({ pending: 0, failed: 1 });
      });
    });

    describe('risk', () => {
      const attempt = (id: string, s: number, ipHash = 'ip_a') => ({
        id,
        merchantId: 'mer_1',
        paymentRequestId: 'pr_1',
        ipHash,
        emailHash: 'em_a',
        deviceHash: 'dev_a',
        ip: '203.0.113.77',
        amount: 100,
        currency: 'eur',
        decision: 'allow' as const,
        score: 5,
        reasons: ['r'],
        createdAt: at(s),
      });

      it('hashes alike what differs only in case and spaces, and keeps settings as saved', async () => {
        expect(store.risk.hash('email', ' Ada@Example.com ')).toBe(
          store.risk.hash('email', 'ada@example.com'),
        );
        expect(store.risk.hash('email', 'ada@example.com')).not.toBe(
          store.risk.hash('ip', 'ada@example.com'),
        );
        expect(store.risk.hash('email', 'ada@example.com')).not.toContain('ada');
        expect(await store.risk.settings('mer_1')).toBeNull();
        await store.risk.saveSettings('mer_1', { enabled: false }, T0);
        expect(await store.risk.settings('mer_1')).toEqual({ enabled: false });
      });

      it('records attempts (IP sealed at rest), counts them in a window up to a cap, lists them in order', async () => {
        for (let i = 0; i < 5; i++)
          await store.risk.recordAttempt(attempt(`att_${i}`, i * 10, i < 4 ? 'ip_a' : 'ip_b'));
        expect(await c.atRest('203.0.113.77')).toBe(false);
        expect(await store.risk.countAttempts('ip_hash', 'ip_a', at(10))).toBe(3);
        expect(await store.risk.countAttempts('ip_hash', 'ip_a', at(0), 2)).toBe(2);
        expect(await store.risk.countAttempts('payment_request_id', 'pr_1', at(0))).toBe(5);
        expect(
          await store.risk.countAttemptsEach([
            { column: 'ip_hash', value: 'ip_a', since: at(10) },
            { column: 'ip_hash', value: 'ip_a', since: at(0), atMost: 2 },
            { column: 'payment_request_id', value: 'pr_1', since: at(0) },
            { column: 'ip_hash', value: 'ip_b', since: at(0), atMost: 10 },
            { column: 'email_hash', value: 'em_nobody', since: at(0) },
          ]),
        ).toEqual([3, 2, 5, 1, 0]);
        expect(await store.risk.countAttemptsEach([])).toEqual([]);
        const listed = await store.risk.attemptsFor('pr_1');
        expect(listed.map((a) => a.id)).toEqual(['att_0', 'att_1', 'att_2', 'att_3', 'att_4']);
        expect(listed[0]).toEqual(attempt('att_0', 0));
      });

      it('refuses to count by a column that is not a velocity key: no other name reaches the SQL text', async () => {
        await expect(store.risk.countAttempts('amount' as 'ip_hash', 'x', T0)).rejects.toThrow(
          /not a column to count by: amount/,
        );
        await expect(
          store.risk.countAttemptsEach([{ column: 'id = id OR 1' as 'ip_hash', value: 'x', since: T0 }]),
        ).rejects.toThrow(TypeError);
        await expect(store.risk.signalBursts('decline', 'email_hash' as 'ip_hash', T0, 1)).rejects.toThrow(
          /not a column to count by: email_hash/,
        );
      });

      it('locks velocity keys only inside a transaction, where counting and recording then follow', async () => {
        const keys = [
          { column: 'payment_request_id' as const, value: 'pr_1' },
          { column: 'ip_hash' as const, value: 'ip_a' },
        ];
        await expect(store.risk.lockAttemptCounts(keys)).rejects.toThrow(/transaction/);
        const counted = await store.transaction(async (tx) => {
          await tx.risk.lockAttemptCounts(keys);
          const before = await tx.risk.countAttempts('ip_hash', 'ip_a', T0);
          await tx.risk.recordAttempt(attempt('att_1', 1));
          return [before, await tx.risk.countAttempts('ip_hash', 'ip_a', T0)];
        });
        expect(counted).toEqual([0, 1]);
      });

      it('records keyed signals once, finds them by email or device, and groups bursts', async () => {
        const signal = {
          kind: 'decline' as const,
          merchantId: 'mer_1',
          paymentRequestId: 'pr_1',
          emailHash: 'em_a',
          deviceHash: 'dev_a',
          ipHash: 'ip_a',
          detail: null,
        };
        await store.risk.addSignal({ ...signal, key: 'k1' }, T0);
        await store.risk.addSignal({ ...signal, key: 'k1' }, T0);
        await store.risk.addSignal(signal, at(1));
        await store.risk.addSignal({ ...signal, ipHash: 'ip_b' }, at(2));
        expect(await store.risk.hasSignal('decline', 'em_x', 'dev_a', T0)).toBe(true);
        expect(await store.risk.hasSignal('decline', 'em_a', 'dev_x', T0)).toBe(true);
        expect(await store.risk.hasSignal('decline', 'em_x', 'dev_x', T0)).toBe(false);
        expect(await store.risk.hasSignal('lost_dispute', 'em_a', 'dev_a', T0)).toBe(false);
        expect(await store.risk.hasSignal('decline', 'em_a', 'dev_a', at(3))).toBe(false);
        expect(await store.risk.hasSignals(['decline', 'lost_dispute'], 'em_x', 'dev_a', T0)).toEqual([
          true,
          false,
        ]);
        expect(await store.risk.hasSignals(['lost_dispute', 'decline'], 'em_a', 'dev_x', T0)).toEqual([
          false,
          true,
        ]);
        expect(await store.risk.hasSignals(['decline'], 'em_a', 'dev_a', at(3))).toEqual([false]);
        expect(await store.risk.hasSignals([], 'em_a', 'dev_a', T0)).toEqual([]);
        expect(await store.risk.signalBursts('decline', 'ip_hash', T0, 2)).toEqual([
          { key: 'ip_a', count: 2 },
        ]);
        expect(await store.risk.signalBursts('decline', 'device_hash', at(1), 1)).toEqual([
          { key: 'dev_a', count: 2 },
        ]);
      });

      it('keeps a payment’s Radar outcome, warning and auto-refund together', async () => {
        expect(await store.risk.paymentRisk('pr_1')).toBeNull();
        await store.risk.flagEarlyFraudWarning('pr_1', 'issfr_1', T0);
        await store.risk.saveRadarOutcome(
          'pr_1',
          { chargeId: 'ch_1', riskLevel: 'elevated', riskScore: 65, outcomeType: 'authorized' },
          T0,
        );
        await store.risk.markAutoRefunded('pr_1', T0);
        expect(await store.risk.paymentRisk('pr_1')).toEqual({
          paymentRequestId: 'pr_1',
          chargeId: 'ch_1',
          riskLevel: 'elevated',
          riskScore: 65,
          outcomeType: 'authorized',
          earlyFraudWarning: 'issfr_1',
          autoRefunded: true,
        });
      });

      it('records payment events once per id, newest paid amounts first, counts per merchant in a window', async () => {
        const event = (id: string, kind: 'payment' | 'refund' | 'dispute', amount: number) => ({
          id,
          merchantId: 'mer_1',
          kind,
          amount,
          currency: 'eur',
        });
        await store.risk.recordPaymentEvent(event('payment:1', 'payment', 100), T0);
        await store.risk.recordPaymentEvent(event('payment:1', 'payment', 999), at(1));
        await store.risk.recordPaymentEvent(event('payment:2', 'payment', 200), at(2));
        await store.risk.recordPaymentEvent(event('refund:1', 'refund', 50), at(3));
        expect(await store.risk.paidAmounts('mer_1', 'eur')).toEqual([200, 100]);
        expect(await store.risk.paidAmounts('mer_1', 'eur', 1)).toEqual([200]);
        expect(await store.risk.paidAmounts('mer_1', 'usd')).toEqual([]);
        expect(await store.risk.eventCounts('refund', T0)).toEqual([
          { merchantId: 'mer_1', payments: 2, count: 1 },
        ]);
        expect(await store.risk.eventCounts('dispute', at(1))).toEqual([
          { merchantId: 'mer_1', payments: 1, count: 0 },
        ]);
      });
    });

    describe('Connect accounts', () => {
      const state = (chargesEnabled: boolean) => ({
        accountId: 'acct_1',
        chargesEnabled,
        payoutsEnabled: false,
        detailsSubmitted: chargesEnabled,
        disabledReason: chargesEnabled ? null : 'requirements.past_due',
      });

      it('moves an account only forward, keeping the first merchant that named it', async () => {
        expect(await store.connect.getAccount('acct_1')).toBeNull();
        expect(
          await store.connect.saveAccount(state(false), { created: 0, rank: 0, eventId: '' }, 'mer_1', T0),
        ).toBe(true);
        expect(
          await store.connect.saveAccount(
            state(true),
            { created: 200, rank: 0, eventId: 'evt_b' },
            null,
            at(1),
          ),
        ).toBe(true);
        expect(
          await store.connect.saveAccount(
            state(false),
            { created: 100, rank: 0, eventId: 'evt_a' },
            'mer_2',
            at(2),
          ),
        ).toBe(false);
        expect(await store.connect.getAccount('acct_1')).toEqual({
          ...state(true),
          merchantId: 'mer_1',
          updatedAt: at(1),
        });
      });
    });

    describe('transactions', () => {
      it('commits a case’s answer and its notification together, or neither', async () => {
        await store.disputes.openCase(disputeCase('dp_1', 'mer_1', 'pr_1'), T0);
        const notice = (id: string) => ({
          id,
          merchantId: 'mer_1',
          paymentRequestId: 'pr_1',
          type: 'payment_request.dispute_evidence',
          body: '{}',
          createdAt: T0,
        });
        await expect(
          store.transaction(async (tx) => {
            await tx.disputes.recordResponse(
              'dp_1',
              { response: 'draft', evidence: null, added: {}, submitted: false, error: null },
              T0,
            );
            await tx.commit({ notifications: [notice('evt_n1')] }, T0);
            throw new Error('crash');
          }),
        ).rejects.toThrow('crash');
        expect((await store.disputes.getCase('dp_1'))?.response).toBe('pending');
        expect((await store.outbox.list('mer_1', { limit: 10 })).data).toEqual([]);
        await store.transaction(async (tx) => {
          await tx.disputes.recordResponse(
            'dp_1',
            { response: 'draft', evidence: null, added: {}, submitted: false, error: null },
            T0,
          );
          await tx.commit({ notifications: [notice('evt_n2')] }, T0);
        });
        expect((await store.disputes.getCase('dp_1'))?.response).toBe('draft');
        expect((await store.outbox.list('mer_1', { limit: 10 })).data.map((n) => n.id)).toEqual(['evt_n2']);
      });

      it('reports a version conflict inside a transaction without undoing the rest of it', async () => {
        const result = await store.transaction(async (tx) => {
          await tx.casework.enqueue({ eventId: 'evt_1', type: 't', object: {}, created: 1 }, T0);
          return tx.commit(
            { paymentRequest: { id: 'pr_1', expectedVersion: 7, patch: { status: 'paid' } } },
            T0,
          );
        });
        expect(result).toBe('conflict');
        expect((await store.paymentRequests.get('pr_1'))?.status).toBe('open');
        expect((await store.casework.backlog()).pending).toBe(1);
      });
    });

    describe('merchants and payment requests', () => {
      it('finds a merchant by id and key hash, lists them in order, updates them, keeps the signing secret sealed', async () => {
        await store.merchants.insert({ ...merchant('mer_0'), createdAt: at(-1) });
        expect((await store.merchants.get('mer_1'))?.name).toBe('Freight mer_1');
        expect((await store.merchants.byKeyHash('hash-mer_1'))?.id).toBe('mer_1');
        expect(await store.merchants.get('mer_missing')).toBeNull();
        expect((await store.merchants.list()).map((m) => m.id)).toEqual(['mer_0', 'mer_1']);
        expect(await store.merchants.signingSecret('mer_1')).toBe('whsec_mer_1_secret');
        expect(await c.atRest('whsec_mer_1_secret')).toBe(false);
        const updated = await store.merchants.update(
          'mer_1',
          { webhookUrl: 'https://shop.example/hook', signingSecret: 'whsec_new' },
          at(5),
        );
        expect(updated).toMatchObject({ webhookUrl: 'https://shop.example/hook', updatedAt: at(5) });
        expect(await store.merchants.signingSecret('mer_1')).toBe('whsec_new');
      });

      it('replaces a linked PaymentIntent Stripe no longer knows only while it is still the link', async () => {
        expect(await store.paymentRequests.linkIntent('pr_1', 'pi_1', at(1))).toBe('pi_1');
        expect(await store.paymentRequests.replaceIntent('pr_1', 'pi_gone', 'pi_3', at(2))).toBe('pi_1');
        expect(await store.paymentRequests.replaceIntent('pr_1', 'pi_1', 'pi_3', at(3))).toBe('pi_3');
        expect(await store.paymentRequests.replaceIntent('pr_1', 'pi_1', 'pi_4', at(4))).toBe('pi_3');
        expect((await store.paymentRequests.byIntent('pi_3'))?.id).toBe('pr_1');
        expect(await store.paymentRequests.byIntent('pi_1')).toBeNull();
        expect(await store.paymentRequests.linkIntent('pr_1', 'pi_5', at(5))).toBe('pi_3');
      });

      it('gives a payment request back as stored, the customer sealed at rest; links one PaymentIntent, the first', async () => {
        expect(await store.paymentRequests.get('pr_1')).toEqual(paymentRequest('pr_1', 'mer_1'));
        expect(await c.atRest('Ada Lovelace')).toBe(false);
        expect(await store.paymentRequests.linkIntent('pr_1', 'pi_1', at(1))).toBe('pi_1');
        expect(await store.paymentRequests.linkIntent('pr_1', 'pi_2', at(2))).toBe('pi_1');
        expect((await store.paymentRequests.byIntent('pi_1'))?.id).toBe('pr_1');
        expect(await store.paymentRequests.byIntent('pi_2')).toBeNull();
        const proof = {
          result: 'valid' as const,
          countryCode: 'FR',
          vatNumber: '40303265045',
          name: 'Freight SA',
          address: null,
          requestDate: null,
          requestIdentifier: 'WAPIAAAA',
          error: null,
          checkedAt: T0,
        };
        await store.paymentRequests.saveVatCheck('pr_1', proof, at(3));
        expect((await store.paymentRequests.get('pr_1'))?.vatCheck).toEqual(proof);
        expect((await store.paymentRequests.get('pr_1'))?.version).toBe(2);
      });

      it('keeps a request’s capture method and what its card hold allows, unknown until a change says', async () => {
        const manual = { ...paymentRequest('pr_m', 'mer_1', at(3)), captureMethod: 'manual' as const };
        await store.paymentRequests.insert(manual);
        expect(await store.paymentRequests.get('pr_m')).toEqual(manual);
        expect(await store.paymentRequests.get('pr_1')).toMatchObject({
          captureMethod: 'automatic',
          amountCapturable: 0,
          captureBefore: null,
          extendedAuthorization: null,
          incrementalAuthorization: null,
        });
        const hold = {
          status: 'authorized' as const,
          amountCapturable: 13_450,
          captureBefore: at(7),
          extendedAuthorization: false,
          incrementalAuthorization: true,
        };
        const change = { paymentRequest: { id: 'pr_m', expectedVersion: 0, patch: hold } };
        expect(await store.commit(change, at(4))).toBe('applied');
        expect(await store.paymentRequests.get('pr_m')).toEqual({
          ...manual,
          ...hold,
          version: 1,
          updatedAt: at(4),
        });
      });

      it('keeps capture settings per merchant, the last save winning; none until saved', async () => {
        expect(await store.merchants.captureSettings('mer_1')).toBeNull();
        await store.merchants.saveCaptureSettings(
          'mer_1',
          { atDeadline: 'capture', warnHoursBefore: 48 },
          at(1),
        );
        await store.merchants.saveCaptureSettings(
          'mer_1',
          { atDeadline: 'lapse', warnHoursBefore: 12 },
          at(2),
        );
        expect(await store.merchants.captureSettings('mer_1')).toEqual({
          atDeadline: 'lapse',
          warnHoursBefore: 12,
        });
      });

      it('keeps a stated maximum and when the merchant was warned; finds the holds whose warning or deadline is due', async () => {
        const hours = (h: number) => at(h * 3600);
        await store.merchants.insert(merchant('mer_2'));
        await store.merchants.saveCaptureSettings(
          'mer_2',
          { atDeadline: 'capture', warnHoursBefore: 48 },
          T0,
        );
        const hold = (
          id: string,
          merchantId: string,
          captureBefore: string,
          more: Partial<PaymentRequest> = {},
        ) =>
          store.paymentRequests.insert({
            ...paymentRequest(id, merchantId),
            captureMethod: 'manual',
            status: 'authorized',
            amountCapturable: 12_500,
            maxFinalAmount: 14_000,
            captureBefore,
            ...more,
          });
        await hold('pr_warn_default', 'mer_1', hours(23)); // warned 24 h before (the default): due
        await hold('pr_later', 'mer_1', hours(30)); // not yet
        await hold('pr_warn_48', 'mer_2', hours(30)); // its merchant is warned 48 h before: due
        await hold('pr_warned', 'mer_1', hours(2), { captureWarnedAt: T0 }); // warned, deadline not reached
        await hold('pr_deadline', 'mer_1', at(5 * 60), { captureWarnedAt: T0 }); // within the margin: due
        await hold('pr_open', 'mer_1', hours(1), { status: 'open' }); // not held
        await hold('pr_far', 'mer_2', hours(200)); // beyond the horizon
        const query = {
          now: T0,
          deadlineBy: at(10 * 60),
          horizon: hours(168),
          defaultWarnHours: 24,
          limit: 10,
        };
        const ids = async (q = query) =>
          (await store.paymentRequests.captureDeadlinesDue(q)).map((p) => p.id);
        expect(await ids()).toEqual(['pr_deadline', 'pr_warn_default', 'pr_warn_48']);
        expect(await ids({ ...query, limit: 2 })).toEqual(['pr_deadline', 'pr_warn_default']);
        expect(await ids({ ...query, defaultWarnHours: 22 })).toEqual(['pr_deadline', 'pr_warn_48']);
        expect((await store.paymentRequests.get('pr_warned'))?.maxFinalAmount).toBe(14_000);
        const warned = {
          paymentRequest: { id: 'pr_warn_48', expectedVersion: 0, patch: { captureWarnedAt: at(1) } },
        };
        expect(await store.commit(warned, at(1))).toBe('applied');
        expect(await store.paymentRequests.get('pr_warn_48')).toMatchObject({
          captureWarnedAt: at(1),
          version: 1,
        });
        expect(await ids()).toEqual(['pr_deadline', 'pr_warn_default']);
      });

      it('keeps whether Stripe e-mails the receipt, off for a request that did not ask', async () => {
        const receipt = { ...paymentRequest('pr_r', 'mer_1', at(3)), receiptEmail: true };
        await store.paymentRequests.insert(receipt);
        expect(await store.paymentRequests.get('pr_r')).toEqual(receipt);
        expect((await store.paymentRequests.get('pr_1'))?.receiptEmail).toBe(false);
      });

      it('lists a merchant’s requests newest first, filtered and keyset-paged; finds the open ones expired by a time', async () => {
        await store.paymentRequests.insert({ ...paymentRequest('pr_3', 'mer_1', at(2)), expiresAt: at(100) });
        const page1 = await store.paymentRequests.list('mer_1', { limit: 2 });
        expect([page1.data.map((p) => p.id), page1.hasMore]).toEqual([['pr_3', 'pr_2'], true]);
        const page2 = await store.paymentRequests.list('mer_1', { limit: 2, startingAfter: 'pr_2' });
        expect([page2.data.map((p) => p.id), page2.hasMore]).toEqual([['pr_1'], false]);
        expect(
          (await store.paymentRequests.list('mer_1', { limit: 5, reference: 'REF-pr_2' })).data.map(
            (p) => p.id,
          ),
        ).toEqual(['pr_2']);
        expect(
          (
            await store.paymentRequests.list('mer_1', { limit: 5, createdGte: at(1), createdLte: at(1) })
          ).data.map((p) => p.id),
        ).toEqual(['pr_2']);
        expect(await store.paymentRequests.list('mer_1', { limit: 5, startingAfter: 'pr_unknown' })).toEqual({
          data: [],
          hasMore: false,
        });
        expect(await store.paymentRequests.expiredBy(at(99), 10)).toEqual([]);
        expect((await store.paymentRequests.expiredBy(at(100), 10)).map((p) => p.id)).toEqual(['pr_3']);
      });

      it('commits a change only from the version it was planned on', async () => {
        const change = {
          paymentRequest: {
            id: 'pr_1',
            expectedVersion: 0,
            patch: { status: 'paid' as const, amountRefunded: 0 },
          },
        };
        expect(await store.commit(change, at(1))).toBe('applied');
        expect(await store.commit(change, at(2))).toBe('conflict');
        expect(await store.paymentRequests.get('pr_1')).toMatchObject({
          status: 'paid',
          version: 1,
          updatedAt: at(1),
        });
      });

      it('mirrors disputes and Stripe objects only forward: an older event leaves them as they are', async () => {
        const dispute = (status: string, created: number) => ({
          id: 'dp_1',
          paymentRequestId: 'pr_1',
          chargeId: 'ch_1',
          status,
          reason: 'fraudulent',
          amount: 100,
          currency: 'eur',
          dueBy: null,
          updatedAt: at(created),
          event: { created, rank: 1, eventId: `evt_${created}` },
        });
        const record = (v: string, created: number) => ({
          objectId: 'issfr_1',
          objectType: 'radar.early_fraud_warning',
          paymentRequestId: 'pr_1',
          data: { v, email: 'ada@example.com' },
          event: { created, rank: 0, eventId: `evt_${created}` },
        });
        await store.commit({ dispute: dispute('under_review', 200), records: [record('new', 200)] }, at(1));
        await store.commit({ dispute: dispute('needs_response', 100), records: [record('old', 100)] }, at(2));
        expect((await store.mirror.dispute('dp_1'))?.status).toBe('under_review');
        expect((await store.mirror.disputesFor('pr_1')).map((d) => d.id)).toEqual(['dp_1']);
        expect(await store.mirror.dispute('dp_missing')).toBeNull();
        expect(await store.mirror.record('issfr_1')).toMatchObject({
          data: { v: 'new' },
          event: { created: 200 },
          updatedAt: at(1),
        });
        expect(await c.atRest('ada@example.com')).toBe(false);
      });
    });

    describe('refunds', () => {
      const refund = (id: string, status: RefundStatus, event: EventStamp, created = 0) => ({
        id,
        paymentRequestId: 'pr_1',
        merchantId: 'mer_1',
        amount: 2_500,
        currency: 'eur',
        reason: 'requested_by_customer',
        metadata: { ticket: 'T-1' },
        status,
        failureReason: status === 'failed' ? 'lost_or_stolen_card' : null,
        createdAt: at(created),
        updatedAt: at(created),
        event,
      });
      const stamp = (created: number, rank: number, eventId = `evt_${created}_${rank}`) => ({
        created,
        rank,
        eventId,
      });

      it('keeps a request’s amount received and its refunds with it, listed newest first', async () => {
        const change = {
          paymentRequest: {
            id: 'pr_1',
            expectedVersion: 0,
            patch: { status: 'partially_refunded' as const, amountReceived: 11_000, amountRefunded: 5_000 },
          },
          refunds: [refund('re_a', 'pending', UNSTAMPED, 1), refund('re_b', 'succeeded', UNSTAMPED, 2)],
        };
        expect(await store.commit(change, at(3))).toBe('applied');
        expect(await store.paymentRequests.get('pr_1')).toMatchObject({
          amountReceived: 11_000,
          amountRefunded: 5_000,
        });
        expect((await store.refunds.forRequest('pr_1')).map((r) => r.id)).toEqual(['re_b', 're_a']);
        expect(await store.refunds.get('re_a')).toEqual(refund('re_a', 'pending', UNSTAMPED, 1));
        expect(await store.refunds.forRequest('pr_2')).toEqual([]);
        expect(await store.refunds.get('re_missing')).toBeNull();
        // Written with a conflicting request: nothing of the change is.
        expect(
          await store.commit({ ...change, refunds: [refund('re_c', 'pending', UNSTAMPED)] }, at(4)),
        ).toBe('conflict');
        expect(await store.refunds.get('re_c')).toBeNull();
      });

      it('moves a refund only forward: an older event leaves it; the merchant’s reason and metadata stay', async () => {
        await store.commit({ refunds: [refund('re_a', 'pending', UNSTAMPED, 1)] }, at(1));
        const failed = { ...refund('re_a', 'failed', stamp(200, 3)), reason: null, metadata: {} };
        await store.commit({ refunds: [failed] }, at(2));
        await store.commit({ refunds: [refund('re_a', 'succeeded', stamp(100, 2))] }, at(3));
        await store.commit({ refunds: [refund('re_a', 'pending', UNSTAMPED)] }, at(4));
        expect(await store.refunds.get('re_a')).toMatchObject({
          status: 'failed',
          failureReason: 'lost_or_stolen_card',
          reason: 'requested_by_customer',
          metadata: { ticket: 'T-1' },
          createdAt: at(1),
          event: stamp(200, 3),
        });
        // The same second: a settled state outranks a waiting one, whichever comes last.
        await store.commit({ refunds: [refund('re_b', 'succeeded', stamp(300, 2))] }, at(5));
        await store.commit({ refunds: [refund('re_b', 'pending', stamp(300, 1))] }, at(6));
        expect((await store.refunds.get('re_b'))?.status).toBe('succeeded');
      });
    });

    describe('idempotency keys', () => {
      it('begins a key once, replays the finished answer, refuses another body, and frees a released key', async () => {
        expect(await store.idempotency.begin('mer_1', 'k1', 'fp', T0)).toEqual({ state: 'new' });
        expect(await store.idempotency.begin('mer_1', 'k1', 'fp', at(1))).toEqual({ state: 'in-progress' });
        expect(await store.idempotency.begin('mer_1', 'k1', 'other', at(1))).toEqual({ state: 'mismatch' });
        await store.idempotency.finish('mer_1', 'k1', 201, '{"id":"pr_1","customer":"Ada Lovelace"}');
        expect(await store.idempotency.begin('mer_1', 'k1', 'fp', at(2))).toEqual({
          state: 'replay',
          status: 201,
          body: '{"id":"pr_1","customer":"Ada Lovelace"}',
        });
        expect(await c.atRest('Ada Lovelace')).toBe(false);
        expect(await store.idempotency.begin('mer_2', 'k1', 'fp', at(2))).toEqual({ state: 'new' });
        await store.idempotency.release('mer_2', 'k1');
        expect(await store.idempotency.begin('mer_2', 'k1', 'other', at(3))).toEqual({ state: 'new' });
      });

      it('replays an answer to a request that follows it, even while its recording is still being written', async () => {
        // The HTTP layer sends the answer and records it without waiting (`http/idempotency.ts`).
        expect(await store.idempotency.begin('mer_1', 'k3', 'fp', T0)).toEqual({ state: 'new' });
        const recording = store.idempotency.finish('mer_1', 'k3', 201, '{"id":"pr_1"}');
        expect(await store.idempotency.begin('mer_1', 'k3', 'fp', at(1))).toEqual({
          state: 'replay',
          status: 201,
          body: '{"id":"pr_1"}',
        });
        await recording;
        expect(await store.idempotency.begin('mer_1', 'k4', 'fp', T0)).toEqual({ state: 'new' });
        const releasing = store.idempotency.release('mer_1', 'k4');
        expect(await store.idempotency.begin('mer_1', 'k4', 'other', at(1))).toEqual({ state: 'new' });
        await releasing;
      });

      it('takes over a key whose first request never finished, a minute on', async () => {
        expect(await store.idempotency.begin('mer_1', 'k2', 'fp', T0)).toEqual({ state: 'new' });
        expect(await store.idempotency.begin('mer_1', 'k2', 'fp', at(59))).toEqual({ state: 'in-progress' });
        expect(await store.idempotency.begin('mer_1', 'k2', 'fp', at(60))).toEqual({ state: 'new' });
      });
    });

    rateLimitsContract(() => store);
    exclusiveContract(() => store);

    describe('readiness', () => {
      it('checks that it can write without changing anything', async () => {
        await expect(store.checkWritable()).resolves.toBeUndefined();
        expect(await store.paymentRequests.get('pr_1')).toEqual(paymentRequest('pr_1', 'mer_1'));
        expect((await store.merchants.list()).map((m) => m.id)).toEqual(['mer_1']);
      });
    });

    describe('dead letters', () => {
      it('parks an event after its last attempt, lists it, requeues it, or discards it for good', async () => {
        for (const id of ['evt_x', 'evt_y'])
          await store.inbox.insert({ id, type: 't', payload: '{}', created: 1, receivedAt: T0 });
        await store.inbox.fail('evt_x', { error: 'bad', at: at(1), retryAt: null });
        await store.inbox.fail('evt_y', { error: 'worse', at: at(2), retryAt: null });
        expect((await store.inbox.deadLetters(10)).map((d) => [d.id, d.deadAt, d.lastError])).toEqual([
          ['evt_x', at(1), 'bad'],
          ['evt_y', at(2), 'worse'],
        ]);
        expect(await store.backlog()).toMatchObject({ inboxPending: 0, inboxDeadLetters: 2 });
        expect(await store.inbox.requeue({ id: 'evt_x' })).toEqual(['evt_x']);
        expect(await store.inbox.get('evt_x')).toMatchObject({
          attempts: 0,
          deadAt: null,
          lastError: 'bad',
        });
        expect(await store.inbox.discard('evt_y', at(3))).toBe(true);
        expect(await store.inbox.discard('evt_y', at(3))).toBe(false);
        expect(await store.inbox.get('evt_y')).toMatchObject({
          processedAt: at(3),
          lastError: 'discarded by an operator; worse',
        });
        expect(await store.inbox.requeue({ allDeadLetters: true })).toEqual([]);
        expect(await store.backlog()).toMatchObject({
          inboxPending: 1,
          inboxDeadLetters: 0,
          oldestInboxReceivedAt: T0,
        });
      });
    });

    describe('the webhook inbox and the notification outbox', () => {
      it('claims inbox events once until applied, failed or released; applying twice is a duplicate', async () => {
        for (const [id, created] of [
          ['evt_b', 2],
          ['evt_a', 1],
        ] as const) {
          expect(
            await store.inbox.insert({
              id,
              type: 't',
              payload: '{"email":"ada@example.com"}',
              created,
              receivedAt: T0,
            }),
          ).toBe(true);
        }
        expect(
          await store.inbox.insert({ id: 'evt_a', type: 't', payload: '{}', created: 1, receivedAt: T0 }),
        ).toBe(false);
        expect(await c.atRest('ada@example.com')).toBe(false);
        const claimed = await store.inbox.claim(10, 60_000, T0);
        expect(claimed.map((e) => [e.id, e.payload])).toEqual([
          ['evt_a', '{"email":"ada@example.com"}'],
          ['evt_b', '{"email":"ada@example.com"}'],
        ]);
        expect(await store.inbox.claim(10, 60_000, at(1))).toEqual([]);
        expect(await store.commit({ inboxEventId: 'evt_a' }, at(1))).toBe('applied');
        expect(await store.commit({ inboxEventId: 'evt_a' }, at(1))).toBe('duplicate');
        await store.inbox.release('evt_b');
        expect((await store.inbox.claim(10, 60_000, at(2))).map((e) => e.id)).toEqual(['evt_b']);
        await store.inbox.fail('evt_b', { error: 'boom', at: at(3), retryAt: at(30) });
        expect(await store.inbox.claim(10, 60_000, at(29))).toEqual([]);
        expect((await store.inbox.claim(10, 60_000, at(30))).map((e) => [e.id, e.attempts])).toEqual([
          ['evt_b', 1],
        ]);
        expect(await store.inbox.claim(10, 60_000, at(89))).toEqual([]);
        expect((await store.inbox.claim(10, 60_000, at(90))).map((e) => e.id)).toEqual(['evt_b']);
      });

      it('claims due notifications oldest first until their delivery is recorded', async () => {
        const notice = (id: string, createdAt: string) => ({
          id,
          merchantId: 'mer_1',
          paymentRequestId: null,
          type: 't',
          body: '{}',
          createdAt,
        });
        await store.commit({ notifications: [notice('evt_2', at(2)), notice('evt_1', at(1))] }, T0);
        expect((await store.outbox.claim(10, 60_000, at(5))).map((n) => n.id)).toEqual(['evt_1', 'evt_2']);
        expect(await store.outbox.claim(10, 60_000, at(6))).toEqual([]);
        await store.outbox.recordDelivery(
          { notificationId: 'evt_1', attemptedAt: at(7), statusCode: 200, error: null, durationMs: 3 },
          { status: 'delivered', nextAttemptAt: null },
        );
        await store.outbox.recordDelivery(
          { notificationId: 'evt_2', attemptedAt: at(7), statusCode: 500, error: 'HTTP 500', durationMs: 3 },
          { status: 'pending', nextAttemptAt: at(20) },
        );
        expect(await store.outbox.claim(10, 60_000, at(19))).toEqual([]);
        expect((await store.outbox.claim(10, 60_000, at(20))).map((n) => [n.id, n.attempts])).toEqual([
          ['evt_2', 1],
        ]);
        expect((await store.outbox.attempts(['evt_1', 'evt_2'])).map((a) => a.statusCode)).toEqual([
          200, 500,
        ]);
        const page = await store.outbox.list('mer_1', { limit: 1 });
        expect([page.data.map((n) => n.id), page.hasMore]).toEqual([['evt_2'], true]);
        const rest = await store.outbox.list('mer_1', { limit: 5, startingAfter: 'evt_2' });
        expect(rest.data.map((n) => n.id)).toEqual(['evt_1']);
        expect((await store.backlog()).outboxPending).toBe(1);
      });
    });
  });
}
