import type { Shipment } from '../../disputes/schema.ts';
import type { NewDisputeCase } from '../ports/disputes.ts';
import type { NewMerchant, PaymentRequest } from '../types.ts';

/** Fixed times, so every adapter sees the same order. */
export const T0 = '2026-11-25T10:00:00.000Z';
export const at = (seconds: number): string => new Date(Date.parse(T0) + seconds * 1000).toISOString();

export function merchant(id: string): NewMerchant {
  return {
    id,
    name: `Freight ${id}`,
    keyPrefix: `sk_test_${id}`,
    keyHash: `hash-${id}`,
    signingSecret: `whsec_${id}_secret`,
    allowedOrigins: ['https://shop.example'],
    webhookUrl: null,
    vatUnavailableAllowsPayment: true,
    livemode: false,
    createdAt: T0,
    updatedAt: T0,
  };
}

export function paymentRequest(id: string, merchantId: string, createdAt = T0): PaymentRequest {
  return {
    id,
    merchantId,
    status: 'open',
    amount: 12_500,
    currency: 'eur',
    reference: `REF-${id}`,
    description: 'Pallet to Lyon',
    customer: { email: 'ada@example.com', name: 'Ada Lovelace' },
    carrier: null,
    expiresAt: null,
    metadata: {},
    paymentIntentId: null,
    lastError: null,
    amountRefunded: 0,
    amountReceived: 0,
    vatCheck: null,
    captureMethod: 'automatic',
    amountCapturable: 0,
    captureBefore: null,
    extendedAuthorization: null,
    incrementalAuthorization: null,
    maxFinalAmount: null,
    captureWarnedAt: null,
    receiptEmail: false,
    livemode: false,
    createdAt,
    updatedAt: createdAt,
    version: 0,
    lastIntentEvent: { created: 0, rank: 0, eventId: '' },
  };
}

export function disputeCase(id: string, merchantId: string, prId: string, openedAt = T0): NewDisputeCase {
  return {
    id,
    merchantId,
    paymentRequestId: prId,
    chargeId: `ch_${id}`,
    reason: 'product_not_received',
    status: 'needs_response',
    inquiry: false,
    amount: 12_500,
    currency: 'eur',
    dueBy: at(86_400 * 7),
    cardBrand: 'visa',
    openedAt,
    response: 'pending',
    lastEvent: { created: 100, rank: 1, eventId: `evt_${id}_created` },
  };
}

export const shipment = {
  carrier: 'DHL Freight',
  tracking_number: '00340434161094042557',
  shipped_at: T0,
  delivered_at: at(3600),
  recipient_name: 'Grace Hopper',
} as unknown as Shipment;
