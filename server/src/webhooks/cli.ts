import { readConfig } from '../config.ts';
import { openStore } from '../store/open.ts';
import { runWebhookCommand } from './commands.ts';

/** `npm run webhooks -- <command>`: see `commands.ts` for the commands. */
const config = readConfig();
const store = await openStore(config);
try {
  process.exitCode = await runWebhookCommand(process.argv.slice(2), store, {
    info: (text) => console.info(text),
    error: (text) => console.error(text),
  });
} finally {
  store.close();
}
