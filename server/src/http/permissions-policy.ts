/**
 * The `Permissions-Policy` of the pages this server serves (docs site, example shop, widget files). None of
 * them uses a camera, a microphone, location, sensors or device ports, so every such feature is off for the
 * page and for anything it frames. `payment` (the Payment Request API, behind Apple Pay and Google Pay) stays
 * on for this origin and for Stripe's, whose Payment Element runs in iframes served from
 * `https://js.stripe.com` (and, in sandbox mode, for the sandbox's origin, which stands in for it). A
 * cross-origin frame gets a feature only when both this header and the frame's `allow` attribute grant it;
 * the attribute is Stripe.js's to set on the frames it creates.
 */
export const DENIED_FEATURES = [
  'accelerometer',
  'autoplay',
  'bluetooth',
  'browsing-topics',
  'camera',
  'display-capture',
  'geolocation',
  'gyroscope',
  'hid',
  'idle-detection',
  'magnetometer',
  'microphone',
  'midi',
  'serial',
  'usb',
  'xr-spatial-tracking',
] as const;

/** Origins allowed to use `payment` besides this one. */
export const PAYMENT_ORIGINS = ['https://js.stripe.com'] as const;

/** The header's value; `sandboxOrigin` joins the payment allowlist in sandbox mode. */
export function permissionsPolicy(sandboxOrigin: string | null): string {
  const payment = ['self', ...PAYMENT_ORIGINS, ...(sandboxOrigin ? [sandboxOrigin] : [])]
    .map((o) => (o === 'self' ? o : `"${o}"`))
    .join(' ');
  return [...DENIED_FEATURES.map((f) => `${f}=()`), `payment=(${payment})`].join(', ');
}
