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
  { method: 'GET', path: '/metrics', summary: 'Prometheus metrics.', auth: 'none', problems: [] },
];
