import { Router } from 'express';
import { unrecognizedUrl } from './errors.ts';
import { api, type ApiHandler, type ApiOptions, type IdempotencyStore } from './http.ts';
import { createAccountLinkRoute, createAccountRoute, retrieveAccountRoute } from './accounts.ts';
import { listChargesRoute, retrieveChargeRoute } from './charges.ts';
import { createCustomerRoute, retrieveCustomerRoute } from './customers.ts';
import {
  closeDisputeRoute,
  listDisputesRoute,
  retrieveDisputeRoute,
  updateDisputeRoute,
} from './disputes.ts';
import { listEarlyFraudWarningsRoute, retrieveEarlyFraudWarningRoute } from './early-fraud-warnings.ts';
import { listEventsRoute, retrieveEventRoute } from './events.ts';
import { createFileRoute, fileContentsHandler, retrieveFileRoute } from './files.ts';
import { createPaymentIntentRoute } from './payment-intents/create.ts';
import { incrementAuthorizationRoute } from './payment-intents/authorization.ts';
import {
  cancelPaymentIntentRoute,
  capturePaymentIntentRoute,
  confirmPaymentIntentRoute,
  listPaymentIntentsRoute,
  retrievePaymentIntentRoute,
  updatePaymentIntentRoute,
} from './payment-intents/routes.ts';
import { createPaymentMethodRoute, retrievePaymentMethodRoute } from './payment-methods.ts';
import { createRefundRoute, listRefundsRoute, retrieveRefundRoute } from './refunds.ts';
import type { SandboxState } from './state.ts';
import { webhookEndpointRoutes } from './webhook-endpoints.ts';
import type { WebhookDispatcher } from '../webhooks/dispatcher.ts';

/** The `/v1` API: every endpoint the sandbox implements; anything else is Stripe's "Unrecognized request URL". */
export function createApiRouter(
  state: SandboxState,
  idempotency: IdempotencyStore,
  dispatcher: WebhookDispatcher,
): Router {
  const router = Router();
  const get = (path: string, handler: ApiHandler, options?: ApiOptions) =>
    router.get(path, api(state, idempotency, handler, options));
  const post = (path: string, handler: ApiHandler, options?: ApiOptions) =>
    router.post(path, api(state, idempotency, handler, options));

  post('/v1/payment_intents', createPaymentIntentRoute);
  get('/v1/payment_intents', listPaymentIntentsRoute);
  get('/v1/payment_intents/:id', retrievePaymentIntentRoute, { publishable: 'client_secret' });
  post('/v1/payment_intents/:id', updatePaymentIntentRoute);
  post('/v1/payment_intents/:id/confirm', confirmPaymentIntentRoute, { publishable: 'client_secret' });
  post('/v1/payment_intents/:id/capture', capturePaymentIntentRoute);
  post('/v1/payment_intents/:id/cancel', cancelPaymentIntentRoute);
  post('/v1/payment_intents/:id/increment_authorization', incrementAuthorizationRoute);

  post('/v1/payment_methods', createPaymentMethodRoute, { publishable: true });
  get('/v1/payment_methods/:id', retrievePaymentMethodRoute);

  get('/v1/charges', listChargesRoute);
  get('/v1/charges/:id', retrieveChargeRoute);

  post('/v1/refunds', createRefundRoute);
  get('/v1/refunds', listRefundsRoute);
  get('/v1/refunds/:id', retrieveRefundRoute);

  get('/v1/disputes', listDisputesRoute);
  get('/v1/disputes/:id', retrieveDisputeRoute);
  post('/v1/disputes/:id', updateDisputeRoute);
  post('/v1/disputes/:id/close', closeDisputeRoute);

  post('/v1/files', createFileRoute);
  get('/v1/files/:id', retrieveFileRoute);
  router.get('/v1/files/:id/contents', fileContentsHandler(state));

  get('/v1/events', listEventsRoute);
  get('/v1/events/:id', retrieveEventRoute);

  post('/v1/customers', createCustomerRoute);
  get('/v1/customers/:id', retrieveCustomerRoute);

  post('/v1/accounts', createAccountRoute);
  get('/v1/accounts/:id', retrieveAccountRoute);
  post('/v1/account_links', createAccountLinkRoute);

  get('/v1/radar/early_fraud_warnings', listEarlyFraudWarningsRoute);
  get('/v1/radar/early_fraud_warnings/:id', retrieveEarlyFraudWarningRoute);

  const endpoints = webhookEndpointRoutes(dispatcher);
  post('/v1/webhook_endpoints', endpoints.create);
  get('/v1/webhook_endpoints', endpoints.list);
  get('/v1/webhook_endpoints/:id', endpoints.retrieve);
  post('/v1/webhook_endpoints/:id', endpoints.update);

  router.all('/v1/{*rest}', (req, res) => {
    const error = unrecognizedUrl(req.method, req.path);
    res.status(error.status).json({ error: error.body });
  });
  return router;
}
