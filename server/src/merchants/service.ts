import { z } from 'zod';
import type { Merchant, Store } from '../store/types.ts';
import { hashApiKey, keyPrefix, newApiKey, newMerchantId, newSigningSecret } from './keys.ts';

/** An allowed embedding origin: scheme, host and optional port; nothing else. */
export const originSchema = z.string().refine((value) => {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.origin === value;
  } catch {
    return false;
  }
}, 'must be an origin such as https://shop.example (scheme, host, optional port; no path or trailing slash)');

export const webhookUrlSchema = z.url({ protocol: /^https?$/ });

export const newMerchantSchema = z.object({
  name: z.string().trim().min(1).max(200),
  origins: z.array(originSchema).min(1),
  webhookUrl: webhookUrlSchema.nullable(),
  vatUnavailableAllowsPayment: z.boolean().default(true),
});

export interface CreatedMerchant {
  merchant: Merchant;
  /** Shown once; only its hash is stored. */
  apiKey: string;
  /** Shown once; stored sealed, used to sign notifications. */
  signingSecret: string;
}

export async function createMerchant(
  store: Store,
  input: z.input<typeof newMerchantSchema>,
  livemode: boolean,
  now = new Date(),
): Promise<CreatedMerchant> {
  const data = newMerchantSchema.parse(input);
  const apiKey = newApiKey(livemode);
  const signingSecret = newSigningSecret();
  const at = now.toISOString();
  const merchant: Merchant = {
    id: newMerchantId(),
    name: data.name,
    keyPrefix: keyPrefix(apiKey),
    allowedOrigins: data.origins,
    webhookUrl: data.webhookUrl,
    vatUnavailableAllowsPayment: data.vatUnavailableAllowsPayment,
    livemode,
    createdAt: at,
    updatedAt: at,
  };
  await store.merchants.insert({ ...merchant, keyHash: hashApiKey(apiKey), signingSecret });
  return { merchant, apiKey, signingSecret };
}

/** Replaces the API key; the old one stops working at once. Returns the new key (shown once). */
export async function rotateApiKey(
  store: Store,
  merchantId: string,
  livemode: boolean,
): Promise<string | null> {
  const apiKey = newApiKey(livemode);
  const updated = await store.merchants.update(
    merchantId,
    { keyHash: hashApiKey(apiKey), keyPrefix: keyPrefix(apiKey) },
    new Date().toISOString(),
  );
  return updated ? apiKey : null;
}

/** Replaces the notification signing secret. Returns the new secret (shown once). */
export async function rotateSigningSecret(store: Store, merchantId: string): Promise<string | null> {
  const signingSecret = newSigningSecret();
  const updated = await store.merchants.update(merchantId, { signingSecret }, new Date().toISOString());
  return updated ? signingSecret : null;
}

export async function merchantForKey(store: Store, apiKey: string): Promise<Merchant | null> {
  return store.merchants.byKeyHash(hashApiKey(apiKey));
}
