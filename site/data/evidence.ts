/**
 * Labels for the evidence CargoPay compiles when a card is disputed. What each item fills in Stripe's
 * `evidence` and which items each dispute reason uses come from the server itself (`EVIDENCE_ITEMS` and
 * `EVIDENCE_BY_REASON` in server/src/disputes/compile.ts); this file only names them for readers, and the
 * compiler refuses it when the server adds an item without a label here.
 */
import type Stripe from 'stripe';
import { FILE_EVIDENCE_FIELDS } from '../../server/sandbox/api/dispute-evidence.ts';
import type { EvidenceItem } from '../../server/src/disputes/compile.ts';
import type { Localized } from './localized.ts';

export type EvidenceField = keyof Stripe.DisputeUpdateParams.Evidence;

/**
 * Stripe's evidence fields that take the id of an uploaded file (Files API, purpose `dispute_evidence`): the
 * list the sandbox enforces, so the docs and the Stripe stand-in cannot disagree.
 */
export const FILE_FIELDS: ReadonlySet<EvidenceField> = new Set<EvidenceField>(FILE_EVIDENCE_FIELDS);

export const evidenceLabels = {
  shipment: {
    item: { en: 'Shipment and delivery', es: 'Envío y entrega' },
    source: {
      en: 'Carrier, tracking number, dates shipped and delivered, delivery address',
      es: 'Transportista, número de seguimiento, fechas de envío y entrega, dirección de entrega',
    },
  },
  proof_of_delivery: {
    item: { en: 'Signed proof of delivery', es: 'Prueba de entrega firmada' },
    source: {
      en: 'The POD uploaded for the shipment (PDF, PNG or JPEG)',
      es: 'La prueba de entrega subida para el envío (PDF, PNG o JPEG)',
    },
  },
  communication: {
    item: { en: 'Communication log', es: 'Registro de comunicaciones' },
    source: {
      en: 'Messages with the buyer, as a generated PDF',
      es: 'Los mensajes con el comprador, en un PDF generado',
    },
  },
  service: {
    item: { en: 'Service description', es: 'Descripción del servicio' },
    source: {
      en: 'The payment request and the merchant’s service description',
      es: 'La solicitud de pago y la descripción del servicio del comercio',
    },
  },
  terms: {
    item: { en: 'Terms of service', es: 'Condiciones del servicio' },
    source: {
      en: 'The merchant’s terms, overridable per request',
      es: 'Las condiciones del comercio, modificables por solicitud',
    },
  },
  refund_policy: {
    item: { en: 'Refund policy', es: 'Política de reembolso' },
    source: {
      en: 'The merchant’s refund policy, overridable per request',
      es: 'La política de reembolso del comercio, modificable por solicitud',
    },
  },
  customer: {
    item: { en: 'Buyer', es: 'Comprador' },
    source: {
      en: 'Name, email and billing address from the payment request',
      es: 'Nombre, correo y dirección de facturación de la solicitud de pago',
    },
  },
  purchase_activity: {
    item: { en: 'Checkout activity', es: 'Actividad en el pago' },
    source: {
      en: 'Each checkout attempt: time, IP address, device id, risk decision and score',
      es: 'Cada intento de pago: hora, dirección IP, identificador de dispositivo, decisión y puntuación de riesgo',
    },
  },
  duplicate: {
    item: { en: 'Duplicate-charge explanation', es: 'Explicación de cargo duplicado' },
    source: {
      en: 'One PaymentIntent per payment request, with its shipment reference',
      es: 'Un PaymentIntent por solicitud de pago, con su referencia de envío',
    },
  },
} satisfies Record<EvidenceItem, { item: Localized; source: Localized }>;

/** Stripe's dispute reasons, as readers know them. */
export const reasonLabels: Record<string, Localized> = {
  product_not_received: { en: 'Product not received', es: 'Producto no recibido' },
  fraudulent: { en: 'Fraudulent', es: 'Fraudulento' },
  unrecognized: { en: 'Unrecognized', es: 'No reconocido' },
  duplicate: { en: 'Duplicate', es: 'Duplicado' },
  credit_not_processed: { en: 'Credit not processed', es: 'Abono no procesado' },
  product_unacceptable: { en: 'Product unacceptable', es: 'Producto inaceptable' },
  subscription_canceled: { en: 'Subscription canceled', es: 'Suscripción cancelada' },
  general: { en: 'General (and bank or network reasons)', es: 'General (y motivos del banco o de la red)' },
};
