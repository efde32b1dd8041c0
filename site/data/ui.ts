/** Strings that the site's components print, in every language of the site. */
import type { Localized } from './localized.ts';

export const ui = {
  operatorStatement: { en: 'Operator’s statement', es: 'Declaración del operador' },
  operatorStatementNote: {
    en: 'Statements marked this way are made by the company that operates this CargoPay deployment. The software does not implement or verify them; ask the operator for the certificate, report or policy behind each one.',
    es: 'Las declaraciones marcadas así las hace la empresa que opera este despliegue de CargoPay. El software no las implementa ni las verifica; pida al operador el certificado, informe o política que respalda cada una.',
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
