/**
 * Applies the Elements Appearance API (`theme` and `variables`) to the frame: the theme picks a set of
 * defaults, each variable the merchant gives overrides one CSS custom property of `payment-element.css`.
 * Values are set through the CSSOM, which the frame's CSP (no inline style) allows.
 */
import type { Appearance } from '@stripe/stripe-js';

type Variables = NonNullable<Appearance['variables']>;

/** The variables the frame's stylesheet reads, with each theme's defaults. */
const THEMES: Record<'stripe' | 'night' | 'flat', Required<Pick<Variables, SupportedVariable>>> = {
  stripe: {
    colorPrimary: '#0570de',
    colorBackground: '#ffffff',
    colorText: '#30313d',
    colorTextSecondary: '#6d6e78',
    colorTextPlaceholder: '#87898f',
    colorDanger: '#df1b41',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Ubuntu, sans-serif',
    fontSizeBase: '16px',
    fontLineHeight: '1.15',
    spacingUnit: '4px',
    borderRadius: '5px',
    focusBoxShadow: '0 0 0 3px hsla(210, 96%, 45%, 25%)',
    focusOutline: '0',
  },
  night: {
    colorPrimary: '#0085ff',
    colorBackground: '#30313d',
    colorText: '#ffffff',
    colorTextSecondary: '#a9aab2',
    colorTextPlaceholder: '#86878f',
    colorDanger: '#fe87a1',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Ubuntu, sans-serif',
    fontSizeBase: '16px',
    fontLineHeight: '1.15',
    spacingUnit: '4px',
    borderRadius: '5px',
    focusBoxShadow: '0 0 0 3px hsla(210, 96%, 60%, 35%)',
    focusOutline: '0',
  },
  flat: {
    colorPrimary: '#0570de',
    colorBackground: '#f1f1f1',
    colorText: '#30313d',
    colorTextSecondary: '#6d6e78',
    colorTextPlaceholder: '#87898f',
    colorDanger: '#df1b41',
    fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Ubuntu, sans-serif',
    fontSizeBase: '16px',
    fontLineHeight: '1.15',
    spacingUnit: '4px',
    borderRadius: '5px',
    focusBoxShadow: '0 0 0 2px #0570de',
    focusOutline: '0',
  },
};

/** The Appearance variables the sandbox's Payment Element follows; others are ignored. */
export const SUPPORTED_VARIABLES = [
  'colorPrimary',
  'colorBackground',
  'colorText',
  'colorTextSecondary',
  'colorTextPlaceholder',
  'colorDanger',
  'fontFamily',
  'fontSizeBase',
  'fontLineHeight',
  'spacingUnit',
  'borderRadius',
  'focusBoxShadow',
  'focusOutline',
] as const;

export type SupportedVariable = (typeof SUPPORTED_VARIABLES)[number];

/** The value of every supported variable for an appearance: the theme's default unless overridden. */
export function resolveAppearance(appearance: Appearance | undefined): Record<SupportedVariable, string> {
  const theme = THEMES[appearance?.theme ?? 'stripe'] ?? THEMES.stripe;
  const resolved = { ...theme };
  const given = appearance?.variables ?? {};
  for (const name of SUPPORTED_VARIABLES) {
    const value = given[name];
    // A value that could close the declaration is refused rather than trusted.
    if (typeof value === 'string' && value.length > 0 && !/[;{}]/.test(value)) resolved[name] = value;
  }
  return resolved;
}

/** Sets the resolved variables as `--p-<name>` custom properties on the frame's root element. */
export function applyAppearance(root: HTMLElement, appearance: Appearance | undefined): void {
  const resolved = resolveAppearance(appearance);
  for (const name of SUPPORTED_VARIABLES) root.style.setProperty(`--p-${name}`, resolved[name]);
  root.dataset.theme = appearance?.theme ?? 'stripe';
}
