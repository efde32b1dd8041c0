import type { Dispute, StripeRecord } from '../types.ts';

/**
 * Stripe objects as the newest applied event described them (disputes, early fraud warnings, accounts). They
 * are written only through `Store.commit`, whose event-order guard keeps an older event from overwriting them.
 */
export interface StripeMirror {
  /** The disputes mirrored for a payment request. */
  disputesFor(paymentRequestId: string): Promise<Dispute[]>;
  dispute(id: string): Promise<Dispute | null>;
  /** A mirrored Stripe object as last written, with the stamp of the event that wrote it. */
  record(objectId: string): Promise<(StripeRecord & { updatedAt: string }) | null>;
}
