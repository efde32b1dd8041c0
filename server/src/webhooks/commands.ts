import { parseArgs } from 'node:util';
import type { DeadLetter, Store } from '../store/types.ts';
import { EVENT_ID } from './envelope.ts';
import { MAX_WEBHOOK_ATTEMPTS } from './retry.ts';

/**
 * `npm run webhooks -- <command>`, for operators:
 *   dead-letters              lists the Stripe events parked after their last failed attempt, with the error
 *   replay <evt_…> | --all    puts one event (parked, or waiting for a retry) or every dead letter back in the
 *                             queue with its attempts reset; the running server's worker applies it on its
 *                             next pass (within 5 s)
 *   discard <id>              gives up on one dead letter that can never be applied (its payload will not open,
 *                             e.g. a row an older server stored under a mangled id such as "0.0"): it is
 *                             marked processed with nothing applied, its error kept
 * Fix the cause first (a missing retired key in ENCRYPTION_KEYS_RETIRED, a bug fixed by an upgrade): a replayed
 * event that fails again goes through its retries once more before it is parked again.
 */
const USAGE = `usage: npm run webhooks -- dead-letters
       npm run webhooks -- replay <evt_…>
       npm run webhooks -- replay --all
       npm run webhooks -- discard <id>   (a dead letter that can never be applied)
       npm run webhooks -- endpoint [--create]   (the Stripe webhook endpoint to subscribe: endpoint-command.ts)`;

/** Output of a command: `info` for results, `error` for problems. */
export interface CommandOutput {
  info(text: string): void;
  error(text: string): void;
}

function describe(d: DeadLetter): string {
  return [
    `${d.id}  ${d.type}`,
    `  created:      ${new Date(d.created * 1000).toISOString()} (received ${d.receivedAt})`,
    `  parked:       ${d.deadAt} after ${d.attempts} attempts`,
    `  last error:   ${d.lastError ?? '(none recorded)'}`,
  ].join('\n');
}

/** Runs one `npm run webhooks` command against `store`; returns the exit code (0, 1 nothing done, 2 usage). */
export async function runWebhookCommand(argv: string[], store: Store, out: CommandOutput): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: { all: { type: 'boolean' } } });
  } catch (error) {
    out.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const [command, id, ...rest] = positionals;
  switch (command) {
    case 'dead-letters': {
      if (id !== undefined || values.all) break;
      const parked = await store.inbox.deadLetters(1_000);
      if (parked.length === 0) {
        out.info('No dead letters: every stored Stripe event was applied or is still being tried.');
        return 0;
      }
      out.info(parked.map(describe).join('\n\n'));
      out.info(
        `\n${parked.length} dead letter(s), each parked after ${MAX_WEBHOOK_ATTEMPTS} attempts. ` +
          'Once the cause is fixed: npm run webhooks -- replay <evt_…> (or --all)',
      );
      return 0;
    }
    case 'replay': {
      // Exactly one target: an event id, or --all.
      const targets = (id === undefined ? 0 : 1) + (values.all ? 1 : 0);
      if (rest.length > 0 || targets !== 1) break;
      if (id !== undefined && !EVENT_ID.test(id)) {
        out.error(`not a Stripe event id: ${JSON.stringify(id.slice(0, 80))}`);
        return 1;
      }
      const requeued = await store.inbox.requeue(id === undefined ? { allDeadLetters: true } : { id });
      if (requeued.length === 0) {
        out.error(
          id ? `no event ${id} waiting to be applied (unknown, or applied already)` : 'No dead letters.',
        );
        return 1;
      }
      out.info(`Requeued ${requeued.length} event(s): ${requeued.join(', ')}`);
      out.info('The running server applies them on its next pass (npm start, within 5 s).');
      return 0;
    }
    case 'discard': {
      if (id === undefined || rest.length > 0 || values.all) break;
      if (!(await store.inbox.discard(id, new Date().toISOString()))) {
        out.error(`no dead letter ${JSON.stringify(id.slice(0, 255))}`);
        return 1;
      }
      out.info(
        `Discarded ${id}: it will not be applied. Check the payment it concerned in Stripe's dashboard.`,
      );
      return 0;
    }
    default:
      break;
  }
  out.error(USAGE);
  return 2;
}
