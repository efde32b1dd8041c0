import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../../server/src/contract/signature.ts';
import { shipmentSchema } from '../../server/src/disputes/schema.ts';
import { pageDirectives } from '../../server/src/http/security-headers.ts';
import { createPaymentRequestSchema } from '../../server/src/payment-requests/schema.ts';
import {
  apiBaseUrl,
  contentSecurityPolicy,
  createPaymentRequestBody,
  recordShipmentBody,
  verifyWebhook,
} from '../data/snippets.ts';
import { cspHeader, documentedSandboxOrigins, widgetCspDirectives } from '../data/content-security-policy.ts';
import { compareWithWidgetNeeds, parseCspHeader, requiredForWidget } from './csp-header.ts';
import { listenedEvents } from './snippets.ts';

type Verify = (rawBody: string, header: string, secret: string, toleranceSeconds?: number) => boolean;

/** The integration guide's verification snippet, exactly as a merchant copies it, loaded as a module. */
async function snippetVerifier(): Promise<Verify> {
  const file = join(mkdtempSync(join(tmpdir(), 'cargopay-snippet-')), 'verify-signature.ts');
  writeFileSync(file, verifyWebhook);
  const module = (await import(pathToFileURL(file).href)) as { verifyCargoPaySignature: Verify };
  return module.verifyCargoPaySignature;
}

describe('the integration guide’s webhook verification snippet', () => {
  const secret = 'cpwhsec_test_secret';
  const body = JSON.stringify({ id: 'evt_1', type: 'payment_request.paid' });
  const now = () => Math.floor(Date.now() / 1000);

  it('accepts a notification signed by the server’s own signer', async () => {
    const verify = await snippetVerifier();
    expect(verify(body, signatureHeader(secret, body, now()), secret)).toBe(true);
  });

  it('refuses another body, another secret and a timestamp older than the tolerance', async () => {
    const verify = await snippetVerifier();
    expect(verify(`${body} `, signatureHeader(secret, body, now()), secret)).toBe(false);
    expect(verify(body, signatureHeader('cpwhsec_other', body, now()), secret)).toBe(false);
    expect(verify(body, signatureHeader(secret, body, now() - 301), secret)).toBe(false);
  });
});

describe('event names in snippets', () => {
  it('finds the cargopay-* events a snippet listens to, and nothing else', () => {
    const code =
      'el.addEventListener(\'cargopay-succeeded\', f);\nel.addEventListener("click", g);\nx.addEventListener(`cargopay-failed`, h);';
    expect(listenedEvents(code)).toEqual(['cargopay-succeeded', 'cargopay-failed']);
  });
});

describe('request bodies in the integration guide', () => {
  it('the payment request it creates is valid for the server’s own schema', () => {
    expect(createPaymentRequestSchema.safeParse(createPaymentRequestBody).error?.issues).toBeUndefined();
  });

  it('the shipment it records is valid for the server’s own schema', () => {
    expect(shipmentSchema.safeParse(recordShipmentBody).error?.issues).toBeUndefined();
  });
});

describe('the integration guide’s Content-Security-Policy, live and sandbox', () => {
  /** The page policy the server sends around the widget in production (no sandbox, no inline scripts). */
  const serverPolicy = (sandboxOrigin: string | null) =>
    pageDirectives({ sandboxOrigin, inlineScriptHashes: [], https: true, hstsPreload: false });

  it('each mode is one valid header line: Content-Security-Policy: directives separated by ;', () => {
    for (const header of [contentSecurityPolicy.live, contentSecurityPolicy.sandbox]) {
      const parsed = parseCspHeader(header);
      expect(parsed.problems).toEqual([]);
      expect(parsed.name).toBe('Content-Security-Policy');
      expect([...parsed.directives.keys()]).toEqual(['script-src', 'frame-src', 'connect-src', 'img-src']);
    }
  });

  it('live mode allows everything the server’s own page policy allows the widget, and the CargoPay origin for its script and API', () => {
    const required = requiredForWidget(serverPolicy(null), apiBaseUrl);
    expect(required.get('script-src')).toEqual([
      apiBaseUrl,
      'https://js.stripe.com',
      'https://*.js.stripe.com',
    ]);
    expect(required.get('frame-src')).toEqual([
      'https://js.stripe.com',
      'https://*.js.stripe.com',
      'https://hooks.stripe.com',
    ]);
    expect(required.get('connect-src')).toEqual([apiBaseUrl, 'https://api.stripe.com']);
    expect(required.get('img-src')).toEqual(['https://*.stripe.com']);
    expect(compareWithWidgetNeeds(parseCspHeader(contentSecurityPolicy.live), required)).toEqual([]);
    expect(contentSecurityPolicy.live).not.toContain(documentedSandboxOrigins.sandbox);
  });

  it('sandbox mode adds the sandbox origin to script-src, frame-src and connect-src, and nothing else', () => {
    const { cargopay, sandbox } = documentedSandboxOrigins;
    const required = requiredForWidget(serverPolicy(sandbox), cargopay);
    for (const directive of ['script-src', 'frame-src', 'connect-src'])
      expect(required.get(directive)).toContain(sandbox);
    expect(compareWithWidgetNeeds(parseCspHeader(contentSecurityPolicy.sandbox), required)).toEqual([]);
    const live = widgetCspDirectives('live', { cargopay });
    const withSandbox = widgetCspDirectives('sandbox', { cargopay, sandbox });
    expect(withSandbox.map(([name, sources]) => [name, sources.filter((s) => s !== sandbox)])).toEqual(live);
    expect(withSandbox.filter(([, sources]) => sources.includes(sandbox)).map(([name]) => name)).toEqual([
      'script-src',
      'frame-src',
      'connect-src',
    ]);
  });

  it('the old guide’s sandbox policy, without the sandbox in connect-src, is refused', () => {
    const { cargopay, sandbox } = documentedSandboxOrigins;
    const old = widgetCspDirectives('sandbox', { cargopay, sandbox }).map(
      ([name, sources]): [string, string[]] => [
        name,
        name === 'connect-src' ? sources.filter((s) => s !== sandbox) : sources,
      ],
    );
    expect(
      compareWithWidgetNeeds(
        parseCspHeader(cspHeader(old)),
        requiredForWidget(serverPolicy(sandbox), cargopay),
      ),
    ).toEqual([`connect-src lacks ${sandbox}, which the widget needs`]);
  });

  it('refuses a header over several lines, a missing source, a missing directive and an unsafe source', () => {
    const required = requiredForWidget(serverPolicy(null), apiBaseUrl);
    expect(parseCspHeader('Content-Security-Policy:\n  script-src https://js.stripe.com').problems).toEqual([
      'spans more than one line: a header value cannot hold a line break',
    ]);
    expect(parseCspHeader("script-src 'self'; frame-src x").problems).toContain('is not "name: value"');
    expect(parseCspHeader('Content-Security-Policy: img-src a, b').problems).toContain(
      'holds a comma or a character a policy cannot contain',
    );
    const weak = parseCspHeader(
      `Content-Security-Policy: script-src ${apiBaseUrl} 'unsafe-inline'; connect-src ${apiBaseUrl} https://api.stripe.com; img-src https://*.stripe.com`,
    );
    expect(compareWithWidgetNeeds(weak, required)).toEqual([
      'script-src lacks https://js.stripe.com https://*.js.stripe.com, which the widget needs',
      'has no frame-src; the widget needs https://js.stripe.com https://*.js.stripe.com https://hooks.stripe.com',
      "script-src allows 'unsafe-inline', which the widget does not need",
    ]);
  });
});
