/** Turns the Payment Element options Stripe.js accepts into what the sandbox frame acts on. */
import type { StripePaymentElementOptions } from '@stripe/stripe-js';
import type { FrameElementOptions } from '../shared/protocol.ts';

function addressField(
  options: StripePaymentElementOptions | undefined,
  part: 'country' | 'postalCode',
): 'auto' | 'never' {
  const billing = options?.fields?.billingDetails;
  if (billing === 'never') return 'never';
  if (typeof billing !== 'object') return 'auto';
  const address = billing.address;
  if (address === 'never') return 'never';
  if (typeof address !== 'object') return 'auto';
  return address[part] === 'never' ? 'never' : 'auto';
}

/** The frame options for `create('payment', options)` or `element.update(options)`. */
export function frameOptions(options: StripePaymentElementOptions | undefined): FrameElementOptions {
  return {
    countryField: addressField(options, 'country'),
    postalCodeField: addressField(options, 'postalCode'),
    defaultCountry: options?.defaultValues?.billingDetails?.address?.country ?? null,
    readOnly: options?.readOnly === true,
  };
}
