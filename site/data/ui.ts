/** Strings that the site's components print, in every language of the site. */
import type { Localized } from './localized.ts';

export const ui = {
  operatorStatement: { en: 'Operator’s statement', es: 'Declaración del operador' },
  notStated: {
    en: 'The operator of this deployment has not made this statement.',
    es: 'El operador de este despliegue no ha hecho esta declaración.',
  },
  notStatedFigure: { en: 'Not stated', es: 'No declarado' },
  statedBy: { en: 'Stated by', es: 'Declarado por' },
  statedOn: { en: 'on', es: 'el' },
  evidence: { en: 'Evidence', es: 'Evidencia' },
  exampleBanner: {
    en: 'Example statements: the operator’s statements on this site (certifications, audits, insurance, figures, contact) come from the example file in the CargoPay repository. They are not true of any company. Set OPERATOR_STATEMENTS to the operator’s own file.',
    es: 'Declaraciones de ejemplo: las declaraciones del operador en este sitio (certificaciones, auditorías, seguros, cifras, contacto) proceden del archivo de ejemplo del repositorio de CargoPay. No son ciertas de ninguna empresa. Indique en OPERATOR_STATEMENTS el archivo propio del operador.',
  },
  stripeCertification: { en: 'Stripe’s certification', es: 'Certificación de Stripe' },
  implementedIn: { en: 'Implemented in', es: 'Implementado en' },
  verifiedBy: { en: 'Verified by', es: 'Verificado por' },
  how: { en: 'How', es: 'Cómo' },
  noControls: {
    en: 'This version of CargoPay registers no automated control in this area yet, so this page claims none.',
    es: 'Esta versión de CargoPay aún no registra ningún control automatizado en este ámbito, así que esta página no afirma ninguno.',
  },
  reference: { en: 'Reference', es: 'Referencia' },
  required: { en: 'required', es: 'obligatorio' },
  optional: { en: 'optional', es: 'opcional' },
  field: { en: 'Field', es: 'Campo' },
  type: { en: 'Type', es: 'Tipo' },
  description: { en: 'Description', es: 'Descripción' },
  constraints: { en: 'Constraints', es: 'Restricciones' },
  name: { en: 'Name', es: 'Nombre' },
  default: { en: 'Default', es: 'Valor por defecto' },
} satisfies Record<string, Localized>;
