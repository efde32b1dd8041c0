import type { SQLInputValue } from 'node:sqlite';
import type { MerchantRepository } from './ports/merchants.ts';
import { sqliteValues, type SqliteScope } from './sqlite-scope.ts';
import { str, type ColumnValue } from './records/cells.ts';
import type { CaptureSettings, Merchant, MerchantPatch, NewMerchant } from './types.ts';
import {
  captureSettingsOf,
  MERCHANT_COLUMNS,
  merchantOf,
  merchantPatchColumns,
  merchantValues,
  openSigningSecret,
} from './records/merchants.ts';

/** The merchants of the SQLite adapter (`store.merchants`): the signing secret sealed under the merchant's id. */
export class SqliteMerchants implements MerchantRepository {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  async insert(m: NewMerchant): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO merchants (${MERCHANT_COLUMNS}) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
        ...sqliteValues(merchantValues(m, this.#s.sealer)),
      ),
    );
  }

  async get(id: string): Promise<Merchant | null> {
    const row = this.#s.one('SELECT * FROM merchants WHERE id = ?', id);
    return row ? merchantOf(row) : null;
  }

  async byKeyHash(keyHash: string): Promise<Merchant | null> {
    const row = this.#s.one('SELECT * FROM merchants WHERE key_hash = ?', keyHash);
    return row ? merchantOf(row) : null;
  }

  async list(): Promise<Merchant[]> {
    return this.#s.all('SELECT * FROM merchants ORDER BY created_at, id').map((r) => merchantOf(r));
  }

  async update(id: string, patch: MerchantPatch, now: string): Promise<Merchant | null> {
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    const set = (column: string, value: ColumnValue) => {
      sets.push(`${column} = ?`);
      values.push(...sqliteValues([value]));
    };
    for (const [column, value] of merchantPatchColumns(id, patch, this.#s.sealer, now)) set(column, value);
    await this.#s.write(() =>
      this.#s.run(`UPDATE merchants SET ${sets.join(', ')} WHERE id = ?`, ...values, id),
    );
    return this.get(id);
  }

  async signingSecret(merchantId: string): Promise<string | null> {
    const row = this.#s.one('SELECT signing_secret_sealed FROM merchants WHERE id = ?', merchantId);
    return row ? openSigningSecret(this.#s.sealer, merchantId, str(row.signing_secret_sealed)) : null;
  }

  async captureSettings(merchantId: string): Promise<CaptureSettings | null> {
    const row = this.#s.one('SELECT * FROM capture_settings WHERE merchant_id = ?', merchantId);
    return row ? captureSettingsOf(row) : null;
  }

  async saveCaptureSettings(merchantId: string, settings: CaptureSettings, now: string): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO capture_settings (merchant_id, at_deadline, warn_hours_before, updated_at) VALUES (?,?,?,?)
         ON CONFLICT(merchant_id) DO UPDATE SET at_deadline = excluded.at_deadline,
           warn_hours_before = excluded.warn_hours_before, updated_at = excluded.updated_at`,
        merchantId,
        settings.atDeadline,
        settings.warnHoursBefore,
        now,
      ),
    );
  }
}
