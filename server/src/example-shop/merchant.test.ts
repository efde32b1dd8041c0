import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';
import { createMerchant } from '../merchants/service.ts';
import { EXAMPLE_MERCHANT_NAME, ensureExampleMerchant, exampleShopOrigins } from './merchant.ts';

describe('the example shop merchant allows every address the server prints', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ registerWebhook: false, workers: false });
  });
  afterAll(() => t.close());

  it('a loopback public URL brings its other spelling on the same port; any other origin stands alone', () => {
    expect(exampleShopOrigins('http://127.0.0.1:8080')).toEqual([
      'http://127.0.0.1:8080',
      'http://localhost:8080',
    ]);
    expect(exampleShopOrigins('http://localhost:8080/')).toEqual([
      'http://localhost:8080',
      'http://127.0.0.1:8080',
    ]);
    expect(exampleShopOrigins('https://pay.example.com/cargopay')).toEqual(['https://pay.example.com']);
  });

  it('an example merchant from an older run, allowing only localhost, gets 127.0.0.1 added on start, once', async () => {
    const { merchant } = await createMerchant(
      t.store,
      {
        name: EXAMPLE_MERCHANT_NAME,
        origins: ['http://localhost:8080', 'https://kept.example'],
        webhookUrl: null,
      },
      false,
    );
    const origins = exampleShopOrigins('http://127.0.0.1:8080');
    expect(await ensureExampleMerchant(t.store, origins)).toBe(merchant.id);
    expect(await ensureExampleMerchant(t.store, origins)).toBe(merchant.id);
    expect((await t.store.merchants.get(merchant.id))?.allowedOrigins).toEqual([
      'http://localhost:8080',
      'https://kept.example',
      'http://127.0.0.1:8080',
    ]);
  });
});
