/**
 * `/.well-known/security.txt` (RFC 9116) from the operator's security contact, or `null` when the operator
 * published none (RFC 9116 requires a Contact, so the site then publishes no file rather than an invented one).
 * `Expires` is set at build time to `securityTxtValidityDays` ahead, so a site that is rebuilt and redeployed
 * keeps a valid file.
 */
import { operator } from '../data/operator.ts';

const DAY_MS = 86_400_000;

/** The file's text, or `null` when there is no contact to publish. */
export function securityTxt(now: Date = new Date()): string | null {
  const { security } = operator;
  if (!security) return null;
  const site = operator.siteUrl?.replace(/\/$/, '') ?? null;
  const expires = new Date(now.getTime() + security.securityTxtValidityDays * DAY_MS);
  expires.setUTCMilliseconds(0);
  const lines = [
    `Contact: mailto:${security.email}`,
    `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
    ...(security.encryptionKeyUrl ? [`Encryption: ${security.encryptionKeyUrl}`] : []),
    `Preferred-Languages: ${security.preferredLanguages.join(', ')}`,
    // Canonical and Policy are absolute URIs, so they need the site's public URL.
    ...(site ? [`Canonical: ${site}/.well-known/security.txt`, `Policy: ${site}/security-contact/`] : []),
  ];
  return `${lines.join('\n')}\n`;
}
