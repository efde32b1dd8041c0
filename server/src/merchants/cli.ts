import { runWithStore } from '../store/cli-store.ts';
import { runMerchantCommand } from './commands.ts';

/** `npm run merchant -- <command>`: see `commands.ts` for the commands. */
process.exitCode = await runWithStore((store, config) =>
  runMerchantCommand(process.argv.slice(2), store, config.stripe.mode === 'live', {
    info: (text) => console.info(text),
    error: (text) => console.error(text),
  }),
);
