import { once } from 'node:events';
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * The load balancer in front of several CargoPay instances, as a deployer would run one: each request goes to
 * the next instance in turn. An instance that refuses the connection (down, or restarting) is skipped and the
 * request goes to the next, since it never reached the dead one; an instance that dies while it holds a request
 * makes that request fail with a 502 (it may have been applied or not: the client retries, as Stripe does
 * until it gets a 2xx). Each answer names the instance in `X-Upstream-Instance` (its index), so tests can show
 * that work was spread.
 */
export interface RoundRobinProxy {
  /** `http://127.0.0.1:<port>`: the PUBLIC_URL of every instance behind it. */
  url: string;
  /** Requests answered by each instance, by index. */
  served: number[];
  /** Connections refused by each instance (the request went to the next one). */
  refused: number[];
  /** Requests that failed because their instance died while holding them (answered 502). */
  broken(): number;
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade']);

function forwardable(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP.has(name)));
}

/** Starts the proxy on a free port of 127.0.0.1 in front of the instances listening on `ports` (127.0.0.1). */
export async function startRoundRobin(ports: number[]): Promise<RoundRobinProxy> {
  const served = ports.map(() => 0);
  const refused = ports.map(() => 0);
  let broken = 0;
  let turn = 0;

  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // The body is kept whole so that a request refused by one instance can go to the next.
      const body = Buffer.concat(chunks);
      const first = turn++ % ports.length;
      const attempt = (tried: number): void => {
        if (tried === ports.length) {
          res.writeHead(503, { 'content-type': 'text/plain' }).end('no instance is up');
          return;
        }
        const index = (first + tried) % ports.length;
        // A connection of its own per request (no keep-alive pool), so a refused connection always means
        // that the request never reached that instance.
        const upstream = request({
          host: '127.0.0.1',
          port: ports[index],
          method: req.method,
          path: req.url,
          headers: { ...forwardable(req.headers), 'content-length': String(body.length) },
          agent: false,
        });
        upstream.on('response', (answer) => {
          served[index] = (served[index] ?? 0) + 1;
          res.writeHead(answer.statusCode ?? 502, {
            ...forwardable(answer.headers),
            'x-upstream-instance': String(index),
          });
          answer.pipe(res);
          // Died in the middle of its answer: the client must see a broken response, not a short one.
          answer.on('aborted', () => res.destroy());
          answer.on('error', () => res.destroy());
        });
        upstream.on('error', (error: NodeJS.ErrnoException) => {
          if (error.code === 'ECONNREFUSED') {
            refused[index] = (refused[index] ?? 0) + 1;
            attempt(tried + 1);
            return;
          }
          broken++;
          if (res.headersSent) res.destroy();
          else res.writeHead(502, { 'content-type': 'text/plain' }).end(`instance ${index}: ${error.code}`);
        });
        upstream.end(body);
      };
      attempt(0);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    refused,
    broken: () => broken,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
