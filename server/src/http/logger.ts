import { pino, type DestinationStream, type Logger } from 'pino';
import { redactText, redactValue } from './redact.ts';

export type { Logger };

/**
 * The server's logger (pino, JSON lines). Request bodies are never logged at all; everything that is logged
 * passes through `redact.ts` first: the message and its interpolation arguments, the logged object at any
 * depth (sensitive keys in any letter case, e-mail addresses, card numbers and credentials inside strings),
 * and a child logger's bindings.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'cargopay' },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((arg: unknown) =>
            typeof arg === 'string' ? redactText(arg) : redactValue(arg),
          ) as Parameters<typeof method>;
          method.apply(this, redacted);
        },
      },
      formatters: {
        bindings: (bindings) => redactValue(bindings) as Record<string, unknown>,
      },
    },
    destination,
  );
}
