import { containsCardNumber, luhnValid } from './card-guard.ts';

/**
 * Redaction of everything that goes into a log line: values under sensitive keys (any depth, any spelling of
 * case, `-` or `_`), and e-mail addresses, card-number-looking digit runs and credentials inside any string.
 * Over-redacting is the safe side: a 13–19 digit Luhn-valid run is masked even where the card guard would
 * have let it through as a shipment identifier.
 */

export const REDACTED = '[redacted]';
const EMAIL_MARK = '[redacted:email]';
const CARD_MARK = '[redacted:card]';
const SECRET_MARK = '[redacted:secret]';

/** Objects nested deeper than this are replaced by a marker, so a hostile structure costs bounded work. */
export const MAX_DEPTH = 16;
/** Keys or items visited per object or array; the rest are summarised. */
const MAX_ENTRIES = 500;

/**
 * Keys (compared lower-cased, without `-`, `_`, `.` or spaces) whose values never reach a log: credentials
 * and the personal data a buyer gives (names, addresses, phone numbers, tax ids, network addresses), and
 * card fields. `type`, `merchantId`, `paymentRequest`, `status` and the like are not here.
 */
const SENSITIVE_KEYS = new Set([
  'authorization',
  'proxyauthorization',
  'cookie',
  'setcookie',
  'idempotencykey',
  'apikey',
  'xapikey',
  'name',
  'firstname',
  'lastname',
  'fullname',
  'givenname',
  'familyname',
  'surname',
  'customername',
  'cardholdername',
  'holdername',
  'username',
  'address',
  'line1',
  'line2',
  'billingaddress',
  'shippingaddress',
  'ip',
  'ipaddress',
  'remoteaddress',
  'clientip',
  'xforwardedfor',
  'xrealip',
  'forwarded',
  'cardnumber',
  'pan',
  'cvc',
  'cvv',
  'vatnumber',
  'vatid',
  'taxid',
  'iban',
  'dob',
  'dateofbirth',
  'birthdate',
]);

/** Parts of a key that make it sensitive wherever they appear in it (`client_secret`, `customer_email`, …). */
const SENSITIVE_PARTS = [
  'secret',
  'password',
  'passwd',
  'passphrase',
  'token',
  'apikey',
  'privatekey',
  'encryptionkey',
  'signature',
  'credential',
  'cookie',
  'authorization',
  'email',
  'phone',
];

/** Keys of an error object that describe the error rather than a person (`name` is the error's class). */
const ERROR_KEYS = new Set(['name', 'message', 'stack', 'code', 'type']);

export function isSensitiveKey(key: string): boolean {
  const k = key.toLowerCase().replace(/[-_. ]/g, '');
  return SENSITIVE_KEYS.has(k) || SENSITIVE_PARTS.some((part) => k.includes(part));
}

