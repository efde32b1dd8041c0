import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  intentBody,
  paymentRequestBody,
  problemType,
  startTestServer,
  type TestServer,
} from '../../test/harness.ts';

describe('health, readiness and metrics', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ registerWebhook: false });
  });
  afterAll(() => t.close());

  it('/healthz answers while the process runs', async () => {
    const res = await t.request('GET', '/healthz');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'ok' });
  });

  it('/readyz checks the store and Stripe, and fails when Stripe is unreachable', async () => {
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(200);
    expect(ready.json.checks).toEqual({ store: 'ok', stripe: 'ok', shutting_down: false });

    const other = await startTestServer({ workers: false, registerWebhook: false });
    await other.sandbox.close();
    const notReady = await other.request('GET', '/readyz');
    expect(notReady.status).toBe(503);
    expect(notReady.json.checks).toMatchObject({ store: 'ok', stripe: 'failed' });
    await other.close({ keepSandbox: true });
  });

  it('/metrics exposes requests by route, latencies, backlogs and webhook counters', async () => {
    const { apiKey } = await t.merchant();
    await t.request('POST', '/v1/payment-requests', { key: apiKey, body: paymentRequestBody() });
    const res = await t.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${String(t.metricsToken)}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    expect(res.text).toMatch(
      /cargopay_http_requests_total\{method="POST",route="\/v1\/payment-requests\/",status="201"\} 1/,
    );
    expect(res.text).toContain('cargopay_http_request_duration_seconds_bucket');
    expect(res.text).toMatch(/cargopay_webhook_inbox_backlog \d+/);
    expect(res.text).toMatch(/cargopay_notification_outbox_backlog \d+/);
    expect(res.text).toContain('cargopay_webhook_lag_seconds');
    if (!t.sqlite) {
      // Group commit and the WAL are SQLite's: PostgreSQL has its own statistics (pg_stat_database).
      expect(res.text).not.toContain('cargopay_store_');
      return;
    }
    // The payment request above was one write, committed by group commit.
    const writes = Number(/cargopay_store_writes (\d+)/.exec(res.text)?.[1]);
    const commits = Number(/cargopay_store_commits\{sync="full"\} (\d+)/.exec(res.text)?.[1]);
    expect(writes).toBeGreaterThanOrEqual(1);
    expect(commits).toBeGreaterThanOrEqual(1);
    expect(commits).toBeLessThanOrEqual(writes);
    // WAL checkpoints run on their own thread, which reports what it has not copied yet.
    expect(res.text).toMatch(/cargopay_store_checkpoint_thread 1/);
    expect(res.text).toMatch(/cargopay_store_wal_pending_frames \d+/);
  });

  it('/metrics answers 401 without the METRICS_TOKEN or with a wrong one, and 200 with it', async () => {
    for (const headers of [
      {} as Record<string, string>,
      { authorization: 'Bearer not-the-metrics-token-0123456789abcdef' },
      { authorization: `Bearer ${String(t.metricsToken)}x` },
      { authorization: `Basic ${Buffer.from(`u:${String(t.metricsToken)}`).toString('base64')}` },
    ]) {
      const res = await t.request('GET', '/metrics', { headers });
      expect(res.status, JSON.stringify(headers)).toBe(401);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.json.type).toBe(problemType('metrics-unauthorized'));
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="cargopay-metrics"');
      expect(res.text).not.toContain('cargopay_http_requests_total');
    }
    const ok = await t.request('GET', '/metrics', {
      headers: { authorization: `Bearer ${String(t.metricsToken)}` },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('cargopay_auth_failures_total');
  });

  it('/metrics without a METRICS_TOKEN (outside production) answers loopback addresses only', async () => {
    const open = await startTestServer({
      sandbox: t.sandbox,
      registerWebhook: false,
      workers: false,
      env: { METRICS_TOKEN: '', TRUST_PROXY: 'loopback' },
    });
    try {
      expect(open.config.metricsToken).toBeNull();
      expect((await open.request('GET', '/metrics')).status).toBe(200);
      // Through the trusted proxy, from another machine.
      const remote = await open.request('GET', '/metrics', { headers: { 'x-forwarded-for': '203.0.113.9' } });
      expect(remote.status).toBe(401);
      expect(remote.json.type).toBe(problemType('metrics-unauthorized'));
    } finally {
      await open.close({ keepSandbox: true });
    }
  });
});

