import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** The browser entry points of the sandbox, each bundled into one classic script. */
export const ENTRY_POINTS = {
  /** The stand-in Stripe.js, served at `/v3/`; defines `window.Stripe`. */
  stripeJs: 'stand-in/stripe-js.ts',
  /** The script of the Payment Element iframe page. */
  paymentElement: 'frame/payment-element.ts',
  /** The script of the 3D Secure challenge page. */
  challenge: 'challenge/challenge.ts',
} as const;

export type EntryPoint = keyof typeof ENTRY_POINTS;

const cache = new Map<EntryPoint, Promise<string>>();

/**
 * Bundles one browser entry point with esbuild (an IIFE, no imports left) on first use and caches the
 * result for the life of the process. A failed build is not cached, so a fixed file is picked up on retry.
 */
export function bundle(entry: EntryPoint): Promise<string> {
  let pending = cache.get(entry);
  if (!pending) {
    pending = build({
      entryPoints: [fileURLToPath(new URL(ENTRY_POINTS[entry], import.meta.url))],
      bundle: true,
      write: false,
      format: 'iife',
      target: 'es2022',
      platform: 'browser',
      legalComments: 'none',
      logLevel: 'silent',
    }).then((result) => {
      const file = result.outputFiles[0];
      if (!file) throw new Error(`esbuild produced no output for ${entry}`);
      return file.text;
    });
    pending.catch(() => cache.delete(entry));
    cache.set(entry, pending);
  }
  return pending;
}
