import type { Config } from './config.ts';
import type { Logger } from './http/logger.ts';
import type { Metrics } from './ops/metrics.ts';
import type { StripeLink } from './stripe/link.ts';
import type { Store } from './store/types.ts';
import type { ViesClient } from './vat/vies-client.ts';

/** What every router and worker of one app instance shares. Built by `createApp`; no module-level state. */
export interface AppContext {
  config: Config;
  store: Store;
  stripe: StripeLink;
  vies: ViesClient;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  /** Asks the background workers to look for work now (after an inbox write or an outbox insert). */
  wake: { webhooks(): void; notifications(): void };
}
