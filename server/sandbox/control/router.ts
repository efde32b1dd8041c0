import { Router, type Request, type Response } from 'express';
import type Stripe from 'stripe';
import { completeOnboarding, followAccountLink } from '../api/accounts.ts';
import { closeDispute, DISPUTE_REASONS, openDispute } from '../api/disputes.ts';
import { raiseEarlyFraudWarning } from '../api/early-fraud-warnings.ts';
import { invalidRequest, noSuch, StripeApiError } from '../api/errors.ts';
import { parseForm, type FormObject } from '../api/form.ts';
import { stripeRateLimits } from '../api/rate-limits.ts';
import type { IdempotencyStore } from '../api/http.ts';
import { newId } from '../api/ids.ts';
import { readBoolean, readEnum, readInteger, readString, readStringList } from '../api/params.ts';
import { finishAuthentication } from '../api/payment-intents/attempt.ts';
import { expireHold } from '../api/payment-intents/authorization.ts';
import { getIntent, viewFor } from '../api/payment-intents/shared.ts';
import { SMART_DISPUTES_STATUSES, type SandboxState } from '../api/state.ts';
import { WebhookEndpointConflict, type WebhookDispatcher } from '../webhooks/dispatcher.ts';
import { redirectChallengePage, REDIRECT_PAGE_CSP } from './redirect-page.ts';

/** Reads a control call's body: JSON or form-encoded, into the same string-valued shape the API uses. */
function readBody(req: Request): FormObject {
  const raw = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
  if (raw.trim() === '') return {};
  if ((req.get('content-type') ?? '').includes('json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw invalidRequest('The request body is not valid JSON.');
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw invalidRequest('The request body must be a JSON object.');
    }
    const out: FormObject = {};
    for (const [k, v] of Object.entries(parsed)) {
      if (Array.isArray(v)) out[k] = v.map(String);
      else if (v !== null && v !== undefined) out[k] = String(v);
    }
    return out;
  }
  return parseForm(raw);
}

type ControlHandler = (req: Request, body: FormObject) => unknown;

function control(handler: ControlHandler) {
  return async (req: Request, res: Response) => {
    try {
      res.json(await handler(req, readBody(req)));
    } catch (error) {
      if (error instanceof StripeApiError) {
        res.status(error.status).json({ error: error.body });
        return;
      }
      if (error instanceof WebhookEndpointConflict) {
        res.status(409).json({ error: { type: 'invalid_request_error', message: error.message } });
        return;
      }
      if (error instanceof Error && error.message.startsWith('Webhook endpoint')) {
        res.status(400).json({ error: { type: 'invalid_request_error', message: error.message } });
        return;
      }
      console.error('[sandbox] control error', error);
      res
        .status(500)
        .json({ error: { type: 'api_error', message: 'Unexpected error in the sandbox control API.' } });
    }
  };
}

function chargeOf(state: SandboxState, id: string): Stripe.Charge {
  const charge = state.charges.get(id);
  if (!charge) throw noSuch('charge', id, 'charge');
  return charge;
}

const controlRequest = () => ({ requestId: newId('req'), idempotencyKey: null });

/**
 * `/_sandbox/...`: the control API for tests and the demo (no API key; the sandbox listens on 127.0.0.1 by
 * default). See server/sandbox/README.md for each call.
 */
