import { parseArgs } from 'node:util';
import { z } from 'zod';
import type { Merchant, Store } from '../store/types.ts';
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

/** Output of a command: `info` for results (secrets included, once), `error` for problems. */
export interface CommandOutput {
  info(text: string): void;
  error(text: string): void;
}

/** Runs one `npm run merchant` command against `store`; returns the process exit code (0, 1 bad input, 2 usage). */
export async function runMerchantCommand(
  argv: string[],
  store: Store,
  livemode: boolean,
  out: CommandOutput,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        origin: { type: 'string', multiple: true },
        'webhook-url': { type: 'string' },
        'vat-unavailable': { type: 'string' },
      },
    });
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, id] = positionals;
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
        out.info(describe(merchant));
        out.info(`\nSecret API key (shown once, store it now):      ${apiKey}`);
        out.info(`Notification signing secret (shown once):       ${signingSecret}`);
        return 0;
      }
      case 'list': {
        const all = await store.merchants.list();
        out.info(all.length === 0 ? 'No merchants yet.' : all.map(describe).join('\n\n'));
        return 0;
      }
      case 'rotate-key': {
        const key = id ? await rotateApiKey(store, id, livemode) : null;
        if (!key) throw new Error(`no merchant ${id ?? '(missing id)'}`);
        out.info(`New secret API key for ${id} (shown once; the old key no longer works): ${key}`);
        return 0;
      }
      case 'rotate-webhook-secret': {
        const secret = id ? await rotateSigningSecret(store, id) : null;
        if (!secret) throw new Error(`no merchant ${id ?? '(missing id)'}`);
        out.info(`New notification signing secret for ${id} (shown once): ${secret}`);
        return 0;
      }
      case 'update': {
        if (!id || !(await store.merchants.get(id))) throw new Error(`no merchant ${id ?? '(missing id)'}`);
        const hook = values['webhook-url'];
        const updated = await store.merchants.update(
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
        if (updated) out.info(describe(updated));
        return 0;
      }
      default:
        out.error(USAGE);
        return 2;
    }
  } catch (error) {
    if (error instanceof z.ZodError) {
      for (const e of fieldErrors(error.issues)) out.error(`${e.path || 'value'}: ${e.message}`);
    } else {
      out.error(error instanceof Error ? error.message : String(error));
    }
    return 1;
  }
}
