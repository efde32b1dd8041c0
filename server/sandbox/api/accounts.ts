import type Stripe from 'stripe';
import { invalidRequest, noSuch } from './errors.ts';
import { expand } from './expand.ts';
import type { ApiContext } from './http.ts';
import { newId, nowSeconds, randomToken } from './ids.ts';
import {
  allowOnly,
  allowOnlyIn,
  applyMetadata,
  readEmail,
  readEnum,
  readExpand,
  readObject,
  readString,
} from './params.ts';
import type { RequestContext, SandboxState } from './state.ts';

const ONBOARDING_REQUIREMENTS = [
  'business_profile.url',
  'external_account',
  'tos_acceptance.date',
  'tos_acceptance.ip',
];

function requirements(due: string[]): Stripe.Account.Requirements {
  return {
    alternatives: [],
    current_deadline: null,
    currently_due: due,
    disabled_reason: due.length ? 'requirements.past_due' : null,
    errors: [],
    eventually_due: due,
    past_due: due,
    pending_verification: [],
  };
}

/**
 * `POST /v1/accounts`: a connected account (Connect) for destination charges. It starts with onboarding due
 * (`charges_enabled: false`); following its Account Link completes onboarding and emits `account.updated`.
 */
export function createAccountRoute(ctx: ApiContext): unknown {
  const { state, body } = ctx;
  allowOnly(body, [
    'type',
    'country',
    'email',
    'business_type',
    'capabilities',
    'metadata',
    'business_profile',
    'controller',
    'default_currency',
    'expand',
  ]);
  const type = readEnum(body, 'type', ['standard', 'express', 'custom'] as const) ?? 'standard';
  const country = (readString(body, 'country', { max: 2 }) || 'US').toUpperCase();
  if (!/^[A-Z]{2}$/.test(country)) throw invalidRequest(`Invalid country: ${country}`, { param: 'country' });
  const capabilities: Record<string, 'inactive' | 'pending'> = {};
  const requested = readObject(body, 'capabilities');
  for (const [name, value] of Object.entries(requested ?? {})) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw invalidRequest('Invalid object', { param: `capabilities[${name}]` });
    }
    allowOnlyIn(value, `capabilities[${name}]`, ['requested']);
    if (value.requested === 'true') capabilities[name] = 'inactive';
  }
  const profile = readObject(body, 'business_profile');
  if (profile)
    allowOnlyIn(profile, 'business_profile', ['name', 'url', 'mcc', 'product_description', 'support_email']);
  const account: Stripe.Account = {
    id: newId('acct').slice(0, 21),
    object: 'account',
    business_profile: profile
      ? {
          mcc: readString(profile, 'mcc', { param: 'business_profile[mcc]' }) ?? null,
          name: readString(profile, 'name', { param: 'business_profile[name]' }) ?? null,
          url: readString(profile, 'url', { param: 'business_profile[url]' }) ?? null,
          product_description:
            readString(profile, 'product_description', { param: 'business_profile[product_description]' }) ??
            null,
          support_email:
            readString(profile, 'support_email', { param: 'business_profile[support_email]' }) ?? null,
          minority_owned_business_designation: null,
          specified_commercial_transactions_act_url: null,
          support_address: null,
          support_phone: null,
          support_url: null,
        }
      : null,
    business_type:
      readEnum(body, 'business_type', [
        'company',
        'government_entity',
        'individual',
        'non_profit',
      ] as const) ?? null,
    capabilities: capabilities as Stripe.Account.Capabilities,
    charges_enabled: false,
    country,
    created: nowSeconds(),
    default_currency: (
      readString(body, 'default_currency') || (country === 'US' ? 'usd' : 'eur')
    ).toLowerCase(),
    details_submitted: false,
    email: readEmail(body, 'email') ?? null,
    metadata: applyMetadata(body),
    payouts_enabled: false,
    requirements: requirements(ONBOARDING_REQUIREMENTS),
    type,
  };
  state.accounts.set(account.id, account);
  state.track(account.id);
  return expand(state, account, readExpand(body));
}

