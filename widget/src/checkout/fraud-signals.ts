const DEVICE_KEY = 'cargopay.device';
let memoryDevice: string | undefined;

/**
 * 128 random bits written with 16 letters and no digit. Hex ids held runs of digits, and about one browser in
 * a few hundred got one of 13 or more that passes the Luhn check: the server refuses every body that looks
 * like it carries a card number, so that browser could never pay (`card-data-refused`, kept in
 * `localStorage`). An id without digits can never look like one.
 */
const LETTERS = 'abcdefghijklmnop';
const FORMAT = /^[a-p]{32}$/;

const random = (): string =>
  Array.from(
    crypto.getRandomValues(new Uint8Array(16)),
    (b) => LETTERS.charAt(b >> 4) + LETTERS.charAt(b & 15),
  ).join('');

/**
 * A random id kept in this browser's `localStorage` (in memory when storage is blocked), sent with intent
 * requests as a fraud signal. It is not derived from the device: no fingerprinting. A stored id of another
 * form (an older widget's hex id) is replaced.
 */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id || !FORMAT.test(id)) localStorage.setItem(DEVICE_KEY, (id = random()));
    return id;
  } catch {
    return (memoryDevice ??= random());
  }
}

const memoryAttempts = new Map<string, number>();

/** Payment attempts made for `paymentRequest` in this browser session (sessionStorage). */
export function attempts(paymentRequest: string): number {
  try {
    return Number(sessionStorage.getItem(`cargopay.attempts.${paymentRequest}`)) || 0;
  } catch {
    return memoryAttempts.get(paymentRequest) ?? 0;
  }
}

/** Counts one more attempt for `paymentRequest` and returns the new count. */
export function countAttempt(paymentRequest: string): number {
  const next = attempts(paymentRequest) + 1;
  memoryAttempts.set(paymentRequest, next);
  try {
    sessionStorage.setItem(`cargopay.attempts.${paymentRequest}`, String(next));
  } catch {
    // Storage blocked: the in-memory count stands.
  }
  return next;
}
