/**
 * Strict CSP, as merchants copy it: merchant pages that send exactly the integration guide's
 * `Content-Security-Policy` header, taken from what the guide renders (`site/data/content-security-policy.ts`,
 * checked against the built pages), with only the example origins replaced by this run's own.
 *
 * What is exercised, and what is not:
 * - Sandbox mode, end to end: the built `cargopay.js` on a merchant page under the documented sandbox policy,
 *   the real server process and its in-process sandbox; the buyer pays with 4242. Two pages that must fail
 *   show the test can fail: the old guide's policy (no sandbox origin at all) and the documented one without
 *   the sandbox in `connect-src` (what a merchant had after following the old console hint).
 * - Live mode cannot reach Stripe from here, so no live payment runs. The test checks that the documented
 *   live policy names every host Stripe's CSP guide lists for Stripe.js and the exact Stripe.js URL the built
 *   widget's loader injects, and lets Chromium itself decide: a page under the live policy requests each of
 *   them, and every request must pass the policy (reach the network layer, where the test stops it) with no
 *   violation; the same probe under a policy without `js.stripe.com` must report violations.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentedSandboxOrigins, STRIPE_LIVE_SOURCES } from '../site/data/content-security-policy.ts';
import { apiBaseUrl, contentSecurityPolicy } from '../site/data/snippets.ts';
import { launchChromium, pay, waitForState } from './support/browser.ts';
import { startMerchantSite, type MerchantSite } from './support/merchant-site.ts';
import { api, createMerchantWithCli, DIST, poll, ROOT, startStack, type Stack } from './support/stack.ts';

/** The Content-Security-Policy snippets a built guide page shows, in page order, as their copy buttons copy them. */
function renderedPolicies(page: string): string[] {
  const html = readFileSync(join(DIST, 'site', page, 'index.html'), 'utf8');
  return [...html.matchAll(/data-code="(Content-Security-Policy:[^"]*)"/g)].map((m) =>
    (m[1] ?? '')
      .replaceAll('&#x27;', "'")
      .replaceAll('&#39;', "'")
      .replaceAll('&quot;', '"')
      .replaceAll('&lt;', '<')
      .replaceAll('&gt;', '>')
      .replaceAll('&amp;', '&'),
  );
}

/** A header line's directives, name → sources. */
function directivesOf(header: string): Map<string, string[]> {
  const value = header.slice(header.indexOf(':') + 1);
  return new Map(
    value
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name = '', ...sources]) => [name, sources]),
  );
}

/** `header` with each source equal to a key of `origins` replaced by its value; nothing else changes. */
function withOrigins(header: string, origins: Record<string, string>): string {
  return header.replace(
    /[^\s;]+/g,
    (token) => (Object.hasOwn(origins, token) ? origins[token] : token) ?? token,
  );
}

/** `header` without `source` in `directive`, everything else as it is. */
function without(header: string, directive: string, source: string): string {
  const [name, value = ''] = [header.slice(0, header.indexOf(':')), header.slice(header.indexOf(':') + 1)];
  const directives = value.split(';').map((d) => {
    const [head, ...sources] = d.trim().split(/\s+/);
    return head === directive ? [head, ...sources.filter((s) => s !== source)].join(' ') : d.trim();
  });
  return `${name}: ${directives.join('; ')}`;
}

/** The Stripe.js URL the widget's live loader injects: `@stripe/stripe-js`'s pure loader, as installed. */
function stripeJsUrlOfLoader(): { origin: string; train: string; url: string } {
  const loader = readFileSync(join(ROOT, 'node_modules/@stripe/stripe-js/dist/pure.mjs'), 'utf8');
  const origin = /var ORIGIN = '([^']+)'/.exec(loader)?.[1];
  const train = /var RELEASE_TRAIN = '([^']+)'/.exec(loader)?.[1];
  if (
    !origin ||
    !train ||
    !/STRIPE_JS_URL = "".concat\(ORIGIN, "\/"\).concat\(RELEASE_TRAIN, "\/stripe.js"\)/.test(loader)
  )
    throw new Error(
      'the installed @stripe/stripe-js no longer builds its URL as ORIGIN/RELEASE_TRAIN/stripe.js',
    );
  return { origin, train, url: `${origin}/${train}/stripe.js` };
}

interface Violation {
  directive: string;
  blocked: string;
}

let stack: Stack;
let browser: Browser;
const sites: MerchantSite[] = [];
const contexts: BrowserContext[] = [];
let merchantKey = '';
const documented = documentedSandboxOrigins;

/** A merchant site on its own origin whose every answer carries `header`. */
async function siteWith(header: string): Promise<MerchantSite> {
  const site = await startMerchantSite(stack.url, { header });
  sites.push(site);
  return site;
}