/** `GET /v1/accounts/:id`. */
export function retrieveAccountRoute(ctx: ApiContext): unknown {
  const id = ctx.params.id as string;
  const account = ctx.state.accounts.get(id);
  if (!account) throw noSuch('account', id, 'account');
  return expand(ctx.state, account, readExpand(ctx.query));
}

/** `POST /v1/account_links`: a one-time onboarding URL on the sandbox, valid for 5 minutes. */
export function createAccountLinkRoute(ctx: ApiContext): Stripe.AccountLink {
  const { state, body } = ctx;
  allowOnly(body, [
    'account',
    'refresh_url',
    'return_url',
    'type',
    'collect',
    'collection_options',
    'expand',
  ]);
  const accountId = readString(body, 'account', { required: true }) as string;
  if (!state.accounts.has(accountId)) {
    throw invalidRequest(`No such account: '${accountId}'`, { code: 'resource_missing', param: 'account' });
  }
  readEnum(body, 'type', ['account_onboarding', 'account_update'] as const);
  if (body.type === undefined)
    throw invalidRequest('Missing required param: type.', { code: 'parameter_missing', param: 'type' });
  const urls: Record<string, string> = {};
  for (const key of ['refresh_url', 'return_url'] as const) {
    const value = readString(body, key, { required: true }) as string;
    if (!/^https?:\/\/\S+$/.test(value))
      throw invalidRequest('Not a valid URL', { code: 'url_invalid', param: key });
    urls[key] = value;
  }
  const token = randomToken(32);
  const created = nowSeconds();
  state.accountLinks.set(token, {
    account: accountId,
    returnUrl: urls.return_url as string,
    refreshUrl: urls.refresh_url as string,
    expiresAt: created + 300,
    used: false,
  });
  return {
    object: 'account_link',
    created,
    expires_at: created + 300,
    url: `${state.baseUrl}/_sandbox/connect/onboarding/${token}`,
  };
}

/** Completes an account's onboarding: charges and payouts enabled, requirements met; emits `account.updated`. */
export function completeOnboarding(
  state: SandboxState,
  accountId: string,
  request: RequestContext | null,
): Stripe.Account {
  const account = state.accounts.get(accountId);
  if (!account) throw noSuch('account', accountId, 'account');
  if (account.charges_enabled && account.details_submitted) return account;
  const previous = {
    charges_enabled: account.charges_enabled,
    payouts_enabled: account.payouts_enabled,
    details_submitted: account.details_submitted,
    capabilities: structuredClone(account.capabilities),
    requirements: structuredClone(account.requirements),
  };
  account.charges_enabled = true;
  account.payouts_enabled = true;
  account.details_submitted = true;
  const capabilities: Record<string, string> = { ...(account.capabilities as Record<string, string>) };
  for (const name of Object.keys(capabilities)) capabilities[name] = 'active';
  if (Object.keys(capabilities).length === 0) {
    capabilities.card_payments = 'active';
    capabilities.transfers = 'active';
  }
  account.capabilities = capabilities as Stripe.Account.Capabilities;
  account.requirements = requirements([]);
  account.tos_acceptance = {
    date: nowSeconds(),
    ip: '127.0.0.1',
    user_agent: 'offline-sandbox',
  };
  state.emit('account.updated', account, request, previous);
  return account;
}

/** Follows an Account Link: completes onboarding and tells where to send the browser (return or refresh URL). */
export function followAccountLink(state: SandboxState, token: string): string | null {
  const link = state.accountLinks.get(token);
  if (!link) return null;
  if (link.used || link.expiresAt < nowSeconds()) return link.refreshUrl;
  link.used = true;
  completeOnboarding(state, link.account, null);
  return link.returnUrl;
}
