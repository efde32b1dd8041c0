import type Stripe from 'stripe';
import { noSuch } from './errors.ts';
import { expand } from './expand.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds } from './ids.ts';
import { allowOnly, applyMetadata, readEmail, readExpand, readString } from './params.ts';

/** `POST /v1/customers` (email, name, description, phone, metadata); emits `customer.created`. */
export function createCustomerRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  allowOnly(body, ['email', 'name', 'description', 'phone', 'metadata', 'preferred_locales', 'expand']);
  const customer: Stripe.Customer = {
    id: newId('cus'),
    object: 'customer',
    address: null,
    balance: 0,
    created: nowSeconds(),
    currency: null,
    default_source: null,
    delinquent: false,
    description: readString(body, 'description', { max: 350 }) || null,
    discount: null,
    email: readEmail(body, 'email') ?? null,
    invoice_prefix: newId('x').slice(2, 10).toUpperCase(),
    invoice_settings: {
      custom_fields: null,
      default_payment_method: null,
      footer: null,
      rendering_options: null,
    },
    livemode: false,
    metadata: applyMetadata(body),
    name: readString(body, 'name', { max: 256 }) || null,
    next_invoice_sequence: 1,
    phone: readString(body, 'phone', { max: 20 }) || null,
    preferred_locales: [],
    shipping: null,
    tax_exempt: 'none',
    test_clock: null,
  };
  state.customers.set(customer.id, customer);
  state.track(customer.id);
  state.emit('customer.created', customer, ctx.request);
  return expand(state, customer, readExpand(body));
}

/** `GET /v1/customers/:id`. */
export function retrieveCustomerRoute(ctx: ApiContext): unknown {
  const id = ctx.params.id as string;
  const customer = ctx.state.customers.get(id);
  if (!customer) throw noSuch('customer', id);
  return expand(ctx.state, customer, readExpand(ctx.query));
}