/** A page that records every CSP violation it sees (the init script is not subject to the page's policy). */
async function newPage(): Promise<Page> {
  const context = await browser.newContext({ locale: 'en-US', reducedMotion: 'reduce' });
  contexts.push(context);
  const page = await context.newPage();
  await page.addInitScript(() => {
    const w = window as unknown as { violations: { directive: string; blocked: string }[] };
    w.violations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.violations.push({ directive: e.effectiveDirective, blocked: e.blockedURI }),
    );
  });
  return page;
}

/** The violations a page recorded, each under its directive's name as a policy writes it (CSP3 reports `script-src-elem`). */
const violations = async (page: Page): Promise<Violation[]> =>
  (await page.evaluate(() => (window as unknown as { violations: Violation[] }).violations)).map((v) => ({
    ...v,
    directive: v.directive.replace(/-(elem|attr)$/, ''),
  }));

let buyers = 0;

/** An open payment request of EUR 125.00 for the merchant whose origins are the sandbox-mode sites. */
async function createRequest(): Promise<string> {
  const res = await api(stack.url, 'POST', '/v1/payment-requests', {
    key: merchantKey,
    body: {
      amount: 12_500,
      currency: 'eur',
      reference: 'AWB 020-12345675',
      description: 'Air freight FRA → MAD, 2 pallets',
      customer: { email: `csp-${++buyers}@example.com`, name: 'Ana García' },
    },
  });
  expect(res.status, res.text).toBe(201);
  return String(res.json.id);
}

let sandboxPolicy = '';
let sandboxSite: MerchantSite;
let connectGapSite: MerchantSite;
let oldGuideSite: MerchantSite;

beforeAll(async () => {
  stack = await startStack();
  // The documented sandbox policy with the guide's example origins replaced by this run's server and sandbox.
  sandboxPolicy = withOrigins(contentSecurityPolicy.sandbox, {
    [documented.cargopay]: stack.url,
    [documented.sandbox]: stack.sandboxUrl,
  });
  sandboxSite = await siteWith(sandboxPolicy);
  connectGapSite = await siteWith(without(sandboxPolicy, 'connect-src', stack.sandboxUrl));
  // The old guide showed one policy, the one that is now the live policy.
  oldGuideSite = await siteWith(withOrigins(contentSecurityPolicy.live, { [apiBaseUrl]: stack.url }));
  merchantKey = createMerchantWithCli(stack, {
    name: 'Rhein Freight GmbH',
    origins: [sandboxSite.origin, connectGapSite.origin, oldGuideSite.origin],
  }).apiKey;
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  for (const context of contexts) await context.close();
  await browser?.close();
  for (const site of sites) await site.close();
  await stack?.close();
});

