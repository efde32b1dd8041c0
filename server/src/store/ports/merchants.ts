import type { CaptureSettings, Merchant, MerchantPatch, NewMerchant } from '../types.ts';

/** Merchants: their settings, the hash of their API key, and the secret that signs their notifications. */
export interface MerchantRepository {
  insert(merchant: NewMerchant): Promise<void>;
  get(id: string): Promise<Merchant | null>;
  /** The merchant whose API key hashes to `keyHash` (the key itself is never stored). */
  byKeyHash(keyHash: string): Promise<Merchant | null>;
  list(): Promise<Merchant[]>;
  /** Applies `patch`; `null` when no merchant has that id. */
  update(id: string, patch: MerchantPatch, now: string): Promise<Merchant | null>;
  /** The secret that signs notifications to this merchant, opened; `null` when no merchant has that id. */
  signingSecret(merchantId: string): Promise<string | null>;
  /** The merchant's capture-deadline settings as saved; `null` until they save some (the defaults apply). */
  captureSettings(merchantId: string): Promise<CaptureSettings | null>;
  saveCaptureSettings(merchantId: string, settings: CaptureSettings, now: string): Promise<void>;
}
