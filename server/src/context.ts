import type { Config } from './config.ts';
import type { Logger } from './http/logger.ts';
import type { Metrics } from './ops/metrics.ts';
import type { StripeLink } from './stripe/link.ts';
import type { Store } from './store/types.ts';
import type { ViesClient } from './vat/vies-client.ts';

/**
 * What every router and worker of one app instance shares: its collaborators reach one another through here,
 * never through module-level registries. Built by `createApp`; no module-level state.
 */
export interface AppContext {
  config: Config;
  /** Every table, through one async port: `store.disputes`, `store.casework`, `store.risk`, `store.connect`, … */
  store: Store;
  stripe: StripeLink;
  vies: ViesClient;
  logger: Logger;
  metrics: Metrics;
  now: () => Date;
  /** Asks the background workers to look for work now (after an inbox write, an outbox insert or a queued item). */
  wake: { webhooks(): void; notifications(): void; casework(): void };
}
