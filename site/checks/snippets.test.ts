import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { signatureHeader } from '../../server/src/notifications/sign.ts';
import { shipmentSchema } from '../../server/src/disputes/schema.ts';
import { createPaymentRequestSchema } from '../../server/src/payment-requests/schema.ts';
import { createPaymentRequestBody, recordShipmentBody, verifyWebhook } from '../data/snippets.ts';
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