describe('security headers, request ids, unknown routes', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({ registerWebhook: false, workers: false });
  });
  afterAll(() => t.close());

  it('gives API answers a deny-all CSP and a request id, echoing a safe incoming one', async () => {
    const res = await t.request('GET', '/healthz', { headers: { 'x-request-id': 'trace-abc-12345' } });
    expect(res.headers.get('content-security-policy')).toBe(
      "default-src 'none';frame-ancestors 'none';base-uri 'none';form-action 'none'",
    );
    expect(res.headers.get('x-request-id')).toBe('trace-abc-12345');
    const unsafe = await t.request('GET', '/healthz', { headers: { 'x-request-id': '<script>' } });
    expect(unsafe.headers.get('x-request-id')).toMatch(/^req_/);
    expect(res.headers.get('x-powered-by')).toBeNull();
  });

  it('answers unknown API paths with a not-found problem carrying the request id', async () => {
    const res = await t.request('GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.json.type).toBe(problemType('not-found'));
    expect(res.json.request_id).toBe(res.headers.get('x-request-id'));
  });

  it('serves pages with the strict page CSP, allowing the sandbox origin and nothing inline but by hash', async () => {
    const shop = await startTestServer({ sandbox: t.sandbox, registerWebhook: false, workers: false });
    const site = join(shop.config.distDir, 'site');
    mkdirSync(site, { recursive: true });
    writeFileSync(join(site, 'index.html'), '<!doctype html><title>x</title><script>window.x=1</script>');
    await shop.close({ keepDir: true, keepSandbox: true });
    const again = await startTestServer({
      dir: shop.dir,
      sandbox: t.sandbox,
      registerWebhook: false,
      workers: false,
    });
    const page = await again.request('GET', '/');
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(
      `script-src 'self' https://js.stripe.com https://*.js.stripe.com ${t.sandbox.url} 'sha256-`,
    );
    expect(csp).toContain(
      `frame-src https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com ${t.sandbox.url}`,
    );
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain("script-src 'self' 'unsafe-inline'");
    await again.close();
  });

  it('sends CORP same-origin on the merchant API and pages, cross-origin on the widget and the checkout API, and a Permissions-Policy on pages', async () => {
    const first = await startTestServer({ sandbox: t.sandbox, registerWebhook: false, workers: false });
    for (const [folder, file, body] of [
      ['site', 'index.html', '<!doctype html><title>x</title>'],
      ['widget', 'cargopay.js', 'export {};'],
    ] as const) {
      mkdirSync(join(first.config.distDir, folder), { recursive: true });
      writeFileSync(join(first.config.distDir, folder, file), body);
    }
    await first.close({ keepDir: true, keepSandbox: true });
    const s = await startTestServer({
      dir: first.dir,
      sandbox: t.sandbox,
      registerWebhook: false,
      workers: false,
    });
    try {
      const { apiKey } = await s.merchant();
      const created = await s.request('POST', '/v1/payment-requests', {
        key: apiKey,
        body: paymentRequestBody(),
      });
      const id = String(created.json.id);
      const corp = async (path: string, options: Parameters<TestServer['request']>[2] = {}) => {
        const res = await s.request('GET', path, options);
        return [res.status, res.headers.get('cross-origin-resource-policy')];
      };
      expect(await corp('/v1/payment-requests', { key: apiKey })).toEqual([200, 'same-origin']);
      expect(await corp('/v1/payment-requests')).toEqual([401, 'same-origin']);
      expect(await corp('/healthz')).toEqual([200, 'same-origin']);
      expect(await corp('/')).toEqual([200, 'same-origin']);
      expect(await corp('/widget/cargopay.js')).toEqual([200, 'cross-origin']);
      expect(await corp(`/v1/checkout/${id}`, { headers: { origin: 'https://shop.example' } })).toEqual([
        200,
        'cross-origin',
      ]);

      const page = await s.request('GET', '/');
      const policy = page.headers.get('permissions-policy') ?? '';
      for (const feature of ['camera', 'microphone', 'geolocation', 'usb', 'payment']) {
        expect(policy, feature).toMatch(new RegExp(`(^|, )${feature}=`));
      }
      expect(policy).toContain('camera=()');
      expect(policy).toContain(`payment=(self "https://js.stripe.com" "${t.sandbox.url}")`);
      expect((await s.request('GET', '/healthz')).headers.get('permissions-policy')).toBeNull();
    } finally {
      await s.close({ keepSandbox: true });
    }
  });
});

