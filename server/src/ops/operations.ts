import type { ApiOperation } from '../api-reference.ts';

/** Operations endpoints. */
export const opsOperations: ApiOperation[] = [
  { method: 'GET', path: '/healthz', summary: 'Liveness: the process answers.', auth: 'none', problems: [] },
  {
    method: 'GET',
    path: '/readyz',
    summary: 'Readiness: the store takes writes and Stripe (or the sandbox) answers.',
    auth: 'none',
    problems: [],
  },
  {
    method: 'GET',
    path: '/metrics',
    summary:
      'Prometheus metrics. Requires `Authorization: Bearer <METRICS_TOKEN>`; with no token configured (never in production), answers only loopback addresses.',
    auth: 'metrics-token',
    problems: ['metrics-unauthorized'],
  },
];
