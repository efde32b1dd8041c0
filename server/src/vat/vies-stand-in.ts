import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { passesLocalChecks } from './check-digits.ts';

/**
 * A local stand-in for VIES's REST `check-vat-number`, for tests and sandbox mode (VIES is unreachable
 * offline). It answers like VIES: numbers with correct check digits are registered, except these fixed cases:
 */
export const VIES_STAND_IN_CASES = {
  /** Correct check digits but not registered: `valid: false`. */
  notRegistered: 'XI980780684',
  /** The member state's service is down: `MS_UNAVAILABLE`. */
  memberStateDown: 'CY10263870R',
  /** Answers only after 30 s (longer than any sensible timeout). */
  slow: 'MT17025737',
} as const;

export interface ViesStandIn {
  url: string;
  /** Requests received, for tests. */
  readonly calls: { countryCode: string; vatNumber: string }[];
  /**
   * For tests: the registered name VIES gives a number (`DE136695976` → `Muster Logistik GmbH`) instead of the
   * stand-in's `Sandbox Trading …`. Only for numbers that are registered (correct check digits, not a fixed case).
   */
  readonly names: Map<string, string>;
  close(): Promise<void>;
}

export async function startViesStandIn(options: { port?: number; host?: string } = {}): Promise<ViesStandIn> {
  const calls: { countryCode: string; vatNumber: string }[] = [];
  const names = new Map<string, string>();
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      };
      // The address `npm start` prints: opened in a browser, it says what it is and which numbers do what.
      if (req.method === 'GET' && req.url === '/') {
        return send(200, {
          service: 'VIES stand-in (sandbox mode): answers like VIES, offline',
          check: 'POST /check-vat-number {"countryCode":"DE","vatNumber":"…"}',
          cases: VIES_STAND_IN_CASES,
        });
      }
      if (req.method !== 'POST' || !req.url?.endsWith('/check-vat-number'))
        return send(404, { error: 'not found' });
      let input: { countryCode?: unknown; vatNumber?: unknown };
      try {
        input = JSON.parse(Buffer.concat(chunks).toString('utf8')) as typeof input;
      } catch {
        return send(400, { actionSucceed: false, errorWrappers: [{ error: 'INVALID_REQUEST' }] });
      }
      const countryCode = String(input.countryCode ?? '');
      const vatNumber = String(input.vatNumber ?? '');
      calls.push({ countryCode, vatNumber });
      const full = `${countryCode}${vatNumber}`;
      if (full === VIES_STAND_IN_CASES.memberStateDown) {
        return send(500, { actionSucceed: false, errorWrappers: [{ error: 'MS_UNAVAILABLE' }] });
      }
      const answer = () => {
        const valid =
          full !== VIES_STAND_IN_CASES.notRegistered && passesLocalChecks({ countryCode, number: vatNumber });
        send(200, {
          countryCode,
          vatNumber,
          requestDate: new Date().toISOString(),
          valid,
          requestIdentifier: `WAPIAAAA${Math.random().toString(36).slice(2, 10).toUpperCase()}`,
          name: valid ? (names.get(full) ?? `Sandbox Trading ${countryCode} ${vatNumber.slice(-4)}`) : '---',
          address: valid ? `1 Harbour Road\n${countryCode}-1000 Sandbox City` : '---',
        });
      };
      if (full === VIES_STAND_IN_CASES.slow) {
        const t = setTimeout(() => (timers.delete(t), answer()), 30_000);
        timers.add(t);
        return;
      }
      answer();
    });
  });
  await new Promise<void>((resolve) =>
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve),
  );
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}`,
    calls,
    names,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
