import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType, startTestServer, type TestServer } from '../../test/harness.ts';
import { signedAt, signedInTime } from './signed-at.ts';
import { eventJson, metricValue, postSigned } from './test-helpers.ts';

let t: TestServer;

beforeAll(async () => {
  t = await startTestServer({ registerWebhook: false });
});
afterAll(() => t.close());

const inboxRows = async () => Number((await t.rows('SELECT COUNT(*) AS n FROM webhook_inbox'))[0]?.n);

/** Correctly signed envelopes with one field wrong: what, the field the answer must name, the fields sent. */
const WRONG_FIELDS: [string, string, Record<string, unknown>][] = [
  ['a created of 1.5', 'created', { created: 1.5 }],
  ['a created in a string', 'created', { created: '1700000000' }],
  ['data: null', 'data', { data: null }],
  ['data.object a string', 'data.object', { data: { object: 'pi_1' } }],
  ['data.object an array', 'data.object', { data: { object: [] } }],
  ['data.object null', 'data.object', { data: { object: null } }],
  ['livemode "false" (a string)', 'livemode', { livemode: 'false' }],
  ['no livemode', 'livemode', { livemode: undefined }],
  ['an id not of Stripe’s form', 'id', { id: 'evt_../../x' }],
  ['a type not in Stripe’s syntax', 'type', { type: 'Payment Intent Succeeded' }],
  ['a type that is a number', 'type', { type: 7 }],
  [
    'a payment_intent event carrying a charge',
    'data.object.object',
    { type: 'payment_intent.succeeded', data: { object: { id: 'ch_1', object: 'charge' } } },
  ],
  [
    'a refund event carrying a charge',
    'data.object.object',
    { type: 'refund.failed', data: { object: { id: 'ch_1', object: 'charge' } } },
  ],
  [
    'a charge.refund.updated whose refund has no id',
    'data.object.id',
    { type: 'charge.refund.updated', data: { object: { object: 'refund' } } },
  ],
  [
    'a dispute event whose dispute id is a number',
    'data.object.id',
    { type: 'charge.dispute.created', data: { object: { id: 0, object: 'dispute' } } },
  ],
];

describe('a correctly signed event is checked before anything is stored', () => {
  it('refuses an id that is a number (0, -0, 9007199254740993) with 400 naming `id`, stores nothing, and counts it', async () => {
    const before = {
      rows: await inboxRows(),
      invalid: await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'invalid' }),
      field: await metricValue(t, 'cargopay_webhook_invalid_fields_total', { field: 'id' }),
    };
    for (const id of ['0', '-0', '9007199254740993']) {
      // Written into the JSON text as it arrives: JSON.stringify would respell -0 and 2^53 + 1.
      const payload = eventJson({ id: '__ID__' }).replace('"__ID__"', id);
      expect(payload).toContain(`"id":${id},`);
      const res = await postSigned(t, payload);
      expect(res.status, id).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(res.json.type).toBe(problemType('webhook-event-invalid'));
      expect(res.json.errors).toEqual([{ path: 'id', message: expect.any(String) }]);
    }
    expect(await inboxRows()).toBe(before.rows);
    expect(await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'invalid' })).toBe(
      (before.invalid ?? 0) + 3,
    );
    expect(await metricValue(t, 'cargopay_webhook_invalid_fields_total', { field: 'id' })).toBe(
      (before.field ?? 0) + 3,
    );
  });

  it.each(WRONG_FIELDS)(
    'refuses %s with 400 naming `%s`, and stores nothing',
    async (_what, field, fields) => {
      const before = await inboxRows();
      const res = await postSigned(t, eventJson(fields));
      expect(res.status, res.text).toBe(400);
      expect(res.json.type).toBe(problemType('webhook-event-invalid'));
      expect((res.json.errors as { path: string }[]).map((e) => e.path)).toEqual([field]);
      expect(await inboxRows()).toBe(before);
    },
  );

  it('acknowledges a well-formed event type CargoPay does not act on, and marks it applied with nothing to do', async () => {
    // Refused, Stripe would retry it for three days and then disable the endpoint (with the events we need).
    for (const [type, object] of [
      ['v1.billing.meter.error_report_triggered', { object: 'billing.meter_error_report' }],
      // A charge.* type that carries a refund, not a charge: not one CargoPay reads, so not held to a charge.
      ['charge.refund.updated', { id: 're_1', object: 'refund' }],
    ] as const) {
      const payload = eventJson({ type, data: { object } });
      const res = await postSigned(t, payload);
      expect(res.status, type).toBe(200);
      expect(res.json).toEqual({ received: true, duplicate: false });
      await t.app.webhooks.drain();
      const id = (JSON.parse(payload) as { id: string }).id;
      expect(await t.store.inbox.get(id), type).toMatchObject({
        processedAt: expect.any(String),
        lastError: null,
      });
    }
  });

  it('counts a correctly signed body that is not JSON as invalid, not as a signature failure', async () => {
    const rejected = await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'rejected' });
    const invalid = await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'invalid' });
    const res = await postSigned(t, '{"id": "evt_1", ');
    expect(res.status).toBe(400);
    expect(res.json.type).toBe(problemType('malformed-json'));
    expect(await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'rejected' })).toBe(rejected);
    expect(await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'invalid' })).toBe(
      (invalid ?? 0) + 1,
    );
  });
});

describe('signature timestamps', () => {
  it('refuses a signature timestamped more than 300 s in the future, and accepts one within the tolerance', async () => {
    const payload = eventJson();
    const now = Math.floor(Date.now() / 1000);
    const rejected = await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'rejected' });
    for (const ahead of [301, 3_600, 86_400 * 365]) {
      const res = await postSigned(t, payload, { timestamp: now + ahead });
      expect(res.status, `${ahead} s ahead`).toBe(400);
      expect(res.json.type).toBe(problemType('webhook-signature-invalid'));
    }
    expect(await metricValue(t, 'cargopay_webhook_events_total', { outcome: 'rejected' })).toBe(
      (rejected ?? 0) + 3,
    );
    expect(await t.store.inbox.get((JSON.parse(payload) as { id: string }).id)).toBeNull();
    const within = await postSigned(t, payload, { timestamp: now + 240 });
    expect(within.status).toBe(200);
  });

  it('reads the signed time as the stripe SDK does: the last `t=` wins, and none or a non-number is refused', () => {
    expect(signedAt('t=100,v1=ab')).toBe(100);
    expect(signedAt('t=100,v1=ab,t=200')).toBe(200);
    expect(signedAt('v1=ab')).toBeNull();
    expect(signedAt('t=abc,v1=ab')).toBeNull();
    const nowMs = 1_000_000_000;
    expect(signedInTime('t=1000300,v1=ab', 300, nowMs)).toBe(true);
    expect(signedInTime('t=1000301,v1=ab', 300, nowMs)).toBe(false);
    expect(signedInTime('t=abc,v1=ab', 300, nowMs)).toBe(false);
  });
});
