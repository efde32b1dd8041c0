/**
 * The ES module entry (`import 'cargopay'`): defines `<cargopay-checkout>` and exports its class, its event
 * types and the offline VAT number check.
 */
export { CargopayCheckout, type CheckoutState } from './checkout/checkout.ts';
export type * from './events/index.ts';
export {
  checkVatNumber,
  normalizeVatNumber,
  VAT_COUNTRIES,
  type VatCheck,
  type VatProblem,
} from './vat/vat-number.ts';
export { LOCALES, resolveLocale, type LocaleTag } from './locales/localize.ts';
