import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../test/harness.ts';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('keep-alive connections', () => {
  it('tells clients it keeps an idle connection 65 s, longer than the common 60 s of proxies and clients', async () => {
    const res = await fetch(`${t.url}/healthz`);
    await res.text();
    expect(res.headers.get('keep-alive')).toBe('timeout=65');
  });
});
