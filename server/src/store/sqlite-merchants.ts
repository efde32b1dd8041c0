import type { SQLInputValue } from 'node:sqlite';
import type { MerchantRepository } from './ports/merchants.ts';
import type { Row, SqliteScope } from './sqlite-scope.ts';
import { num, str, strOrNull } from './records/cells.ts';
import type { Merchant, MerchantPatch, NewMerchant } from './types.ts';
import { sealContext } from './records/sealing.ts';

/** The merchants of the SQLite adapter (`store.merchants`): the signing secret sealed under the merchant's id. */
export class SqliteMerchants implements MerchantRepository {
  readonly #s: SqliteScope;
  constructor(scope: SqliteScope) {
    this.#s = scope;
  }

  #merchant(row: Row): Merchant {
    return {
      id: str(row.id),
      name: str(row.name),
      keyPrefix: str(row.key_prefix),
      allowedOrigins: JSON.parse(str(row.allowed_origins)) as string[],
      webhookUrl: strOrNull(row.webhook_url),
      vatUnavailableAllowsPayment: num(row.vat_unavailable_allows_payment) === 1,
      livemode: num(row.livemode) === 1,
      createdAt: str(row.created_at),
      updatedAt: str(row.updated_at),
    };
  }

  async insert(m: NewMerchant): Promise<void> {
    await this.#s.write(() =>
      this.#s.run(
        `INSERT INTO merchants (id, name, key_hash, key_prefix, allowed_origins, webhook_url, signing_secret_sealed,
         vat_unavailable_allows_payment, livemode, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
        m.id,
        m.name,
        m.keyHash,
        m.keyPrefix,
        JSON.stringify(m.allowedOrigins),
        m.webhookUrl,
        this.#s.sealer.seal(m.signingSecret, sealContext.merchantSigningSecret(m.id)),
        m.vatUnavailableAllowsPayment ? 1 : 0,
        m.livemode ? 1 : 0,
        m.createdAt,
        m.updatedAt,
      ),
    );
  }

  async get(id: string): Promise<Merchant | null> {
    const row = this.#s.one('SELECT * FROM merchants WHERE id = ?', id);
    return row ? this.#merchant(row) : null;
  }

  async byKeyHash(keyHash: string): Promise<Merchant | null> {
    const row = this.#s.one('SELECT * FROM merchants WHERE key_hash = ?', keyHash);
    return row ? this.#merchant(row) : null;
  }

  async list(): Promise<Merchant[]> {
    return this.#s.all('SELECT * FROM merchants ORDER BY created_at, id').map((r) => this.#merchant(r));
  }

  async update(id: string, patch: MerchantPatch, now: string): Promise<Merchant | null> {
    const sets: string[] = [];
    const values: SQLInputValue[] = [];
    const set = (column: string, value: SQLInputValue) => {
      sets.push(`${column} = ?`);
      values.push(value);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.allowedOrigins !== undefined) set('allowed_origins', JSON.stringify(patch.allowedOrigins));
    if (patch.webhookUrl !== undefined) set('webhook_url', patch.webhookUrl);
    if (patch.vatUnavailableAllowsPayment !== undefined) {
      set('vat_unavailable_allows_payment', patch.vatUnavailableAllowsPayment ? 1 : 0);
    }
    if (patch.keyHash !== undefined) set('key_hash', patch.keyHash);
    if (patch.keyPrefix !== undefined) set('key_prefix', patch.keyPrefix);
    if (patch.signingSecret !== undefined) {
      set(
        'signing_secret_sealed',
        this.#s.sealer.seal(patch.signingSecret, sealContext.merchantSigningSecret(id)),
      );
    }
    set('updated_at', now);
    await this.#s.write(() =>
      this.#s.run(`UPDATE merchants SET ${sets.join(', ')} WHERE id = ?`, ...values, id),
    );
    return this.get(id);
  }

  async signingSecret(merchantId: string): Promise<string | null> {
    const row = this.#s.one('SELECT signing_secret_sealed FROM merchants WHERE id = ?', merchantId);
    return row
      ? this.#s.sealer.open(str(row.signing_secret_sealed), sealContext.merchantSigningSecret(merchantId))
      : null;
  }
}
