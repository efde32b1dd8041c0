import { createHash, timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import type { RequestHandler } from 'express';
import { ProblemError } from '../http/problems.ts';

const BEARER = /^Bearer\s+(\S+)$/i;

/** SHA-256 first, so that the comparison takes the same time whatever the lengths. */
const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether `address` (as Express reports it, IPv4-mapped or not) is a loopback address. */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const plain = address.startsWith('::ffff:') ? address.slice(7) : address;
  if (isIP(plain) === 4) return plain.startsWith('127.');
  return plain === '::1';
}

/**
 * Who may read `/metrics`: with a token configured (`METRICS_TOKEN`, required in production), only a request
 * with `Authorization: Bearer <token>`, compared in constant time; without one (development and tests only),
 * only a request from a loopback address (judged as `req.ip`, so through the trusted proxy when there is
 * one). Anyone else gets `401 metrics-unauthorized` with `WWW-Authenticate`.
 */
export function metricsAccess(token: string | null): RequestHandler {
  const expected = token === null ? null : digest(token);
  return (req, _res, next) => {
    const sent = BEARER.exec(req.get('authorization') ?? '')?.[1];
    const allowed =
      expected === null ? isLoopback(req.ip) : sent !== undefined && timingSafeEqual(digest(sent), expected);
    if (!allowed) {
      throw new ProblemError('metrics-unauthorized', {
        detail:
          expected === null
            ? 'METRICS_TOKEN is not set, so /metrics answers only requests from this machine.'
            : 'Send the metrics token as `Authorization: Bearer <METRICS_TOKEN>`.',
        headers: { 'WWW-Authenticate': 'Bearer realm="cargopay-metrics"' },
      });
    }
    next();
  };
}
