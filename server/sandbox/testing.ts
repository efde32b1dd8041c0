import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startSandbox, type Sandbox, type SandboxOptions } from './sandbox.ts';

/**
 * Helpers for the sandbox's own tests (and any test that needs a webhook receiver): a quiet sandbox with fast
 * follow-ups and retries, a real HTTP webhook receiver, and polling without fixed sleeps.
 */

/** A sandbox for tests: quiet, follow-ups after 20 ms, webhook retries 20 ms doubling up to 200 ms. */
export function startTestSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({
    port: 0,
    quiet: true,
    followUpDelayMs: 20,
    webhookRetry: { initialDelayMs: 20, maxDelayMs: 200, maxAttempts: 5, timeoutMs: 2_000 },
    ...options,
  });
}

/** One request a webhook receiver got. */
export interface ReceivedWebhook {
  body: string;
  headers: IncomingHttpHeaders;
  /** The HTTP status the receiver answered with. */
  answered: number;
  at: number;
}

/** A real HTTP server on 127.0.0.1 that records webhook deliveries and answers with a status you choose. */
export class WebhookReceiver {
  readonly received: ReceivedWebhook[] = [];
  /** Status to answer; a function can vary it per request (e.g. fail the first three). */
  respond: number | ((request: ReceivedWebhook, index: number) => number) = 200;
  private server: Server | null = null;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const record: ReceivedWebhook = {
          body: Buffer.concat(chunks).toString('utf8'),
          headers: req.headers,
          answered: 0,
          at: Date.now(),
        };
        const status =
          typeof this.respond === 'function' ? this.respond(record, this.received.length) : this.respond;
        record.answered = status;
        this.received.push(record);
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'not now');
      });
    });
    this.server.listen(0, '127.0.0.1');
    await once(this.server, 'listening');
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhooks`;
    return this;
  }

  /** Event types of the deliveries this receiver accepted (2xx), in arrival order. */
  acceptedTypes(): string[] {
    return this.received
      .filter((r) => r.answered >= 200 && r.answered < 300)
      .map((r) => (JSON.parse(r.body) as { type: string }).type);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Polls `check` every 10 ms until it returns a value other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  check: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs = 5_000,
  what = 'condition',
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