describe('rate limits', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      registerWebhook: false,
      workers: false,
      env: { RATE_LIMIT_CHECKOUT_PER_MINUTE: '3', RATE_LIMIT_API_PER_MINUTE: '3' },
    });
  });
  afterAll(() => t.close());

  it('limits the merchant API per key, with 429 rate-limited and Retry-After', async () => {
    const a = await t.merchant();
    const b = await t.merchant();
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<TestServer['request']>> | null;
    for (let i = 0; i < 4; i++) {
      last = await t.request('GET', '/v1/payment-requests', { key: a.apiKey });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.json.type).toBe(problemType('rate-limited'));
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another merchant has its own budget.
    expect((await t.request('GET', '/v1/payment-requests', { key: b.apiKey })).status).toBe(200);
  });

  it('limits the public checkout per client, readable by the widget (CORS headers present)', async () => {
    const { apiKey } = await t.merchant({ origins: ['https://shop.example'] });
    const created = await t.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    const id = String(created.json.id);
    const statuses: number[] = [];
    let last = null as Awaited<ReturnType<TestServer['request']>> | null;
    for (let i = 0; i < 4; i++) {
      last = await t.request('POST', `/v1/checkout/${id}/intent`, {
        body: intentBody,
        headers: { origin: 'https://shop.example' },
      });
      statuses.push(last.status);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(last?.headers.get('retry-after')).toBeTruthy();
    expect(last?.headers.get('access-control-allow-origin')).toBe('https://shop.example');
    const metrics = { text: await t.metrics() };
    expect(metrics.text).toMatch(/cargopay_rate_limited_total\{limit="checkout"\} 1/);
    expect(metrics.text).toMatch(/cargopay_rate_limited_total\{limit="api"\} 1/);
  });

  it('gives each merchant key one budget across the whole merchant API, whichever router serves it', async () => {
    const { apiKey } = await t.merchant();
    const statuses = [];
    // Payment requests, the events list, dispute settings and a request's evidence: four routers, one budget of 3.
    statuses.push((await t.request('GET', '/v1/events', { key: apiKey })).status);
    statuses.push((await t.request('GET', '/v1/settings/disputes', { key: apiKey })).status);
    statuses.push((await t.request('GET', '/v1/payment-requests', { key: apiKey })).status);
    statuses.push((await t.request('GET', '/v1/settings/risk', { key: apiKey })).status);
    statuses.push((await t.request('GET', '/v1/events', { key: apiKey })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
  });
});

describe('HTTPS behind a trusted proxy', () => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer({
      registerWebhook: false,
      workers: false,
      env: { FORCE_HTTPS: 'true', TRUST_PROXY: 'loopback', PUBLIC_URL: 'https://pay.example' },
    });
  });
  afterAll(() => t.close());

  it('redirects plain-HTTP GETs, refuses plain-HTTP POSTs, and serves what came over HTTPS with HSTS', async () => {
    const get = await fetch(`${t.url}/v1/checkout/pr_${'A'.repeat(24)}`, { redirect: 'manual' });
    expect(get.status).toBe(308);
    expect(get.headers.get('location')).toBe(`https://pay.example/v1/checkout/pr_${'A'.repeat(24)}`);
    const post = await t.request('POST', '/v1/payment-requests', { body: {} });
    expect(post.status).toBe(403);
    expect(post.json.type).toBe(problemType('https-required'));
    const secure = await t.request('GET', '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(secure.status).toBe(200);
    expect(secure.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    expect((await t.request('GET', '/healthz')).status).toBe(200);
  });
});

describe('graceful shutdown', () => {
  it('finishes the in-flight webhook pass and leaves nothing half-applied', async () => {
    const t = await startTestServer();
    const { apiKey } = await t.merchant();
    const created = await t.request('POST', '/v1/payment-requests', {
      key: apiKey,
      body: paymentRequestBody(),
    });
    const intent = await t.request('POST', `/v1/checkout/${String(created.json.id)}/intent`, {
      body: intentBody,
    });
    await t.sandbox.stripeClient().paymentIntents.confirm(String(intent.json.payment_intent), {
      payment_method: 'pm_card_visa',
      return_url: 'https://x.example',
    });
    const { waitFor } = await import('../../sandbox/testing.ts');
    await waitFor(
      () => t.sandbox.deliveries().some((d) => d.type === 'payment_intent.succeeded' && d.status === 200),
      5_000,
      'delivery',
    );
    await t.app.stop();
    expect(t.app.isShuttingDown()).toBe(true);
    const backlog = await t.store.backlog();
    const pr = await t.store.paymentRequests.get(String(created.json.id));
    // Either the event was applied with its notification, or it is still pending in the inbox: never in between.
    if (pr?.status === 'paid')
      expect((await t.request('GET', '/v1/events', { key: apiKey })).json.data).toHaveLength(1);
    else expect(backlog.inboxPending).toBeGreaterThan(0);
    const ready = await t.request('GET', '/readyz');
    expect(ready.status).toBe(503);
    await t.close();
  });
});
