import { runWithStore } from '../store/cli-store.ts';
import { helpRequest, runMerchantCommand } from './commands.ts';

/** `npm run merchant -- <command>`: see `cli-usage.ts` for the commands. Help needs no database. */
const help = helpRequest(process.argv.slice(2));
if (help !== null) {
  console.info(help);
} else {
  process.exitCode = await runWithStore((store, config) =>
    runMerchantCommand(process.argv.slice(2), store, config.stripe.mode === 'live', {
      info: (text) => console.info(text),
      error: (text) => console.error(text),
    }),
  );
}
