import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../sandbox.ts';
import type { Sandbox } from '../sandbox.ts';
import { SANDBOX_SECRET_KEY } from '../keys.ts';
import { expectedStripeJsRelease } from './bundle.ts';
import { PAGE_CSP } from './router.ts';

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox({ port: 0, quiet: true });
});
afterAll(() => sandbox.close());

async function get(path: string): Promise<{ response: Response; body: string }> {
  const response = await fetch(`${sandbox.url}${path}`);
  return { response, body: await response.text() };
}

describe('the stand-in Stripe.js at /v3/', () => {
  it('is a classic script any origin may load, reporting the release @stripe/stripe-js expects', async () => {
    const { response, body } = await get('/v3/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    // A classic script: it must parse outside a module (no import/export left by the bundler).
    expect(() => new Function(body)).not.toThrow();
    expect(body).toContain(`Stripe.version = ${JSON.stringify(await expectedStripeJsRelease())}`);
    expect(body).toContain('Elements cannot be mounted in a ShadowRoot. Please mount in the Light DOM.');
  });

  it('carries no secret key in any browser bundle', async () => {
    for (const path of ['/v3/', '/_sandbox/assets/payment-element.js', '/_sandbox/assets/challenge.js']) {
      const { response, body } = await get(path);
      expect(response.status, path).toBe(200);
      expect(body, path).not.toContain(SANDBOX_SECRET_KEY);
      expect(body, path).not.toMatch(/sk_(test|live)_/);
    }
  });
});

describe('the Payment Element and 3D Secure pages', () => {
  it('serve a strict CSP, no inline script or style, and may be framed by any origin', async () => {
    for (const path of ['/_sandbox/elements/payment', '/_sandbox/3ds/pi_123abc']) {
      const { response, body } = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-security-policy'), path).toBe(PAGE_CSP);
      expect(response.headers.get('x-frame-options'), path).toBeNull();
      expect(PAGE_CSP).toContain("script-src 'self'");
      expect(PAGE_CSP).not.toContain('unsafe-inline');
      expect(body, path).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
      expect(body, path).not.toMatch(/\sstyle=/);
      expect(body, path).not.toMatch(/\son[a-z]+=/);
    }
  });

  it('labels the challenge buttons as Stripe test mode does', async () => {
    const { body } = await get('/_sandbox/3ds/pi_123abc');
    expect(body).toContain('>Complete authentication</button>');
    expect(body).toContain('>Fail authentication</button>');
  });

  it('answers 404 for a challenge whose id is not a PaymentIntent id', async () => {
    const { response, body } = await get(`/_sandbox/3ds/${encodeURIComponent('pi_"><script>')}`);
    expect(response.status).toBe(404);
    expect(body).not.toContain('<script>');
  });

  it("serves the pages' stylesheets as CSS", async () => {
    for (const path of ['/_sandbox/assets/payment-element.css', '/_sandbox/assets/challenge.css']) {
      const { response } = await get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/^text\/css/);
    }
  });
});
