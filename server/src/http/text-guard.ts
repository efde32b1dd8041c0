/**
 * What every string a client sends must not hold, checked once for every validated body, query and path
 * (`validate.ts`) whatever its schema says, so that no text field reaches the store, a PDF or Stripe with:
 * - a lone UTF-16 surrogate (`"\ud800"` in JSON): not a character; it cannot be encoded as UTF-8, so it turns
 *   into U+FFFD on the way to the database and makes Stripe's SDK throw while encoding the request;
 * - a C0 control character other than tab, line feed and carriage return, or DEL: no shipment text, name or
 *   reference needs one, NUL truncates strings in C libraries, and the others garble logs and documents;
 * - the key `__proto__`: JSON.parse makes it an own key, but every object built from it drops it silently.
 * Map keys are checked like values. The walk is iterative and stops after `MAX_TEXT_ERRORS` findings.
 */

/** A lone surrogate: a high one not followed by a low one, or a low one not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex -- control characters are exactly what this looks for
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/** At most this many findings are reported; one is enough to refuse. */
export const MAX_TEXT_ERRORS = 20;

export interface TextError {
  path: string;
  message: string;
}

/** Why `text` may not be stored, or `null` when it is fine. */
export function textFault(text: string): string | null {
  if (LONE_SURROGATE.test(text)) return 'contains an unpaired UTF-16 surrogate (not a character)';
  if (CONTROL.test(text)) return 'contains a control character (only tab, line feed and carriage return)';
  return null;
}

/** Every string value and key in `value` that `textFault` refuses, with its dotted path (`customer.name`). */
export function textErrors(value: unknown): TextError[] {
  const errors: TextError[] = [];
  const pending: { value: unknown; path: string[] }[] = [{ value, path: [] }];
  while (pending.length > 0 && errors.length < MAX_TEXT_ERRORS) {
    const item = pending.pop() as { value: unknown; path: string[] };
    if (typeof item.value === 'string') {
      const fault = textFault(item.value);
      if (fault) errors.push({ path: item.path.join('.'), message: fault });
    } else if (Array.isArray(item.value)) {
      item.value.forEach((v: unknown, i) => pending.push({ value: v, path: [...item.path, String(i)] }));
    } else if (item.value !== null && typeof item.value === 'object') {
      for (const [key, v] of Object.entries(item.value)) {
        const path = [...item.path, key];
        const keyFault = key === '__proto__' ? 'is a reserved name' : textFault(key);
        if (keyFault) errors.push({ path: path.join('.'), message: `the key ${keyFault}` });
        else pending.push({ value: v, path });
      }
    }
  }
  return errors.slice(0, MAX_TEXT_ERRORS);
}
