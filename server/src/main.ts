import { keepConnectionsAlive } from './http/keep-alive.ts';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { once } from 'node:events';
import { createServer, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import {
  ConfigError,
  describeDatabase,
  describeMode,
  reachableHost,
  readConfig,
  type Config,
} from './config.ts';
import type { Logger } from './http/logger.ts';
import type { StripeLink } from './stripe/link.ts';
import type { ViesStandIn } from './vat/vies-stand-in.ts';

/**
 * `npm start`: reads the configuration, builds the widget and docs if they are missing, opens the store,
 * starts the offline Stripe sandbox when (and only when) no Stripe keys are set, serves everything, and
 * shuts down gracefully on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = readConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  for (const line of describeMode(config)) console.warn(line);
  // The rest loads only once the configuration is known to be good, so a refusal is immediate.
  const [
    { createApp },
    { createLogger },
    { buildIfMissing },
    { docsBuildRefusal, docsStatementsSource },
    { ensureExampleMerchant, exampleShopOrigins },
    { scheduleBackups },
    { openStore },
    { createViesClient },
    { startViesStandIn },
  ] = await Promise.all([
    import('./app.ts'),
    import('./http/logger.ts'),
    import('./ops/build.ts'),
    import('./ops/docs-build.ts'),
    import('./example-shop/merchant.ts'),
    import('./store/backup.ts'),
    import('./store/open.ts'),
    import('./vat/vies-client.ts'),
    import('./vat/vies-stand-in.ts'),
  ]);
  const logger = createLogger(config.logLevel);

  buildIfMissing(config, logger);
  const refusal = docsBuildRefusal(config);
  if (refusal) {
    console.error(refusal);
    process.exitCode = 1;
    return;
  }
  let store: Awaited<ReturnType<typeof openStore>>;
  try {
    store = await openStore(config);
  } catch (error) {
    console.error(
      `Cannot open the database (${describeDatabase(config)}): ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
    return;
  }

  const closers: (() => Promise<void>)[] = [];
  let stripe: Awaited<ReturnType<typeof connectStripe>>;
  try {
    stripe = await connectStripe(config, logger, closers);
  } catch (error) {
    if (!(error instanceof Error && error.name === 'SharedSandboxError')) throw error;
    console.error(error.message);
    store.close();
    process.exitCode = 1;
    return;
  }
  const { link, registerWebhook } = stripe;
  // With real keys, whether the account's webhook endpoint reaches this server with every event type needed:
  // started now, awaited only for the listing (bounded by its timeout), and never fatal.
  const endpointCheck =
    config.stripe.mode === 'sandbox'
      ? null
      : import('./webhooks/endpoint-check.ts').then(async (m) => {
          const finding = await m.checkWebhookEndpoint(link.client, `${config.publicUrl}/v1/webhooks/stripe`);
          if (finding.kind === 'ok')
            logger.info({ stripeWebhookEndpoint: finding.kind }, m.describeFinding(finding));
          else logger.warn({ stripeWebhookEndpoint: finding.kind }, m.describeFinding(finding));
          return m.listingNote(finding);
        });
  let standIn: ViesStandIn | null = null;
  if (config.vies.baseUrl === null) {
    standIn = await startViesStandIn({ host: '127.0.0.1', port: config.vies.standInPort });
    closers.push(() => (standIn as ViesStandIn).close());
  }
  const vies = createViesClient({
    baseUrl: config.vies.baseUrl ?? (standIn as ViesStandIn).url,
    timeoutMs: config.vies.timeoutMs,
    cacheTtlMs: config.vies.cacheTtlMs,
  });

  // Bound before the app is built, so that with PORT=0 and no PUBLIC_URL the public URL (payment links, the
  // example shop's origins, the listing below) names the port actually taken. Until the app is ready: 503.
  let handle: RequestListener = (_req, res) => void res.writeHead(503, { 'retry-after': '1' }).end();
  const server = keepConnectionsAlive(createServer((req, res) => handle(req, res)));
  server.listen(config.port, config.host);
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  if (new URL(config.publicUrl).port === '0') {
    config = { ...config, publicUrl: `http://${reachableHost(config.host)}:${port}` };
  }

  const exampleShopMerchantId =
    config.env === 'production'
      ? null
      : await ensureExampleMerchant(store, exampleShopOrigins(config.publicUrl));

  const app = createApp(config, {
    store,
    stripe: link,
    vies,
    logger,
    defaultMetrics: true,
    exampleShopMerchantId,
  });
  handle = app.express;
  await registerWebhook(`http://127.0.0.1:${port}/v1/webhooks/stripe`);
  app.start();

  // A first backup at start, so a fresh install has one before the first interval passes. Online backups are
  // the embedded SQLite store's own; another database is backed up by its operator.
  const backups = store.sqlite
    ? scheduleBackups(store.sqlite, { ...config.backup, immediately: true }, ({ file, error }) => {
        if (error) logger.error({ err: String(error) }, 'backup failed');
        else logger.info({ file }, 'backup written');
      })
    : { stop: () => Promise.resolve() };

  const base = config.publicUrl;
  const endpointNote = endpointCheck ? await endpointCheck : '';
  const listening = `http://${reachableHost(config.host)}:${port}`;
  const urls = [
    `CargoPay is listening on ${listening}${listening === base ? '' : ` (public URL ${base})`}`,
    `  docs site        ${base}/${docsNote(docsStatementsSource(config.distDir))}`,
    `  widget           ${base}/widget/cargopay.js${existsSync(join(config.distDir, 'widget')) ? '' : '   (not built)'}`,
    exampleShopMerchantId
      ? `  example shop     ${base}/example-shop/`
      : '  example shop     (off in production)',
    `  merchant API     ${base}/v1/payment-requests   (a key: npm run merchant -- create --help)`,
    `  checkout API     ${base}/v1/checkout/:id`,
    `  payment links    ${base}/pay/:id   (a payment request's url)`,
    `  Stripe webhooks  ${base}/v1/webhooks/stripe${endpointNote}`,
    `  health           ${base}/healthz  ${base}/readyz  ${base}/metrics  (${config.metricsToken ? 'Bearer $METRICS_TOKEN' : 'loopback only: METRICS_TOKEN unset'})`,
    `  database         ${describeDatabase(config)}  (${store.sqlite ? `backups every ${config.backup.intervalMs / 60_000} min to ${config.backup.dir}` : "backups: PostgreSQL's own (pg_dump, PITR)"})`,
  ];
  if (link.sandboxOrigin)
    urls.push(
      `  Stripe sandbox   ${link.sandboxOrigin}  (${config.sandboxUrl ? 'shared, STRIPE_SANDBOX_URL; ' : ''}Stripe.js stand-in ${link.stripeJsUrl})`,
    );
  if (standIn) urls.push(`  VIES stand-in    ${standIn.url}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down: finishing in-flight requests and work');
    const force = setTimeout(() => {
      logger.error('shutdown took longer than 15 s; exiting');
      process.exit(1);
    }, 15_000);
    force.unref();
    const backupsDone = backups.stop();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    await closed;
    await app.stop();
    await backupsDone;
    for (const close of closers.reverse()) await close().catch(() => undefined);
    store.close();
    logger.info('stopped');
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  // Printed once a signal would stop it cleanly: whoever reads this listing may send SIGTERM at once.
  console.info(urls.join('\n'));
}

/** What the start-up listing says after the docs site's URL. */
function docsNote(source: 'none' | 'example' | 'file' | 'unknown' | null): string {
  if (source === null) return '   (not built)';
  if (source === 'example') return '   (EXAMPLE operator statements, under a banner; never in production)';
  if (source === 'none')
    return '   (no operator statements: set OPERATOR_STATEMENTS and rebuild to publish yours)';
  return '';
}

async function connectStripe(
  config: Config,
  logger: Logger,
  closers: (() => Promise<void>)[],
): Promise<{ link: StripeLink; registerWebhook: (url: string) => Promise<void> }> {
  if (config.stripe.mode !== 'sandbox') {
    const { stripeClient } = await import('./stripe/link.ts');
    return {
      link: {
        client: stripeClient(config.stripe.secretKey),
        publishableKey: config.stripe.publishableKey,
        webhookSecret: config.stripe.webhookSecret,
        stripeJsUrl: null,
        sandboxOrigin: null,
      },
      registerWebhook: async () => undefined,
    };
  }
  if (config.sandboxUrl) {
    // A stand-alone sandbox that other instances share: registered at the public URL they share, before
    // listening, since the app verifies deliveries with the secret the sandbox signs with.
    const { connectSharedSandbox } = await import('./stripe/shared-sandbox.ts');
    const link = await connectSharedSandbox({
      sandboxUrl: config.sandboxUrl,
      webhookUrl: `${config.publicUrl}/v1/webhooks/stripe`,
      webhookSecret: config.sandboxWebhookSecret,
    });
    logger.warn(
      { sandbox: config.sandboxUrl },
      'SANDBOX MODE: using the shared offline Stripe sandbox (STRIPE_SANDBOX_URL); no real payments',
    );
    return { link, registerWebhook: async () => undefined };
  }
  // Loaded only in sandbox mode, so a production process never even imports it.
  const { startSandbox } = await import('../sandbox/sandbox.ts');
  const sandbox = await startSandbox({
    port: config.sandboxPort,
    host: config.host === '0.0.0.0' ? '127.0.0.1' : config.host,
    quiet: true,
    ...(config.sandboxRateLimits ? { rateLimits: config.sandboxRateLimits } : {}),
    ...(config.sandboxStatePath ? { statePath: config.sandboxStatePath } : {}),
  });
  closers.push(() => sandbox.close());
  const webhookSecret = config.sandboxWebhookSecret ?? `whsec_${randomBytes(24).toString('base64url')}`;
  logger.warn(
    { sandbox: sandbox.url, state: config.sandboxStatePath ?? 'memory' },
    'SANDBOX MODE: the offline Stripe sandbox is running; no real payments',
  );
  return {
    link: {
      client: sandbox.stripeClient(),
      publishableKey: sandbox.publishableKey,
      webhookSecret,
      stripeJsUrl: `${sandbox.url}/v3/`,
      sandboxOrigin: sandbox.url,
    },
    registerWebhook: async (url) => {
      sandbox.addWebhookEndpoint({ url, secret: webhookSecret });
    },
  };
}

await main();
