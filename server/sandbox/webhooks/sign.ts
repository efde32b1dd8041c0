import { createHmac } from 'node:crypto';

/**
 * The `Stripe-Signature` header for a payload, exactly as Stripe signs: `t=<unix seconds>,v1=<hex HMAC-SHA256
 * of "<t>.<payload>" keyed with the endpoint's whole signing secret (`whsec_…`)>`.
 */
export function signatureHeader(payload: string, secret: string, timestamp: number): string {
  const signature = createHmac('sha256', secret).update(`${timestamp}.${payload}`, 'utf8').digest('hex');
  return `t=${timestamp},v1=${signature}`;
}
