import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino censors on every log line. Request bodies are never logged at all; these catch the rest:
 * credentials in headers, keys and secrets, and personal data that might ride along in a logged object.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["stripe-signature"]',
  'req.headers["idempotency-key"]',
  'headers.authorization',
  'headers.cookie',
  'authorization',
  'apiKey',
  'key',
  'secret',
  'secretKey',
  'signingSecret',
  'client_secret',
  'email',
  'customer_email',
  'name',
  'address',
  '*.apiKey',
  '*.key',
  '*.secret',
  '*.secretKey',
  '*.signingSecret',
  '*.client_secret',
  '*.email',
  '*.customer_email',
  '*.address',
  '*.password',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    { level, redact: { paths: REDACTED_PATHS, censor: '[redacted]' }, base: { service: 'cargopay' } },
    destination,
  );
}
