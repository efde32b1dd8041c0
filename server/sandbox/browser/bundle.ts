import { readFile } from 'node:fs/promises';
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
 * The Stripe.js release the installed `@stripe/stripe-js` expects (its `RELEASE_TRAIN`); the stand-in reports
 * it as `Stripe.version`, so that `loadStripe` does not warn about a mismatch.
 */
export async function expectedStripeJsRelease(): Promise<string> {
  const source = await readFile(new URL(import.meta.resolve('@stripe/stripe-js/dist/index.mjs')), 'utf8');
  const match = /RELEASE_TRAIN\s*=\s*'([a-z0-9]+)'/.exec(source);
  return match?.[1] ?? 'v3';
}

/**
 * Bundles one browser entry point with esbuild (an IIFE, no imports left) on first use and caches the
 * result for the life of the process. A failed build is not cached, so a fixed file is picked up on retry.
 */
export function bundle(entry: EntryPoint): Promise<string> {
  let pending = cache.get(entry);
  if (!pending) {
    pending = expectedStripeJsRelease()
      .then((release) =>
        build({
          entryPoints: [fileURLToPath(new URL(ENTRY_POINTS[entry], import.meta.url))],
          bundle: true,
          write: false,
          format: 'iife',
          target: 'es2022',
          platform: 'browser',
          legalComments: 'none',
          logLevel: 'silent',
          define: { __STRIPE_JS_RELEASE__: JSON.stringify(release) },
        }),
      )
      .then((result) => {
        const file = result.outputFiles[0];
        if (!file) throw new Error(`esbuild produced no output for ${entry}`);
        return file.text;
      });
    pending.catch(() => cache.delete(entry));
    cache.set(entry, pending);
  }
  return pending;
}
