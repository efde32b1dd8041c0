/**
 * The integration guide's Content-Security-Policy snippets (live mode and sandbox mode), read as a browser
 * reads the header: one line `Content-Security-Policy: <directive>; <directive>…`, each directive a name and
 * its sources separated by whitespace (W3C CSP Level 3, "parse a serialized CSP"). The check compares each
 * with the page policy the server itself sends around the widget in that mode, so the guide cannot drift from
 * what the widget needs.
 */

import { documentedSandboxOrigins, type CspMode } from '../data/content-security-policy.ts';
import { contentSecurityPolicy } from '../data/snippets.ts';

/** A parsed header line: its name and directives (name → sources), or why it is not a valid one. */
export interface ParsedCsp {
  name: string;
  directives: Map<string, string[]>;
  problems: string[];
}

// RFC 9110 field-name (token) and the characters CSP allows in a serialized policy (visible ASCII and
// whitespace, no ',' which would start a second policy).
const FIELD_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const DIRECTIVE_NAME = /^[a-z0-9-]+$/;
const POLICY_CHARS = /^[\x20-\x2b\x2d-\x7e\t]*$/;

/** Parses `text` as one HTTP header line carrying a Content-Security-Policy. */
export function parseCspHeader(text: string): ParsedCsp {
  const problems: string[] = [];
  const directives = new Map<string, string[]>();
  if (/[\r\n]/.test(text)) problems.push('spans more than one line: a header value cannot hold a line break');
  const line = text.replace(/\r?\n\s*/g, ' ');
  const colon = line.indexOf(':');
  const name = colon === -1 ? '' : line.slice(0, colon);
  if (colon === -1 || !FIELD_NAME.test(name)) {
    problems.push('is not "name: value"');
    return { name, directives, problems };
  }
  if (name.toLowerCase() !== 'content-security-policy')
    problems.push(`is a ${name} header, not Content-Security-Policy`);
  const value = line.slice(colon + 1).trim();
  if (!POLICY_CHARS.test(value)) problems.push('holds a comma or a character a policy cannot contain');
  for (const token of value.split(';')) {
    const trimmed = token.trim();
    if (!trimmed) continue;
    const [directive = '', ...sources] = trimmed.split(/[ \t]+/);
    const key = directive.toLowerCase();
    if (!DIRECTIVE_NAME.test(key)) problems.push(`"${directive}" is not a directive name`);
    else if (directives.has(key)) problems.push(`${key} appears twice (browsers ignore the second)`);
    else directives.set(key, sources);
  }
  if (directives.size === 0) problems.push('has no directive');
  return { name, directives, problems };
}

/** Where the widget's requests go, by directive, as the server's page policy allows them. */
export const WIDGET_DIRECTIVES = ['script-src', 'frame-src', 'connect-src', 'img-src'] as const;

/**
 * What a merchant page must allow for the widget, derived from the page policy the server sends around the
 * widget (its example shop and demo): every origin it allows in the directives the widget's requests fall
 * under (Stripe's https hosts and, in sandbox mode, the sandbox's origin), and, in `script-src` and
 * `connect-src`, the CargoPay origin itself, which is `'self'` on the server's pages but another origin on the
 * merchant's (the widget script and its checkout API calls).
 */
export function requiredForWidget(
  serverDirectives: Record<string, string[]>,
  cargopayOrigin: string,
): Map<string, string[]> {
  const required = new Map<string, string[]>();
  for (const directive of WIDGET_DIRECTIVES) {
    const sources = (serverDirectives[directive] ?? []).filter((source) => /^https?:\/\//.test(source));
    if (directive === 'script-src' || directive === 'connect-src') sources.unshift(cargopayOrigin);
    required.set(directive, sources);
  }
  return required;
}

/** A policy the guide must show: its mode, the exact header line, and what the widget needs in that mode. */
export interface DocumentedPolicy {
  mode: CspMode;
  header: string;
  needs: Map<string, string[]>;
}

/**
 * The two policies of the integration guide, each with what the server's own page policy in that mode says
 * the widget needs: live mode (no sandbox) for the operator's CargoPay URL, sandbox mode for the development
 * server and the sandbox origin the guide shows.
 */
export function documentedPolicies(
  pageDirectives: (o: { sandboxOrigin: string | null }) => Record<string, string[]>,
  apiBaseUrl: string,
): DocumentedPolicy[] {
  return [
    {
      mode: 'live',
      header: contentSecurityPolicy.live,
      needs: requiredForWidget(pageDirectives({ sandboxOrigin: null }), apiBaseUrl),
    },
    {
      mode: 'sandbox',
      header: contentSecurityPolicy.sandbox,
      needs: requiredForWidget(
        pageDirectives({ sandboxOrigin: documentedSandboxOrigins.sandbox }),
        documentedSandboxOrigins.cargopay,
      ),
    },
  ];
}

/** Sources that would weaken the merchant's page and that the widget does not need. */
const UNSAFE = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", '*', 'http:', 'https:', 'data:'];

/** What is wrong with a parsed snippet against what the widget needs; empty when it allows exactly enough. */
export function compareWithWidgetNeeds(snippet: ParsedCsp, required: Map<string, string[]>): string[] {
  const problems: string[] = [];
  for (const [directive, sources] of required) {
    const given = snippet.directives.get(directive);
    if (!given) {
      problems.push(`has no ${directive}; the widget needs ${sources.join(' ')}`);
      continue;
    }
    const missing = sources.filter((source) => !given.includes(source));
    if (missing.length) problems.push(`${directive} lacks ${missing.join(' ')}, which the widget needs`);
  }
  for (const [directive, given] of snippet.directives) {
    const unsafe = given.filter((source) => UNSAFE.includes(source));
    if (unsafe.length)
      problems.push(`${directive} allows ${unsafe.join(' ')}, which the widget does not need`);
  }
  return problems;
}
