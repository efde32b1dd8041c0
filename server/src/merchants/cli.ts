import { readConfig } from '../config.ts';
import { openStore } from '../store/open.ts';
import { runMerchantCommand } from './commands.ts';

/** `npm run merchant -- <command>`: see `commands.ts` for the commands. */
const config = readConfig();
const store = await openStore(config);
try {
  process.exitCode = await runMerchantCommand(process.argv.slice(2), store, config.stripe.mode === 'live', {
    info: (text) => console.info(text),
    error: (text) => console.error(text),
  });
} finally {
  store.close();
}
