import { runWithStore } from '../store/cli-store.ts';
import { runWebhookCommand } from './commands.ts';

/** `npm run webhooks -- <command>`: see `commands.ts` for the commands. */
process.exitCode = await runWithStore((store) =>
  runWebhookCommand(process.argv.slice(2), store, {
    info: (text) => console.info(text),
    error: (text) => console.error(text),
  }),
);
