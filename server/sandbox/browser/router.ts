import { readFile } from 'node:fs/promises';
import express from 'express';
import type { Request, Response, NextFunction } from 'express';
import { bundle } from './bundle.ts';
import type { EntryPoint } from './bundle.ts';
import { challengePage, paymentElementPage } from './pages.ts';

/**
 * The pages' own Content-Security-Policy: scripts, styles and requests only from the sandbox's origin, no
 * inline script or style, and embeddable by any origin (a merchant page of any origin frames them).
 */
export const PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "connect-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  'frame-ancestors *',
].join('; ');

const PAYMENT_INTENT_ID = /^pi_[A-Za-z0-9]+$/;

/** Headers for every page and script this router serves (GET only): any origin may load and embed them. */
function crossOrigin(req: Request, res: Response, next: NextFunction): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    next();
    return;
  }
  res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.removeHeader('X-Frame-Options');
  next();
}

function sendPage(res: Response, html: string): void {
  res.setHeader('Content-Security-Policy', PAGE_CSP);
  res.setHeader('Cache-Control', 'no-store');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.type('html').send(html);
}

function sendScript(entry: EntryPoint) {
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const code = await bundle(entry);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-cache');
      res.type('text/javascript').send(code);
    } catch (error) {
      next(error);
    }
  };
}

function sendStyle(file: string) {
  const url = new URL(file, import.meta.url);
  return async (_req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const css = await readFile(url, 'utf8');
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Cache-Control', 'no-cache');
      res.type('text/css').send(css);
    } catch (error) {
      next(error);
    }
  };
}

/**
 * The browser half of the sandbox, mounted at the root of the sandbox app:
 * - `GET /v3/` the stand-in Stripe.js (classic script defining `window.Stripe`), bundled on first request;
 * - `GET /_sandbox/elements/payment` the Payment Element page, loaded in an iframe by the stand-in;
 * - `GET /_sandbox/3ds/:payment_intent` the 3D Secure challenge page, loaded in a modal iframe.
 * The pages' scripts and styles are separate files under `/_sandbox/assets/` (their CSP forbids inline code).
 */
export function createBrowserRouter(): express.Router {
  const router = express.Router();
  router.use(['/v3', '/_sandbox/elements', '/_sandbox/3ds', '/_sandbox/assets'], crossOrigin);

  router.get(['/v3', '/v3/', '/v3/stripe.js'], sendScript('stripeJs'));
  router.get('/_sandbox/assets/payment-element.js', sendScript('paymentElement'));
  router.get('/_sandbox/assets/challenge.js', sendScript('challenge'));
  router.get('/_sandbox/assets/payment-element.css', sendStyle('frame/payment-element.css'));
  router.get('/_sandbox/assets/challenge.css', sendStyle('challenge/challenge.css'));

  router.get('/_sandbox/elements/payment', (_req, res) => sendPage(res, paymentElementPage()));
  router.get('/_sandbox/3ds/:payment_intent', (req, res) => {
    const id = req.params.payment_intent;
    if (!PAYMENT_INTENT_ID.test(id)) {
      res.status(404).type('text/plain').send('No such payment_intent');
      return;
    }
    sendPage(res, challengePage(id));
  });
  return router;
}
