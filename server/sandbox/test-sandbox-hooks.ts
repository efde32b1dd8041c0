import type Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import type { Sandbox } from './sandbox.ts';
import { startTestSandbox } from './testing.ts';

/**
 * One test sandbox for the calling test file, with the `stripe` SDK client pointed at it: started before the
 * file's tests, reset before each test (so that no test sees another's objects, events or idempotency keys)
 * and closed after them. `started` receives both once the sandbox listens.
 */
export function useTestSandbox(started: (s: { sandbox: Sandbox; stripe: Stripe }) => void): void {
  let sandbox: Sandbox | undefined;
  beforeAll(async () => {
    sandbox = await startTestSandbox();
    started({ sandbox, stripe: sandbox.stripeClient() });
  });
  afterAll(() => sandbox?.close());
  beforeEach(() => sandbox?.reset());
}
