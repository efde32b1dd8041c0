import type { Appearance } from '@stripe/stripe-js';

/** Custom properties read from the widget and the Appearance API variables they become. */
const VARIABLES = {
  accent: 'colorPrimary',
  background: 'colorBackground',
  text: 'colorText',
  danger: 'colorDanger',
  'font-family': 'fontFamily',
  radius: 'borderRadius',
  spacing: 'spacingUnit',
} as const;

/**
 * Stripe's Appearance for the Payment Element, from the widget's computed `--cargopay-*` custom properties
 * (the page's values, else the theme's defaults), so Stripe's iframe matches the widget and the host site.
 */
export function appearanceOf(widget: HTMLElement, dark: boolean): Appearance {
  const style = getComputedStyle(widget);
  const variables: Record<string, string> = {};
  for (const [property, variable] of Object.entries(VARIABLES)) {
    const value = style.getPropertyValue(`--cargopay-${property}`).trim();
    if (value) variables[variable] = value;
  }
  return { theme: dark ? 'night' : 'stripe', variables };
}
