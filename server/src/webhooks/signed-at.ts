/**
 * When Stripe says it signed a delivery: the `t=` of `Stripe-Signature`, read exactly as the stripe SDK reads
 * it (comma-separated `key=value` items, the last `t` wins, `parseInt` base 10), because the signature the SDK
 * verified covers that number. `null` when there is none or it is not a number.
 */
export function signedAt(header: string): number | null {
  let timestamp: number | null = null;
  for (const item of header.split(',')) {
    const [key, value] = item.split('=');
    if (key === 't') timestamp = Number.parseInt(value ?? '', 10);
  }
  return timestamp !== null && Number.isFinite(timestamp) ? timestamp : null;
}

/**
 * Whether a signature's timestamp is usable: not more than `toleranceSeconds` in the future. The SDK's
 * `constructEvent` refuses only old timestamps; a delivery stamped hours ahead (a signer's clock far off, or a
 * leaked secret minting deliveries for later) would otherwise stay replayable until that time plus 300 s. Judged on the wall clock, as the SDK judges age.
 */
export function signedInTime(header: string, toleranceSeconds: number, nowMs = Date.now()): boolean {
  const t = signedAt(header);
  return t !== null && t - Math.floor(nowMs / 1000) <= toleranceSeconds;
}