describe('a merchant page with exactly the integration guide’s Content-Security-Policy', () => {
  it('the guide shows the live and the sandbox policy, in both locales, exactly as the one source makes them', () => {
    for (const page of ['integration', 'es/integration']) {
      expect(renderedPolicies(page), `dist/site/${page}: rebuild with npm run build`).toEqual([
        contentSecurityPolicy.live,
        contentSecurityPolicy.sandbox,
      ]);
    }
    // This run's policy is the documented one with only the two example origins replaced.
    expect(sandboxPolicy).not.toContain(documented.cargopay);
    expect(sandboxPolicy).not.toContain(documented.sandbox);
    const sandbox = directivesOf(sandboxPolicy);
    for (const directive of ['script-src', 'connect-src'])
      expect(sandbox.get(directive)).toContain(stack.url);
    for (const directive of ['script-src', 'frame-src', 'connect-src'])
      expect(sandbox.get(directive)).toContain(stack.sandboxUrl);
  });

  it('sandbox mode: the documented sandbox policy loads the card form and the buyer pays with 4242, with no CSP violation', async () => {
    const id = await createRequest();
    const page = await newPage();
    await page.goto(sandboxSite.payUrl(id));
    await waitForState(page, 'ready');
    await pay(page, { number: '4242424242424242' });
    await waitForState(page, 'succeeded');
    await poll(
      async () =>
        (await api(stack.url, 'GET', `/v1/payment-requests/${id}`, { key: merchantKey })).json.status ===
        'paid',
      20_000,
      `${id} to be paid`,
    );
    expect(await violations(page)).toEqual([]);
  });

  it('sandbox mode: the same policy without the sandbox in connect-src cannot load the card form', async () => {
    const id = await createRequest();
    const page = await newPage();
    await page.goto(connectGapSite.payUrl(id));
    const blocked = await poll(
      async () =>
        (await violations(page)).find(
          (v) => v.directive === 'connect-src' && v.blocked.startsWith(stack.sandboxUrl),
        ),
      20_000,
      'a connect-src violation for the sandbox',
    );
    expect(blocked.directive).toBe('connect-src');
    const state = await waitForState(page, ['blocked', 'unreachable', 'misconfigured']);
    // The stand-in's first call to the sandbox's API (reading the PaymentIntent for the form) is refused,
    // so the widget reports the form as blocked instead of showing it.
    expect(state).toBe('blocked');
  });

  it('sandbox mode: the old guide’s policy (now the live one) blocks the sandbox’s Stripe.js stand-in', async () => {
    const id = await createRequest();
    const page = await newPage();
    await page.goto(oldGuideSite.payUrl(id));
    await waitForState(page, 'blocked');
    expect(await violations(page)).toContainEqual(expect.objectContaining({ directive: 'script-src' }));
    // Stripe.js never ran, so nothing can have mounted the card form.
    expect(page.frames().some((f) => f.url().includes('/_sandbox/elements/payment'))).toBe(false);
  });

  describe('live mode (Stripe cannot be reached here: the policy is checked, no payment runs)', () => {
    /** Each concrete URL the live policy must let through, by the directive a browser checks it against. */
    function liveTargets(): { directive: string; url: string }[] {
      const loader = stripeJsUrlOfLoader();
      const targets = [{ directive: 'script-src', url: loader.url }];
      for (const [directive, sources] of Object.entries(STRIPE_LIVE_SOURCES))
        for (const source of sources)
          // One URL per directive, so that the request that got through says which directive let it.
          if (!source.includes('*')) targets.push({ directive, url: `${source}/?probe=${directive}` });
      return targets;
    }

    /**
     * Opens a page of `site` and requests each target as the widget and Stripe.js would (script, iframe,
     * fetch, image). A request the policy lets through reaches the network layer, where the test stops it and
     * records it; one the policy refuses never gets there and fires a violation. Waits until each is one or the
     * other.
     */
    async function probe(site: MerchantSite, targets: { directive: string; url: string }[]) {
      const page = await newPage();
      const reached: string[] = [];
      await page.route(
        (url) => url.hostname === 'stripe.com' || url.hostname.endsWith('.stripe.com'),
        async (route) => {
          reached.push(route.request().url());
          await route.abort();
        },
      );
      await page.goto(`${site.origin}/`);
      await page.evaluate((list) => {
        for (const { directive, url } of list) {
          if (directive === 'script-src') {
            const script = document.createElement('script');
            script.src = url;
            document.head.append(script);
          } else if (directive === 'frame-src') {
            const frame = document.createElement('iframe');
            frame.src = url;
            document.body.append(frame);
          } else if (directive === 'connect-src') {
            void fetch(url, { mode: 'no-cors' }).catch(() => undefined);
          } else {
            const img = document.createElement('img');
            img.src = url;
            document.body.append(img);
          }
        }
      }, targets);
      const settled = async () => {
        const seen = await violations(page);
        const open = targets.filter(
          (t) =>
            !reached.includes(t.url) &&
            !seen.some((v) => v.directive === t.directive && t.url.startsWith(v.blocked)),
        );
        return open.length === 0 ? seen : undefined;
      };
      const seen = await poll(settled, 15_000, 'every probe to be let through or refused', 50);
      return { reached, violations: seen };
    }

    it('names every host Stripe lists for Stripe.js, and the Stripe.js URL the built widget’s loader injects', () => {
      const live = directivesOf(contentSecurityPolicy.live);
      for (const [directive, sources] of Object.entries(STRIPE_LIVE_SOURCES))
        for (const source of sources) expect(live.get(directive), directive).toContain(source);
      const loader = stripeJsUrlOfLoader();
      // The built widget carries this loader (its origin and release train), and falls back to the same origin.
      const built = readFileSync(join(DIST, 'widget', 'cargopay.js'), 'utf8');
      expect(built).toContain(`"${loader.origin}"`);
      expect(built).toContain(`"${loader.train}"`);
      expect(live.get('script-src')).toContain(loader.origin);
      expect(live.get('connect-src')).toContain(apiBaseUrl);
      expect(contentSecurityPolicy.live).not.toContain(documented.sandbox);
    });

    it('Chromium lets every one of them through under the documented live policy, and refuses them without js.stripe.com', async () => {
      const targets = liveTargets();
      const live = await probe(await siteWith(contentSecurityPolicy.live), targets);
      expect(live.violations).toEqual([]);
      expect([...new Set(live.reached)].sort()).toEqual(targets.map((t) => t.url).sort());

      // The same probe can fail: without js.stripe.com the script and its frame are refused.
      let stripped = without(contentSecurityPolicy.live, 'script-src', 'https://js.stripe.com');
      stripped = without(stripped, 'frame-src', 'https://js.stripe.com');
      const refused = await probe(await siteWith(stripped), targets);
      const onJs = (url: string) => new URL(url).hostname === 'js.stripe.com';
      expect(refused.violations).toHaveLength(targets.filter((t) => onJs(t.url)).length);
      expect(refused.reached.sort()).toEqual(
        targets
          .filter((t) => !onJs(t.url))
          .map((t) => t.url)
          .sort(),
      );
      expect(refused.reached).not.toContain(stripeJsUrlOfLoader().url);
    });
  });
});
