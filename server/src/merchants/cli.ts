import { parseArgs } from 'node:util';
import { z } from 'zod';
import { readConfig } from '../config.ts';
import { openStore } from '../store/open.ts';
import type { Merchant } from '../store/types.ts';
import { fieldErrors } from '../http/validate.ts';
import {
  createMerchant,
  originSchema,
  rotateApiKey,
  rotateSigningSecret,
  webhookUrlSchema,
} from './service.ts';

/**
 * `npm run merchant -- <command>`:
 *   create --name <name> --origin <https://…> [--origin …] [--webhook-url <url>] [--vat-unavailable allow|block]
 *   list
 *   rotate-key <merchant id>
 *   rotate-webhook-secret <merchant id>
 *   update <merchant id> [--name …] [--origin … (replaces the list)] [--webhook-url <url>|none] [--vat-unavailable allow|block]
 * Secrets (API key, signing secret) are printed once and never again.
 */
const USAGE = `usage: npm run merchant -- create --name <name> --origin <https://shop.example> [--origin …] [--webhook-url <url>] [--vat-unavailable allow|block]
       npm run merchant -- list
       npm run merchant -- rotate-key <merchant id>
       npm run merchant -- rotate-webhook-secret <merchant id>
       npm run merchant -- update <merchant id> [--name …] [--origin …] [--webhook-url <url>|none] [--vat-unavailable allow|block]`;

function describe(m: Merchant): string {
  return [
    `${m.id}  ${m.name}`,
    `  key:            ${m.keyPrefix}`,
    `  origins:        ${m.allowedOrigins.join(', ')}`,
    `  webhook url:    ${m.webhookUrl ?? '(none)'}`,
    `  VIES down:      ${m.vatUnavailableAllowsPayment ? 'buyer may pay' : 'payment blocked'}`,
    `  mode:           ${m.livemode ? 'live' : 'test'}; created ${m.createdAt}`,
  ].join('\n');
}

const vatSetting = z.enum(['allow', 'block']);

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      name: { type: 'string' },
      origin: { type: 'string', multiple: true },
      'webhook-url': { type: 'string' },
      'vat-unavailable': { type: 'string' },
    },
  });
  const [command, id] = positionals;
  const config = readConfig();
  const store = openStore(config);
  const livemode = config.stripe.mode === 'live';
  try {
    switch (command) {
      case 'create': {
        const vat =
          values['vat-unavailable'] === undefined ? undefined : vatSetting.parse(values['vat-unavailable']);
        const { merchant, apiKey, signingSecret } = await createMerchant(
          store,
          {
            name: values.name ?? '',
            origins: values.origin ?? [],
            webhookUrl: values['webhook-url'] ?? null,
            vatUnavailableAllowsPayment: vat === undefined ? undefined : vat === 'allow',
          },
          livemode,
        );
        console.info(describe(merchant));
        console.info(`\nSecret API key (shown once, store it now):      ${apiKey}`);
        console.info(`Notification signing secret (shown once):       ${signingSecret}`);
        return 0;
      }
      case 'list': {
        const all = await store.listMerchants();
        console.info(all.length === 0 ? 'No merchants yet.' : all.map(describe).join('\n\n'));
        return 0;
      }
      case 'rotate-key': {
        const key = id ? await rotateApiKey(store, id, livemode) : null;
        if (!key) throw new Error(`no merchant ${id ?? '(missing id)'}`);
        console.info(`New secret API key for ${id} (shown once; the old key no longer works): ${key}`);
        return 0;
      }
      case 'rotate-webhook-secret': {
        const secret = id ? await rotateSigningSecret(store, id) : null;
        if (!secret) throw new Error(`no merchant ${id ?? '(missing id)'}`);
        console.info(`New notification signing secret for ${id} (shown once): ${secret}`);
        return 0;
      }
      case 'update': {
        if (!id || !(await store.getMerchant(id))) throw new Error(`no merchant ${id ?? '(missing id)'}`);
        const hook = values['webhook-url'];
        const updated = await store.updateMerchant(
          id,
          {
            name:
              values.name === undefined ? undefined : z.string().trim().min(1).max(200).parse(values.name),
            allowedOrigins:
              values.origin === undefined ? undefined : z.array(originSchema).min(1).parse(values.origin),
            webhookUrl:
              hook === undefined ? undefined : hook === 'none' ? null : webhookUrlSchema.parse(hook),
            vatUnavailableAllowsPayment:
              values['vat-unavailable'] === undefined
                ? undefined
                : vatSetting.parse(values['vat-unavailable']) === 'allow',
          },
          new Date().toISOString(),
        );
        if (updated) console.info(describe(updated));
        return 0;
      }
      default:
        console.error(USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof z.ZodError) {
      for (const e of fieldErrors(error.issues)) console.error(`${e.path || 'value'}: ${e.message}`);
    } else {
      console.error(error instanceof Error ? error.message : String(error));
    }
    return 1;
  } finally {
    store.close();
  }
}

process.exitCode = await main(process.argv.slice(2));