export function createControlRouter(
  state: SandboxState,
  dispatcher: WebhookDispatcher,
  idempotency: IdempotencyStore,
): Router {
  const router = Router();

  router.post(
    '/_sandbox/webhook_endpoints',
    control((_req, body) => {
      const url = readString(body, 'url', { required: true }) as string;
      const secret = readString(body, 'secret');
      const enabled = readStringList(body, 'enabled_events');
      const { secret: endpointSecret, ...endpoint } = dispatcher.add({
        url,
        ...(secret !== undefined ? { secret } : {}),
        ...(enabled ? { enabled_events: enabled } : {}),
      });
      // A caller that chose the secret is never shown it; one that did not is told the secret to verify with.
      return secret !== undefined ? endpoint : { ...endpoint, secret: endpointSecret };
    }),
  );
  router.get(
    '/_sandbox/webhook_endpoints',
    control(() => ({ object: 'list', data: dispatcher.list() })),
  );

  router.post(
    '/_sandbox/webhooks/behaviour',
    control((_req, body) => {
      const next: Parameters<WebhookDispatcher['setBehaviour']>[0] = {};
      const duplicate = readBoolean(body, 'duplicate');
      const shuffle = readBoolean(body, 'shuffle');
      const delay = readInteger(body, 'delay_ms', { min: 0 });
      if (duplicate !== undefined) next.duplicate = duplicate;
      if (shuffle !== undefined) next.shuffle = shuffle;
      if (delay !== undefined) next.delay_ms = delay;
      return dispatcher.setBehaviour(next);
    }),
  );
  router.get(
    '/_sandbox/webhooks/behaviour',
    control(() => dispatcher.getBehaviour()),
  );

  router.get(
    '/_sandbox/deliveries',
    control((req) => {
      const event = typeof req.query.event === 'string' ? req.query.event : undefined;
      const data = dispatcher.deliveries().filter((d) => !event || d.event === event);
      return { object: 'list', data };
    }),
  );

  router.post(
    '/_sandbox/payments/behaviour',
    control((_req, body) => {
      const ms = readInteger(body, 'processing_ms', { min: 0 });
      if (ms !== undefined) state.behaviour.processingMs = ms;
      return { processing_ms: state.behaviour.processingMs };
    }),
  );

  // Stripe's per-second API limits: `{ enabled, mode?: "test" | "live", global?, endpoint? }`.
  router.post(
    '/_sandbox/rate_limits',
    control((_req, body) => {
      const enabled = readBoolean(body, 'enabled');
      if (enabled === undefined) {
        throw invalidRequest('Missing required param: enabled (true or false).', { param: 'enabled' });
      }
      if (!enabled) {
        state.rateLimiter.disable();
      } else {
        const limits = stripeRateLimits(readEnum(body, 'mode', ['test', 'live'] as const) ?? 'test');
        limits.global = readInteger(body, 'global', { min: 1 }) ?? limits.global;
        limits.endpoint = readInteger(body, 'endpoint', { min: 1 }) ?? limits.endpoint;
        state.rateLimiter.enable(limits);
      }
      return state.rateLimiter.status();
    }),
  );
  router.get(
    '/_sandbox/rate_limits',
    control(() => state.rateLimiter.status()),
  );

  router.post(
    '/_sandbox/disputes/behaviour',
    control((_req, body) => {
      const smart = readEnum(body, 'smart_disputes', SMART_DISPUTES_STATUSES);
      if (smart !== undefined) state.behaviour.smartDisputes = smart;
      return { smart_disputes: state.behaviour.smartDisputes };
    }),
  );

  router.post(
    '/_sandbox/charges/:charge/dispute',
    control((req, body) => {
      const reason = readEnum(body, 'reason', DISPUTE_REASONS) ?? 'fraudulent';
      const inquiry = readBoolean(body, 'inquiry') ?? false;
      return openDispute(
        state,
        chargeOf(state, req.params.charge as string),
        reason,
        inquiry,
        controlRequest(),
      );
    }),
  );

  // A hold's deadline, for tests: `capture_before` moves it (a capture or increment after it is refused and the
  // hold lapses); `expire` lapses it now, as Stripe does when the deadline passes uncaptured.
  router.post(
    '/_sandbox/payment_intents/:id/authorization',
    control((req, body) => {
      const record = getIntent(state, req.params.id as string);
      const before = readInteger(body, 'capture_before', { required: true, min: 0 }) as number;
      const charge = state.charges.get(record.object.latest_charge as string);
      const card = charge?.payment_method_details?.card;
      if (record.object.status !== 'requires_capture' || !charge || !card) {
        throw invalidRequest('Only a PaymentIntent in requires_capture has an authorization to move.', {
          param: 'capture_before',
        });
      }
      const previous = { payment_method_details: { card: { capture_before: card.capture_before } } };
      card.capture_before = before;
      // Stripe never moves a deadline; a test that does so stands for time passing, and a server only learns
      // of it this way (it reads the deadline from the charge's events).
      state.emit('charge.updated', charge, controlRequest(), previous);
      return { capture_before: before };
    }),
  );
  router.post(
    '/_sandbox/payment_intents/:id/authorization/expire',
    control((req) => {
      const record = getIntent(state, req.params.id as string);
      expireHold(state, record, controlRequest());
      return record.object;
    }),
  );

  router.post(
    '/_sandbox/disputes/:id/close',
    control((req, body) => {
      const status = readEnum(body, 'status', ['won', 'lost'] as const);
      if (!status) throw invalidRequest('Missing required param: status (won or lost).', { param: 'status' });
      return closeDispute(state, req.params.id as string, status, controlRequest());
    }),
  );

  router.post(
    '/_sandbox/charges/:charge/early_fraud_warning',
    control((req, body) => {
      const fraudType = readString(body, 'fraud_type') || 'made_with_stolen_card';
      return raiseEarlyFraudWarning(
        state,
        chargeOf(state, req.params.charge as string),
        fraudType,
        controlRequest(),
      );
    }),
  );

  // 3D Secure: the challenge page's buttons (JSON answer) or the redirect page's forms (back to return_url).
  for (const outcome of ['complete', 'fail'] as const) {
    router.post(`/_sandbox/3ds/:payment_intent/${outcome}`, async (req, res) => {
      let body: FormObject;
      try {
        body = readBody(req);
      } catch {
        body = {};
      }
      if (body.redirect !== 'true') {
        await control((r) =>
          viewFor('publishable', finishAuthentication(state, r.params.payment_intent as string, outcome)),
        )(req, res);
        return;
      }
      const id = req.params.payment_intent as string;
      const record = state.paymentIntents.get(id);
      if (!record?.returnUrl) {
        res
          .status(400)
          .type('text/plain')
          .send('This PaymentIntent has no redirect-based challenge waiting.');
        return;
      }
      try {
        finishAuthentication(state, id, outcome);
      } catch (error) {
        if (!(error instanceof StripeApiError)) throw error;
      }
      const target = new URL(record.returnUrl);
      target.searchParams.set('payment_intent', id);
      target.searchParams.set('payment_intent_client_secret', record.object.client_secret ?? '');
      target.searchParams.set(
        'redirect_status',
        record.object.status === 'succeeded' ? 'succeeded' : 'failed',
      );
      res.redirect(303, target.href);
    });
  }
  router.get('/_sandbox/3ds/:payment_intent/redirect', (req, res) => {
    const id = req.params.payment_intent;
    if (!state.paymentIntents.has(id)) {
      res.status(404).type('text/plain').send('No such PaymentIntent in this sandbox.');
      return;
    }
    res.setHeader('Content-Security-Policy', REDIRECT_PAGE_CSP);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(redirectChallengePage(id));
  });

  router.post(
    '/_sandbox/accounts/:id/onboard',
    control((req) => completeOnboarding(state, req.params.id as string, controlRequest())),
  );
  router.get('/_sandbox/connect/onboarding/:token', (req, res) => {
    const target = followAccountLink(state, req.params.token);
    if (target === null) {
      res.status(404).type('text/plain').send('This account link does not exist in this sandbox.');
      return;
    }
    res.redirect(302, target);
  });

  router.post(
    '/_sandbox/reset',
    control(() => {
      state.reset();
      dispatcher.reset();
      idempotency.clear();
      return { reset: true };
    }),
  );

  return router;
}
