/**
 * How each piece of a shipment's record maps to the `evidence` fields of Stripe's Dispute object. The field
 * names are typed against the installed `stripe` package, so a field Stripe does not have cannot be listed.
 */
import type Stripe from 'stripe';
import type { Localized } from './localized.ts';

export type EvidenceField = keyof Stripe.DisputeUpdateParams.Evidence;

export interface EvidenceItem {
  item: Localized;
  /** Where it comes from in CargoPay. */
  source: Localized;
  fields: EvidenceField[];
  /** Sent as text, as an uploaded file (Files API, purpose `dispute_evidence`), or both (one field each). */
  kind: 'text' | 'file' | 'text and file';
}

export const evidenceMap: EvidenceItem[] = [
  {
    item: { en: 'Carrier', es: 'Transportista' },
    source: { en: 'The shipment record', es: 'El registro del envío' },
    fields: ['shipping_carrier'],
    kind: 'text',
  },
  {
    item: { en: 'Tracking number', es: 'Número de seguimiento' },
    source: { en: 'The shipment record', es: 'El registro del envío' },
    fields: ['shipping_tracking_number'],
    kind: 'text',
  },
  {
    item: { en: 'Date shipped', es: 'Fecha de envío' },
    source: { en: 'The shipment record', es: 'El registro del envío' },
    fields: ['shipping_date'],
    kind: 'text',
  },
  {
    item: { en: 'Delivery address', es: 'Dirección de entrega' },
    source: { en: 'The shipment record', es: 'El registro del envío' },
    fields: ['shipping_address'],
    kind: 'text',
  },
  {
    item: { en: 'Signed proof of delivery', es: 'Prueba de entrega firmada' },
    source: {
      en: 'The POD the carrier uploaded (PDF, PNG or JPEG)',
      es: 'La prueba de entrega que subió el transportista (PDF, PNG o JPEG)',
    },
    fields: ['shipping_documentation'],
    kind: 'file',
  },
  {
    item: { en: 'Communication log', es: 'Registro de comunicaciones' },
    source: {
      en: 'Messages with the buyer, as a generated PDF',
      es: 'Los mensajes con el comprador, en un PDF generado',
    },
    fields: ['customer_communication'],
    kind: 'file',
  },
  {
    item: { en: 'Delivery date', es: 'Fecha de entrega' },
    source: { en: 'The shipment record', es: 'El registro del envío' },
    fields: ['service_date'],
    kind: 'text',
  },
  {
    item: { en: 'Service description', es: 'Descripción del servicio' },
    source: {
      en: 'The payment request and the merchant’s service description',
      es: 'La solicitud de pago y la descripción del servicio del comercio',
    },
    fields: ['product_description', 'service_documentation'],
    kind: 'text and file',
  },
  {
    item: { en: 'Terms and refund policy', es: 'Condiciones y política de reembolso' },
    source: {
      en: 'The merchant’s terms, overridable per request',
      es: 'Las condiciones del comercio, modificables por solicitud',
    },
    fields: ['refund_policy', 'refund_policy_disclosure', 'cancellation_policy'],
    kind: 'text and file',
  },
  {
    item: { en: 'Buyer', es: 'Comprador' },
    source: { en: 'The payment request', es: 'La solicitud de pago' },
    fields: ['customer_name', 'customer_email_address', 'billing_address'],
    kind: 'text',
  },
  {
    item: { en: 'Summary of the case', es: 'Resumen del caso' },
    source: { en: 'Written from all of the above', es: 'Redactado a partir de todo lo anterior' },
    fields: ['uncategorized_text'],
    kind: 'text',
  },
];