// CargoPay keys and signing secrets, Stripe secret/restricted keys and webhook secrets, PaymentIntent client
// secrets, and the credentials of an Authorization header ("Bearer …", "Basic …": at least 8 characters with
// a digit or a symbol, so that the English words "bearer" and "basic" stay readable).
const SECRETS =
  /\b(?:cp_(?:test|live)_[A-Za-z0-9_-]{4,}|cpwhsec_[A-Za-z0-9_-]+|(?:sk|rk)_(?:test|live)_[A-Za-z0-9]+|whsec_[A-Za-z0-9+/=_-]+|[a-z]{2,4}_[A-Za-z0-9]+_secret_[A-Za-z0-9]+)|\b(?:Bearer|BEARER|Basic|BASIC)\s+(?=[^\s"',;]*[0-9+/=_.~-])[^\s"',;]{8,}/g;

const LOCAL_CHAR = /[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]/;
const DOMAIN_CHAR = /[A-Za-z0-9.-]/;

/** Replaces every e-mail address in `text`: found from each `@` outwards, so the work stays linear. */
function maskEmails(text: string): string {
  if (!text.includes('@')) return text;
  let out = '';
  let copied = 0;
  let at = text.indexOf('@');
  while (at !== -1) {
    let start = at;
    while (start > copied && at - start < 64 && LOCAL_CHAR.test(text[start - 1] as string)) start--;
    let end = at + 1;
    while (end < text.length && end - at <= 255 && DOMAIN_CHAR.test(text[end] as string)) end++;
    // Trailing dots or dashes belong to the sentence, not the domain.
    while (end > at + 1 && /[.-]/.test(text[end - 1] as string)) end--;
    const domain = text.slice(at + 1, end);
    if (start < at && /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/.test(domain)) {
      out += text.slice(copied, start) + EMAIL_MARK;
      copied = end;
    }
    at = text.indexOf('@', Math.max(at + 1, copied));
  }
  return out + text.slice(copied);
}

// Digits joined by up to three characters that are neither letters nor digits (spaces of any kind, dots,
// slashes, dashes, underscores, tabs…), as card numbers are written by people and by machines.
const DIGIT_RUN = /[0-9](?:[^\p{L}\p{N}]{0,3}[0-9])*/gu;

/** Whether some consecutive groups of a run hold 13–19 digits that pass Luhn. */
function holdsCardNumber(run: string): boolean {
  const groups = run.split(/[^0-9]+/);
  for (let start = 0; start < groups.length; start++) {
    let digits = '';
    for (let end = start; end < groups.length && digits.length < 19; end++) {
      digits += groups[end];
      if (digits.length >= 13 && digits.length <= 19 && luhnValid(digits)) return true;
    }
    // A long unbroken group may hold the number inside it.
    const group = groups[start] as string;
    for (let from = 0; group.length > 19 && from + 13 <= group.length; from++) {
      for (let len = 13; len <= 19 && from + len <= group.length; len++) {
        if (luhnValid(group.slice(from, from + len))) return true;
      }
    }
  }
  return false;
}

/** Masks every digit run in `text` that holds a card number (the whole run, so no digits of it leak). */
function maskCardNumbers(text: string): string {
  let digits = 0;
  for (let i = 0; i < text.length && digits < 13; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  if (digits < 13) return text;
  return text.replace(DIGIT_RUN, (run) => {
    const digits = run.replace(/[^0-9]/g, '').length;
    if (digits < 13) return run;
    return holdsCardNumber(run) || containsCardNumber(run) ? CARD_MARK : run;
  });
}

/** A string as it may be logged: credentials, e-mail addresses and card numbers in it masked. */
export function redactText(text: string): string {
  return maskCardNumbers(maskEmails(text.replace(SECRETS, SECRET_MARK)));
}

/**
 * A copy of `value` as it may be logged. Values under sensitive keys are replaced by `[redacted]` whatever
 * their type; every string is passed through `redactText`; errors keep their class, message and stack
 * (redacted); cycles become `[circular]` and anything deeper than `MAX_DEPTH` `[too deep]`. The input is
 * never modified.
 */
export function redactValue(value: unknown): unknown {
  return walk(value, 0, new Set());
}

function walk(value: unknown, depth: number, ancestors: Set<object>): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object') return value;
  if (ancestors.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return '[too deep]';
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ENTRIES).map((item: unknown) => walk(item, depth + 1, ancestors));
      if (value.length > MAX_ENTRIES) items.push(`[${value.length - MAX_ENTRIES} more]`);
      return items;
    }
    const error = value instanceof Error;
    const errorLike =
      error ||
      (typeof (value as { message?: unknown }).message === 'string' &&
        typeof (value as { stack?: unknown }).stack === 'string');
    // An Error keeps its prototype so that pino's error serializer still names its class.
    const copy: Record<string, unknown> = error
      ? (Object.create(Object.getPrototypeOf(value) as object) as Record<string, unknown>)
      : {};
    if (error) {
      copy.message = redactText(value.message);
      if (value.stack !== undefined) copy.stack = redactText(value.stack);
      if (value.cause !== undefined) copy.cause = walk(value.cause, depth + 1, ancestors);
    }
    let seen = 0;
    for (const key of Object.keys(value)) {
      if (seen++ >= MAX_ENTRIES) {
        copy['[more]'] = `${Object.keys(value).length - MAX_ENTRIES} keys`;
        break;
      }
      const item = (value as Record<string, unknown>)[key];
      const keepAsError = errorLike && ERROR_KEYS.has(key);
      copy[key] =
        !keepAsError && isSensitiveKey(key) && item !== null && item !== undefined
          ? REDACTED
          : walk(item, depth + 1, ancestors);
    }
    return copy;
  } finally {
    ancestors.delete(value);
  }
}
