/**
 * `/.well-known/security.txt` (RFC 9116) from the operator's security contact. `Expires` is set at build time
 * to `securityTxtValidityDays` ahead, so a site that is rebuilt and redeployed keeps a valid file.
 */
import { operator } from '../data/operator.ts';

const DAY_MS = 86_400_000;

export function securityTxt(now: Date = new Date()): string {
  const site = operator.siteUrl.replace(/\/$/, '');
  const expires = new Date(now.getTime() + operator.security.securityTxtValidityDays * DAY_MS);
  expires.setUTCMilliseconds(0);
  const lines = [
    `Contact: mailto:${operator.security.email}`,
    `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
    ...(operator.security.encryptionKeyUrl ? [`Encryption: ${operator.security.encryptionKeyUrl}`] : []),
    `Preferred-Languages: ${operator.security.preferredLanguages.join(', ')}`,
    `Canonical: ${site}/.well-known/security.txt`,
    `Policy: ${site}/security-contact/`,
  ];
  return `${lines.join('\n')}\n`;
}
