import type { Sealer } from '../crypto.ts';
import type { CaptureSettings, Merchant, MerchantPatch, NewMerchant } from '../types.ts';
import { flag, json, num, str, strOrNull, type ColumnValue, type Row } from './cells.ts';
import { sealContext } from './sealing.ts';

/** A `merchants` row as the merchant (its key hash and signing secret stay behind). */
export const merchantOf = (row: Row): Merchant => ({
  id: str(row.id),
  name: str(row.name),
  keyPrefix: str(row.key_prefix),
  allowedOrigins: json<string[]>(row.allowed_origins),
  webhookUrl: strOrNull(row.webhook_url),
  vatUnavailableAllowsPayment: flag(row.vat_unavailable_allows_payment),
  livemode: flag(row.livemode),
  createdAt: str(row.created_at),
  updatedAt: str(row.updated_at),
});

/** The columns a merchant is inserted with, in the order of `merchantValues`. */
export const MERCHANT_COLUMNS = `id, name, key_hash, key_prefix, allowed_origins, webhook_url, signing_secret_sealed,
  vat_unavailable_allows_payment, livemode, created_at, updated_at`;

/** A new merchant's values for `MERCHANT_COLUMNS`, its signing secret sealed. */
export const merchantValues = (m: NewMerchant, sealer: Sealer): ColumnValue[] => [
  m.id,
  m.name,
  m.keyHash,
  m.keyPrefix,
  JSON.stringify(m.allowedOrigins),
  m.webhookUrl,
  sealSigningSecret(sealer, m.id, m.signingSecret),
  m.vatUnavailableAllowsPayment,
  m.livemode,
  m.createdAt,
  m.updatedAt,
];

/** The columns a patch sets, with their values, `updated_at` last. */
export function merchantPatchColumns(
  id: string,
  patch: MerchantPatch,
  sealer: Sealer,
  now: string,
): [column: string, value: ColumnValue][] {
  const sets: [string, ColumnValue][] = [];
  if (patch.name !== undefined) sets.push(['name', patch.name]);
  if (patch.allowedOrigins !== undefined)
    sets.push(['allowed_origins', JSON.stringify(patch.allowedOrigins)]);
  if (patch.webhookUrl !== undefined) sets.push(['webhook_url', patch.webhookUrl]);
  if (patch.vatUnavailableAllowsPayment !== undefined)
    sets.push(['vat_unavailable_allows_payment', patch.vatUnavailableAllowsPayment]);
  if (patch.keyHash !== undefined) sets.push(['key_hash', patch.keyHash]);
  if (patch.keyPrefix !== undefined) sets.push(['key_prefix', patch.keyPrefix]);
  if (patch.signingSecret !== undefined)
    sets.push(['signing_secret_sealed', sealSigningSecret(sealer, id, patch.signingSecret)]);
  sets.push(['updated_at', now]);
  return sets;
}

const sealSigningSecret = (sealer: Sealer, merchantId: string, secret: string): string =>
  sealer.seal(secret, sealContext.merchantSigningSecret(merchantId));

/** The signing secret of a merchant's `signing_secret_sealed`. */
export const openSigningSecret = (sealer: Sealer, merchantId: string, sealed: string): string =>
  sealer.open(sealed, sealContext.merchantSigningSecret(merchantId));

/** A `capture_settings` row as the settings. */
export const captureSettingsOf = (row: Row): CaptureSettings => ({
  atDeadline: str(row.at_deadline) as CaptureSettings['atDeadline'],
  warnHoursBefore: num(row.warn_hours_before),
});
