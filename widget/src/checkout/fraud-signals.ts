const DEVICE_KEY = 'cargopay.device';
let memoryDevice: string | undefined;

const random = (): string =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

/**
 * A random id kept in this browser's `localStorage` (in memory when storage is blocked), sent with intent
 * requests as a fraud signal. It is not derived from the device: no fingerprinting.
 */
export function deviceId(): string {
  try {
    let id = localStorage.getItem(DEVICE_KEY);
    if (!id) localStorage.setItem(DEVICE_KEY, (id = random()));
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
