import { createMerchant } from '../merchants/service.ts';
import type { Store } from '../store/types.ts';

export const EXAMPLE_MERCHANT_NAME = 'Northwind Freight (example shop)';

const LOOPBACK_NAMES = ['localhost', '127.0.0.1'];

/**
 * The origins the example shop is opened from: this server's public origin and, when that is a loopback
 * address, its other spelling on the same port (`localhost` and `127.0.0.1`), since a developer types either.
 */
export function exampleShopOrigins(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!LOOPBACK_NAMES.includes(url.hostname)) return [url.origin];
  return [
    url.origin,
    ...LOOPBACK_NAMES.filter((name) => name !== url.hostname).map((name) => {
      const other = new URL(url.origin);
      other.hostname = name;
      return other.origin;
    }),
  ];
}

/**
 * The merchant account the example shop sells under: created on first start (its API key is not needed, the
 * shop creates payment requests in-process), with `origins` allowed to embed the widget. An example merchant
 * from an earlier run keeps its origins and gets any of `origins` it lacks.
 */
export async function ensureExampleMerchant(store: Store, origins: readonly string[]): Promise<string> {
  // Instances starting together on one PostgreSQL would each find none and create one (and the shop would
  // then sell under a different merchant on each): one at a time, the others waiting their turn.
  for (;;) {
    const run = await store.exclusive('example-merchant', () => findOrCreate(store, origins));
    if (run.ran) return run.value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function findOrCreate(store: Store, origins: readonly string[]): Promise<string> {
  const existing = (await store.merchants.list()).find((m) => m.name === EXAMPLE_MERCHANT_NAME);
  if (existing) {
    const missing = origins.filter((origin) => !existing.allowedOrigins.includes(origin));
    if (missing.length > 0) {
      await store.merchants.update(
        existing.id,
        { allowedOrigins: [...existing.allowedOrigins, ...missing] },
        new Date().toISOString(),
      );
    }
    return existing.id;
  }
  const { merchant } = await createMerchant(
    store,
    { name: EXAMPLE_MERCHANT_NAME, origins: [...origins], webhookUrl: null },
    false,
  );
  return merchant.id;
}
