/**
 * The sandbox's API keys. They are fixed so that the server, the widget, tests and the docs' live demo can
 * talk to any running sandbox without configuration. They only ever work against the sandbox: the `sb`
 * marker in the middle makes them obviously not Stripe keys, and Stripe would reject them.
 */

/** Secret key accepted by the sandbox's `/v1` API (full access). */
export const SANDBOX_SECRET_KEY = 'sk_test_sandbox_cargopay_0000000000000000000000000000';

/** Publishable key accepted by the sandbox for the calls Stripe allows with a publishable key. */
export const SANDBOX_PUBLISHABLE_KEY = 'pk_test_sandbox_cargopay_0000000000000000000000000000';
