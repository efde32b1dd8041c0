import type Stripe from 'stripe';
import { z } from 'zod';
import type { Problem } from '../contract/http.ts';
import { fieldErrors } from '../http/validate.ts';

/**
 * The shape a verified Stripe event must have before it is stored. A valid signature says Stripe sent the
 * bytes, not that CargoPay can use them: an `id` that is a number was stored under one spelling and sealed
 * under another, and a `created` of 1.5 or a `data` of `null` failed deep inside the store. So the envelope is
 * checked once, at the door, and the worker checks stored payloads with the same schema.
 *
 * Event types: any type written in Stripe's syntax is accepted. Types CargoPay acts on (`HANDLED_EVENTS`)
 * must also carry the object they name, with a string id, because that id keys rows (disputes, casework,
 * Stripe records). Other well-formed types (an endpoint subscribed to more than CargoPay reads, or a type
 * Stripe added) are stored and acknowledged with 200 and applied as "nothing to do" (see `apply.ts`):
 * refusing them would only make Stripe retry them for three days and then disable the endpoint, taking the
 * events CargoPay needs with it. Only a type that is not in Stripe's syntax is refused.
 */

/** Stripe's event ids: `evt_` and letters, digits or underscores, at most 255 characters in all. */
export const EVENT_ID = /^evt_[A-Za-z0-9_]{1,251}$/;
/** Stripe's event type syntax: lower-case dotted words (`payment_intent.succeeded`, `v1.billing.meter.…`). */
export const EVENT_TYPE = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){1,5}$/;
const OBJECT_ID = /^[A-Za-z0-9_]{1,255}$/;

/**
 * The events CargoPay reads (`apply.ts`, `casework/worker.ts`), each with the Stripe object it carries: whole
 * families where every type carries the same object, single types otherwise (`charge.refund.updated` carries a
 * refund, so `charge.` is not a family).
 */
export const HANDLED_EVENTS: readonly { type: string; object: string }[] = [
  { type: 'payment_intent.*', object: 'payment_intent' },
  { type: 'charge.dispute.*', object: 'dispute' },
  { type: 'radar.early_fraud_warning.*', object: 'radar.early_fraud_warning' },
  { type: 'charge.succeeded', object: 'charge' },
  { type: 'charge.failed', object: 'charge' },
  { type: 'charge.updated', object: 'charge' },
  { type: 'charge.refunded', object: 'charge' },
  { type: 'charge.expired', object: 'charge' },
  { type: 'refund.*', object: 'refund' },
  { type: 'charge.refund.updated', object: 'refund' },
  { type: 'account.updated', object: 'account' },
];

/** The Stripe object a handled event type carries; `undefined` for types CargoPay only acknowledges. */
export function objectKindOf(type: string): string | undefined {
  return HANDLED_EVENTS.find((h) =>
    h.type.endsWith('.*') ? type.startsWith(h.type.slice(0, -1)) : type === h.type,
  )?.object;
}

const envelopeSchema = z
  .object({
    id: z.string().regex(EVENT_ID, 'must be a Stripe event id: evt_ then letters, digits or _ (≤ 255)'),
    type: z.string().max(120).regex(EVENT_TYPE, 'must be a Stripe event type, e.g. payment_intent.succeeded'),
    created: z.int().min(0),
    livemode: z.boolean(),
    data: z.object({ object: z.record(z.string(), z.unknown()) }),
  })
  .superRefine((event, ctx) => {
    const kind = objectKindOf(event.type);
    if (kind === undefined) return;
    const object = event.data.object;
    if (typeof object.id !== 'string' || !OBJECT_ID.test(object.id)) {
      ctx.addIssue({
        code: 'custom',
        path: ['data', 'object', 'id'],
        message: `must be the ${kind}'s Stripe id`,
      });
    }
    if (object.object !== kind) {
      ctx.addIssue({ code: 'custom', path: ['data', 'object', 'object'], message: `must be "${kind}"` });
    }
  });

export type EnvelopeCheck =
  { ok: true; event: Stripe.Event } | { ok: false; errors: NonNullable<Problem['errors']> };

/** Checks a parsed event body; errors name each field (`id`, `data.object`, …), never its value. */
export function checkEnvelope(body: unknown): EnvelopeCheck {
  const result = envelopeSchema.safeParse(body);
  if (result.success) return { ok: true, event: body as Stripe.Event };
  return {
    ok: false,
    errors: fieldErrors(result.error.issues).map((e) => ({ path: e.path || 'event', message: e.message })),
  };
}

/** Parses a stored payload and checks its envelope; the error says which fields, never what they held. */
export function readEnvelope(payload: string): { event: Stripe.Event } | { error: string } {
  let body: unknown;
  try {
    body = JSON.parse(payload);
  } catch {
    // JSON.parse quotes the text it failed on: not a message for a log or a plaintext column.
    return { error: 'payload is not valid JSON' };
  }
  const checked = checkEnvelope(body);
  if (checked.ok) return { event: checked.event };
  return { error: `event envelope not valid: ${checked.errors.map((e) => e.path).join(', ')}` };
}
