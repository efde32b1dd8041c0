import { z } from 'zod';

/**
 * The example shop's freight tariff: a made-up but plausible price for a parcel or pallet between two EU
 * cities, decided on the server (the browser only sends the shipment's facts).
 */
export const quoteFormSchema = z.object({
  from: z.string().trim().min(2).max(60),
  to: z.string().trim().min(2).max(60),
  weight_kg: z.coerce.number().min(0.1).max(2_000),
  service: z.enum(['standard', 'express']),
  name: z.string().trim().min(1).max(200),
  email: z.email().max(254),
});

export type QuoteForm = z.infer<typeof quoteFormSchema>;

/** Price in euro cents: base fee, per-kg rate with a volume discount above 100 kg, express surcharge. */
export function priceCents(form: Pick<QuoteForm, 'weight_kg' | 'service'>): number {
  const base = 1_200;
  const firstKg = Math.min(form.weight_kg, 100) * 95;
  const moreKg = Math.max(0, form.weight_kg - 100) * 40;
  const subtotal = base + firstKg + moreKg;
  return Math.round(form.service === 'express' ? subtotal * 1.6 : subtotal);
}
