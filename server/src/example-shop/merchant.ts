import { createMerchant } from '../merchants/service.ts';
import type { Store } from '../store/types.ts';

export const EXAMPLE_MERCHANT_NAME = 'Northwind Freight (example shop)';

/**
 * The merchant account the example shop sells under: created on first start (its API key is not needed, the
 * shop creates payment requests in-process), with this server's own origin allowed to embed the widget.
 */
export async function ensureExampleMerchant(store: Store, origin: string): Promise<string> {
  // Instances starting together on one PostgreSQL would each find none and create one (and the shop would
  // then sell under a different merchant on each): one at a time, the others waiting their turn.
  for (;;) {
    const run = await store.exclusive('example-merchant', () => findOrCreate(store, origin));
    if (run.ran) return run.value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function findOrCreate(store: Store, origin: string): Promise<string> {
  const existing = (await store.merchants.list()).find((m) => m.name === EXAMPLE_MERCHANT_NAME);
  if (existing) {
    if (!existing.allowedOrigins.includes(origin)) {
      await store.merchants.update(
        existing.id,
        { allowedOrigins: [...existing.allowedOrigins, origin] },
        new Date().toISOString(),
      );
    }
    return existing.id;
  }
  const { merchant } = await createMerchant(
    store,
    { name: EXAMPLE_MERCHANT_NAME, origins: [origin], webhookUrl: null },
    false,
  );
  return merchant.id;
}
