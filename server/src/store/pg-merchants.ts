import type { MerchantRepository } from './ports/merchants.ts';
import type { PgScope } from './pg-scope.ts';
import { str } from './records/cells.ts';
import type { CaptureSettings, Merchant, MerchantPatch, NewMerchant } from './types.ts';
import {
  captureSettingsOf,
  MERCHANT_COLUMNS,
  merchantOf,
  merchantPatchColumns,
  merchantValues,
  openSigningSecret,
} from './records/merchants.ts';

/** The merchants of the PostgreSQL adapter (`store.merchants`): the signing secret sealed under the merchant's id. */
export class PgMerchants implements MerchantRepository {
  readonly #s: PgScope;
  constructor(scope: PgScope) {
    this.#s = scope;
  }

  async insert(m: NewMerchant): Promise<void> {
    await this.#s.run(
      `INSERT INTO merchants (${MERCHANT_COLUMNS}) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)`,
      merchantValues(m, this.#s.sealer),
    );
  }

  async get(id: string): Promise<Merchant | null> {
    const row = await this.#s.one('SELECT * FROM merchants WHERE id = $1', [id]);
    return row ? merchantOf(row) : null;
  }

  async byKeyHash(keyHash: string): Promise<Merchant | null> {
    const row = await this.#s.one('SELECT * FROM merchants WHERE key_hash = $1', [keyHash]);
    return row ? merchantOf(row) : null;
  }

  async list(): Promise<Merchant[]> {
    return (await this.#s.all('SELECT * FROM merchants ORDER BY created_at, id')).map((r) => merchantOf(r));
  }

  async update(id: string, patch: MerchantPatch, now: string): Promise<Merchant | null> {
    const sets: string[] = [];
    const values: unknown[] = [];
    const set = (column: string, value: unknown) => {
      values.push(value);
      sets.push(`${column} = $${values.length}`);
    };
    for (const [column, value] of merchantPatchColumns(id, patch, this.#s.sealer, now)) set(column, value);
    values.push(id);
    const row = await this.#s.one(
      `UPDATE merchants SET ${sets.join(', ')} WHERE id = $${values.length} RETURNING *`,
      values,
    );
    return row ? merchantOf(row) : null;
  }

  async signingSecret(merchantId: string): Promise<string | null> {
    const row = await this.#s.one('SELECT signing_secret_sealed FROM merchants WHERE id = $1', [merchantId]);
    return row ? openSigningSecret(this.#s.sealer, merchantId, str(row.signing_secret_sealed)) : null;
  }

  async captureSettings(merchantId: string): Promise<CaptureSettings | null> {
    const row = await this.#s.one('SELECT * FROM capture_settings WHERE merchant_id = $1', [merchantId]);
    return row ? captureSettingsOf(row) : null;
  }

  async saveCaptureSettings(merchantId: string, settings: CaptureSettings, now: string): Promise<void> {
    await this.#s.run(
      `INSERT INTO capture_settings (merchant_id, at_deadline, warn_hours_before, updated_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (merchant_id) DO UPDATE SET at_deadline = excluded.at_deadline,
         warn_hours_before = excluded.warn_hours_before, updated_at = excluded.updated_at`,
      [merchantId, settings.atDeadline, settings.warnHoursBefore, now],
    );
  }
}
