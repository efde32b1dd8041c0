import type { Server } from 'node:http';

/**
 * How long an idle keep-alive connection stays open. Node's default (5 s) is shorter than the idle timeout of
 * the load balancers and HTTP clients in front of a payment API (60 s is common): a client that reuses a
 * connection the server has just closed gets "socket hang up" on a request the server never read, which a
 * payment client may not safely retry. Kept open longer than the client side's, the close is always the
 * client's own. Headers must still arrive within `headersTimeout`, which Node requires to be the longer.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

export function keepConnectionsAlive(server: Server): Server {
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1_000;
  return server;
}
