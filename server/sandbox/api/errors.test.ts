import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { SANDBOX_PUBLISHABLE_KEY, SANDBOX_SECRET_KEY } from '../keys.ts';
import type { Sandbox } from '../sandbox.ts';
import { useTestSandbox } from '../test-sandbox-hooks.ts';
import { startTestSandbox } from '../testing.ts';

let sandbox: Sandbox;
let stripe: Stripe;

useTestSandbox((started) => ({ sandbox, stripe } = started));

/** The fields these tests read from a raw JSON answer (an object or a Stripe error). */
interface Answer {
  id: string;
  status: string;
  client_secret?: string;
  card: { last4: string };
  metadata?: unknown;
  customer?: unknown;
  error: {
    type: string;
    message: string;
    code?: string;
    param?: string;
    decline_code?: string;
    payment_intent: { status: string; metadata?: unknown };
  };
}

/** A raw form POST, as a browser or curl would send it. */
async function post(
  path: string,
  form: string,
  key: string | null = SANDBOX_SECRET_KEY,
  headers: Record<string, string> = {},
) {
  const response = await fetch(`${sandbox.url}${path}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(key ? { authorization: `Bearer ${key}` } : {}),
      ...headers,
    },
    body: form,
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer,
  };
}

async function get(path: string, key: string | null = SANDBOX_SECRET_KEY) {
  const response = await fetch(`${sandbox.url}${path}`, {
    headers: key ? { authorization: `Bearer ${key}` } : {},
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Answer,
  };
}

describe('bad input gets Stripe-shaped 4xx errors, never a 500', () => {
  const cases: [string, string, { status: number; code?: string; param?: string }][] = [
    ['missing amount', 'currency=eur', { status: 400, code: 'parameter_missing', param: 'amount' }],
    [
      'non-integer amount',
      'amount=12.5&currency=eur',
      { status: 400, code: 'parameter_invalid_integer', param: 'amount' },
    ],
    [
      'text amount',
      'amount=ten&currency=eur',
      { status: 400, code: 'parameter_invalid_integer', param: 'amount' },
    ],
    [
      'amount under the minimum',
      'amount=10&currency=eur',
      { status: 400, code: 'amount_too_small', param: 'amount' },
    ],
    ['missing currency', 'amount=1000', { status: 400, code: 'parameter_missing', param: 'currency' }],
    ['unknown currency', 'amount=1000&currency=xyz', { status: 400, param: 'currency' }],
    [
      'unknown parameter',
      'amount=1000&currency=eur&colour=red',
      { status: 400, code: 'parameter_unknown', param: 'colour' },
    ],
    [
      'bad capture_method',
      'amount=1000&currency=eur&capture_method=later',
      { status: 400, param: 'capture_method' },
    ],
    ['bad boolean', 'amount=1000&currency=eur&confirm=maybe', { status: 400, param: 'confirm' }],
    ['metadata as a string', 'amount=1000&currency=eur&metadata=x', { status: 400, param: 'metadata' }],
    [
      'unknown customer',
      'amount=1000&currency=eur&customer=cus_nope',
      { status: 400, code: 'resource_missing', param: 'customer' },
    ],
    [
      'unknown destination',
      'amount=1000&currency=eur&transfer_data[destination]=acct_nope',
      { status: 400, code: 'resource_missing', param: 'transfer_data[destination]' },
    ],
    [
      'fee without a destination',
      'amount=1000&currency=eur&application_fee_amount=100',
      { status: 400, param: 'application_fee_amount' },
    ],
    ['unbalanced brackets', 'amount=1000&currency=eur&metadata[a=1', { status: 400 }],
    ['malformed body', '%%%', { status: 400 }],
  ];
  for (const [name, form, expected] of cases) {
    it(`${name} → ${expected.status} ${expected.code ?? 'invalid_request_error'}`, async () => {
      const { status, body } = await post('/v1/payment_intents', form);
      expect(status).toBe(expected.status);
      expect(body.error.type).toBe('invalid_request_error');
      expect(typeof body.error.message).toBe('string');
      if (expected.code) expect(body.error.code).toBe(expected.code);
      if (expected.param) expect(body.error.param).toBe(expected.param);
    });
  }

  it('a body over the size limit is a Stripe-shaped 413, not a crash', async () => {
    const { status, body } = await post('/v1/payment_intents', `description=${'x'.repeat(13 * 1024 * 1024)}`);
    expect(status).toBe(413);
    expect(body.error.type).toBe('invalid_request_error');
  });

  it('unknown ids are 404 resource_missing for every retrievable object', async () => {
    const paths = [
      '/v1/payment_intents/pi_nope',
      '/v1/payment_methods/pm_nope',
      '/v1/charges/ch_nope',
      '/v1/refunds/re_nope',
      '/v1/disputes/dp_nope',
      '/v1/files/file_nope',
      '/v1/events/evt_nope',
      '/v1/customers/cus_nope',
      '/v1/accounts/acct_nope',
      '/v1/radar/early_fraud_warnings/issfr_nope',
    ];
    for (const path of paths) {
      const { status, body } = await get(path);
      expect(status, path).toBe(404);
      expect(body.error.code, path).toBe('resource_missing');
    }
  });

  it('an endpoint the sandbox does not implement is 404 "Unrecognized request URL"', async () => {
    const { status, body } = await get('/v1/subscriptions');
    expect(status).toBe(404);
    expect(body.error.message).toContain('Unrecognized request URL');
  });
});

describe('the SDK raises its own error classes', () => {
  it('StripeInvalidRequestError for bad input and unknown ids', async () => {
    await expect(stripe.paymentIntents.retrieve('pi_missing')).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
    await expect(stripe.paymentIntents.create({ amount: 1, currency: 'eur' })).rejects.toBeInstanceOf(
      Stripe.errors.StripeInvalidRequestError,
    );
  });

  it('StripeCardError for a decline', async () => {
    await expect(
      stripe.paymentIntents.create({
        amount: 1000,
        currency: 'eur',
        allowed_payment_method_types: ['card'],
        payment_method: 'pm_card_chargeDeclined',
        confirm: true,
      }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeCardError);
  });

  it('StripeAuthenticationError for a wrong key and for no key', async () => {
    const wrong = new Stripe('sk_test_wrong', { host: '127.0.0.1', port: sandbox.port, protocol: 'http' });
    const error = await wrong.paymentIntents.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Stripe.errors.StripeAuthenticationError);
    expect((error as Error).message).not.toContain('sk_test_wrong');
    const none = await get('/v1/payment_intents', null);
    expect(none.status).toBe(401);
    expect(none.body.error.message).toContain('You did not provide an API key');
  });

  it('StripeIdempotencyError when a key is reused with another body', async () => {
    const key = 'order-42';
    await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' }, { idempotencyKey: key });
    await expect(
      stripe.paymentIntents.create({ amount: 2000, currency: 'eur' }, { idempotencyKey: key }),
    ).rejects.toBeInstanceOf(Stripe.errors.StripeIdempotencyError);
  });
});

describe('Idempotency-Key', () => {
  it('the same key and body return the stored response without creating a second object', async () => {
    const first = await stripe.paymentIntents.create(
      { amount: 1000, currency: 'eur', metadata: { order: '7' } },
      { idempotencyKey: 'pr_7' },
    );
    const again = await stripe.paymentIntents.create(
      { amount: 1000, currency: 'eur', metadata: { order: '7' } },
      { idempotencyKey: 'pr_7' },
    );
    expect(again.id).toBe(first.id);
    expect(again.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect((await stripe.paymentIntents.list()).data).toHaveLength(1);
    expect(sandbox.events().filter((e) => e.type === 'payment_intent.created')).toHaveLength(1);
  });

  it('replays a stored card error too', async () => {
    const params = {
      amount: 1000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      payment_method: 'pm_card_chargeDeclined',
      confirm: true,
    };
    const a = await stripe.paymentIntents
      .create(params, { idempotencyKey: 'decline-1' })
      .catch((e: unknown) => e);
    const b = await stripe.paymentIntents
      .create(params, { idempotencyKey: 'decline-1' })
      .catch((e: unknown) => e);
    expect(a).toBeInstanceOf(Stripe.errors.StripeCardError);
    expect((b as Stripe.errors.StripeCardError).requestId).toBeDefined();
    expect((b as Stripe.errors.StripeCardError).charge).toBe((a as Stripe.errors.StripeCardError).charge);
  });

  it('a replayed create answers the saved first response (requires_payment_method), not the PaymentIntent as it is now', async () => {
    const params = { amount: 1000, currency: 'eur', allowed_payment_method_types: ['card'] };
    const first = await stripe.paymentIntents.create(params, { idempotencyKey: 'pr_8:intent' });
    await stripe.paymentIntents.confirm(first.id, { payment_method: 'pm_card_visa' });
    const replayed = await stripe.paymentIntents.create(params, { idempotencyKey: 'pr_8:intent' });
    expect(replayed.lastResponse.headers['idempotent-replayed']).toBe('true');
    expect(replayed.id).toBe(first.id);
    expect(replayed.status).toBe('requires_payment_method');
    expect(replayed.latest_charge).toBeNull();
    expect((await stripe.paymentIntents.retrieve(first.id)).status).toBe('succeeded');
  });

  it('a replayed error answers the first status and body, though the state that caused it has changed', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      capture_method: 'manual',
    });
    const early = await post(`/v1/payment_intents/${intent.id}/capture`, '', SANDBOX_SECRET_KEY, {
      'idempotency-key': 'capture-early',
    });
    expect(early.status).toBe(400);
    await stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_visa' });
    const again = await post(`/v1/payment_intents/${intent.id}/capture`, '', SANDBOX_SECRET_KEY, {
      'idempotency-key': 'capture-early',
    });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.status).toBe(400);
    expect(again.body).toEqual(early.body);
    expect((await stripe.paymentIntents.retrieve(intent.id)).status).toBe('requires_capture');
  });

  it('a request refused by parameter validation saves nothing: the same key then runs with corrected params', async () => {
    const wrong = {
      amount: 1000,
      currency: 'eur',
      allowed_payment_method_types: ['card'],
      shipping_speed: 'fast',
    } as Stripe.PaymentIntentCreateParams;
    const refused = await stripe.paymentIntents
      .create(wrong, { idempotencyKey: 'pr_9:intent' })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(Stripe.errors.StripeInvalidRequestError);
    expect((refused as Stripe.errors.StripeInvalidRequestError).code).toBe('parameter_unknown');
    const tooSmall = await stripe.paymentIntents
      .create({ amount: 10, currency: 'eur' }, { idempotencyKey: 'pr_9:intent' })
      .catch((e: unknown) => e);
    expect((tooSmall as Stripe.errors.StripeInvalidRequestError).code).toBe('amount_too_small');
    const corrected = await stripe.paymentIntents.create(
      { amount: 1000, currency: 'eur', allowed_payment_method_types: ['card'] },
      { idempotencyKey: 'pr_9:intent' },
    );
    expect(corrected.lastResponse.headers['idempotent-replayed']).toBeUndefined();
    expect(corrected.status).toBe('requires_payment_method');
    const replay = await stripe.paymentIntents.create(
      { amount: 1000, currency: 'eur', allowed_payment_method_types: ['card'] },
      { idempotencyKey: 'pr_9:intent' },
    );
    expect(replay.id).toBe(corrected.id);
  });

  it('a key used on another endpoint is an idempotency_error', async () => {
    await stripe.customers.create({ email: 'a@example.com' }, { idempotencyKey: 'shared' });
    const { status, body } = await post(
      '/v1/payment_intents',
      'amount=1000&currency=eur',
      SANDBOX_SECRET_KEY,
      {
        'idempotency-key': 'shared',
      },
    );
    expect(status).toBe(400);
    expect(body.error.type).toBe('idempotency_error');
  });
});

describe('the publishable key', () => {
  it('may create a PaymentMethod', async () => {
    const { status, body } = await post(
      '/v1/payment_methods',
      'type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034&card[cvc]=123',
      SANDBOX_PUBLISHABLE_KEY,
    );
    expect(status).toBe(200);
    expect(body.card.last4).toBe('4242');
  });

  it('may retrieve and confirm a PaymentIntent only with its client_secret, and sees a reduced object', async () => {
    const intent = await stripe.paymentIntents.create({
      amount: 1000,
      currency: 'eur',
      metadata: { secret_note: 'not for browsers' },
      customer: (await stripe.customers.create({})).id,
    });
    const secret = intent.client_secret as string;
    const withoutSecret = await get(`/v1/payment_intents/${intent.id}`, SANDBOX_PUBLISHABLE_KEY);
    expect(withoutSecret.status).toBe(403);
    const wrongSecret = await get(
      `/v1/payment_intents/${intent.id}?client_secret=${intent.id}_secret_wrong`,
      SANDBOX_PUBLISHABLE_KEY,
    );
    expect(wrongSecret.status).toBe(400);
    expect(wrongSecret.body.error.param).toBe('client_secret');
    const ok = await get(`/v1/payment_intents/${intent.id}?client_secret=${secret}`, SANDBOX_PUBLISHABLE_KEY);
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      id: intent.id,
      status: 'requires_payment_method',
      client_secret: secret,
    });
    expect(ok.body.metadata).toBeUndefined();
    expect(ok.body.customer).toBeUndefined();

    const pm = await post(
      '/v1/payment_methods',
      'type=card&card[number]=4000000000000002&card[exp_month]=12&card[exp_year]=2034&card[cvc]=123',
      SANDBOX_PUBLISHABLE_KEY,
    );
    const declined = await post(
      `/v1/payment_intents/${intent.id}/confirm`,
      `payment_method=${pm.body.id}&client_secret=${secret}`,
      SANDBOX_PUBLISHABLE_KEY,
    );
    expect(declined.status).toBe(402);
    expect(declined.body.error).toMatchObject({ type: 'card_error', decline_code: 'generic_decline' });
    expect(declined.body.error.payment_intent.status).toBe('requires_payment_method');
    expect(declined.body.error.payment_intent.metadata).toBeUndefined();

    const good = await post(
      '/v1/payment_methods',
      'type=card&card[number]=4242424242424242&card[exp_month]=12&card[exp_year]=2034',
      SANDBOX_PUBLISHABLE_KEY,
    );
    const confirmed = await post(
      `/v1/payment_intents/${intent.id}/confirm`,
      `payment_method=${good.body.id}&client_secret=${secret}`,
      SANDBOX_PUBLISHABLE_KEY,
    );
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('succeeded');
  });

  it('is refused everywhere else with 403 secret_key_required', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 1000, currency: 'eur' });
    const attempts = [
      await post('/v1/payment_intents', 'amount=1000&currency=eur', SANDBOX_PUBLISHABLE_KEY),
      await get('/v1/payment_intents', SANDBOX_PUBLISHABLE_KEY),
      await post(`/v1/payment_intents/${intent.id}`, 'amount=5000', SANDBOX_PUBLISHABLE_KEY),
      await post(`/v1/payment_intents/${intent.id}/cancel`, '', SANDBOX_PUBLISHABLE_KEY),
      await get('/v1/events', SANDBOX_PUBLISHABLE_KEY),
      await post('/v1/refunds', 'payment_intent=x', SANDBOX_PUBLISHABLE_KEY),
    ];
    for (const attempt of attempts) {
      expect(attempt.status).toBe(403);
      expect(attempt.body.error.code).toBe('secret_key_required');
    }
    const sdk = new Stripe(SANDBOX_PUBLISHABLE_KEY, {
      host: '127.0.0.1',
      port: sandbox.port,
      protocol: 'http',
    });
    await expect(sdk.paymentIntents.list()).rejects.toBeInstanceOf(Stripe.errors.StripePermissionError);
  });
});

describe('CORS for the stand-in Stripe.js on the merchant page', () => {
  it('answers the preflight for /v1 with the headers Stripe.js sends', async () => {
    const response = await fetch(`${sandbox.url}/v1/payment_methods`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://shop.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Content-Type/);
    expect(response.headers.get('access-control-allow-methods')).toMatch(/POST/);
  });

  it('puts Access-Control-Allow-Origin on API answers and no X-Frame-Options anywhere', async () => {
    const { headers } = await get('/v1/payment_intents/pi_missing', SANDBOX_PUBLISHABLE_KEY);
    expect(headers.get('access-control-allow-origin')).toBe('*');
    expect(headers.get('x-frame-options')).toBeNull();
    const control = await fetch(`${sandbox.url}/_sandbox/deliveries`);
    expect(control.headers.get('access-control-allow-origin')).toBe('*');
    expect(control.headers.get('x-frame-options')).toBeNull();
  });
});

describe('isolation', () => {
  it('two sandboxes in one process share no objects, events or idempotency keys', async () => {
    const other = await startTestSandbox();
    try {
      const otherStripe = other.stripeClient();
      const mine = await stripe.paymentIntents.create(
        { amount: 1000, currency: 'eur' },
        { idempotencyKey: 'same' },
      );
      const theirs = await otherStripe.paymentIntents.create(
        { amount: 2000, currency: 'eur' },
        { idempotencyKey: 'same' },
      );
      expect(theirs.id).not.toBe(mine.id);
      await expect(otherStripe.paymentIntents.retrieve(mine.id)).rejects.toMatchObject({
        code: 'resource_missing',
      });
      expect(other.events()).toHaveLength(1);
      expect(sandbox.events()).toHaveLength(1);
    } finally {
      await other.close();
    }
  });
});
