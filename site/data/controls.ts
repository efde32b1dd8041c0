/**
 * The security controls registry: every measure the pages say the CargoPay software itself implements.
 *
 * Each entry names the code that implements it and the automated test that verifies it, by file path and the
 * test's exact name. The pages render the "how / where / verified by" of each control from here, and
 * `npm run test:site` fails when an entry names a file that does not exist or a test that its file does not
 * contain. Measures that the software does not implement (Stripe's, or the operator's) never go here: the
 * pages cite Stripe for the former and `operator.ts` holds the latter.
 *
 * Adding a control is one edit: append an entry below. Its `area` decides where it appears (`/security/`,
 * `/fraud/`, `/disputes/`, …) and `owasp` puts it under those categories on `/best-practices/`.
 */
import type { Localized } from './localized.ts';

/** Where a control is shown; each page lists the areas it renders. */
export type ControlArea =
  | 'encryption'
  | 'authentication'
  | 'card-data'
  | 'webhooks'
  | 'http'
  | 'abuse'
  | 'storage'
  | 'monitoring'
  | 'disputes'
  | 'widget';

/** OWASP Top 10:2021 categories. */
export type OwaspId = 'A01' | 'A02' | 'A03' | 'A04' | 'A05' | 'A06' | 'A07' | 'A08' | 'A09' | 'A10';

export interface TestRef {
  /** Repo-relative path of the test file. */
  file: string;
  /** The test's exact name, as written in the file (`it('…')` / `test('…')`). */
  name: string;
}

export interface Control {
  /** Stable kebab-case id; the HTML anchor of the control is `control-<id>`. */
  id: string;
  area: ControlArea;
  /** What the software guarantees, one sentence. */
  claim: Localized;
  /** How it does it, one or two sentences. */
  how: Localized;
  /** Repo-relative paths of the code or configuration that implement it. */
  where: string[];
  /** The automated tests that verify it; at least one. */
  verifiedBy: TestRef[];
  owasp: OwaspId[];
}

export const controls: Control[] = [];

/** The page (path without locale prefix) that renders each area's controls. */
export const areaPage: Record<ControlArea, string> = {
  encryption: '/security/',
  authentication: '/security/',
  'card-data': '/security/',
  webhooks: '/security/',
  http: '/security/',
  storage: '/security/',
  monitoring: '/incident-response/',
  abuse: '/fraud/',
  disputes: '/disputes/',
  widget: '/integration/',
};
