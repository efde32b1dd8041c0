/**
 * The operator's statements and identity, as this docs build renders them. They come from the file that
 * `OPERATOR_STATEMENTS` names (schema and loader in `site/lib/operator-statements.ts`); without one the site
 * states nothing: every statement renders as "not made", and no company name, certification or figure appears.
 *
 * What the software does is in `controls.ts`; what Stripe does is cited from Stripe's own documentation.
 */
import { operatorStatementsPath } from '../lib/build-env.ts';
import {
  loadOperatorStatements,
  type OperatorStatement,
  type StatementId,
} from '../lib/operator-statements.ts';
import type { Localized } from './localized.ts';

export type { StatementId } from '../lib/operator-statements.ts';

/** The statements file this build renders (read once, when the build loads this module). */
export const operatorStatements = loadOperatorStatements(operatorStatementsPath);

const stated = operatorStatements.operator;

/** The operator's identity and contact, with neutral fallbacks when no statements file names them. */
export const operator = {
  /** The company that operates this deployment, or `null`: pages then say "the operator of this deployment". */
  name: stated?.name ?? null,
  /**
   * Public URL of the CargoPay server of this deployment (API and widget). The integration snippets use it;
   * without one they show a placeholder on the reserved `.example` domain.
   */
  apiBaseUrl: stated?.apiBaseUrl?.replace(/\/$/, '') ?? 'https://pay.cargopay.example',
  /** Public URL of this documentation site (canonical links, sitemap, security.txt), or `null` when unknown. */
  siteUrl: stated?.siteUrl ?? null,
  /** The security contact (`/security-contact/`, `/.well-known/security.txt`), or `null` when none is published. */
  security: stated?.security
    ? { ...stated.security, encryptionKeyUrl: stated.security.encryptionKeyUrl ?? null }
    : null,
};

/** The statement `id` as the operator made it, or `null` when the operator has not made it. */
export function statement(id: StatementId): OperatorStatement | null {
  return operatorStatements.statements[id] ?? null;
}

/** The operator's name for a sentence, or the neutral "the operator of this deployment". */
export function operatorName(lang: keyof Localized): string {
  return (
    operator.name ?? { en: 'the operator of this deployment', es: 'el operador de este despliegue' }[lang]
  );
}

/**
 * What each statement is about, in neutral words: shown beside "not made" so a reader knows what the operator
 * has not stated, and as the heading of a figure card. A topic never claims anything.
 */
export const statementTopics = {
  'tls-in-transit': { en: 'Encryption in transit', es: 'Cifrado en tránsito' },
  'verified-users': {
    en: 'Verification of merchants and carriers',
    es: 'Verificación de comercios y transportistas',
  },
  'eu-data-centres': { en: 'Where data is hosted', es: 'Dónde se alojan los datos' },
  'monitoring-24-7': { en: 'Security monitoring hours', es: 'Horario de vigilancia de seguridad' },
  'anti-fraud-insurance': { en: 'Insurance against payment fraud', es: 'Seguro contra el fraude en pagos' },
  'offsite-backups': { en: 'Off-site backups', es: 'Copias de seguridad externas' },
  'iso-27001': { en: 'ISO/IEC 27001 certification', es: 'Certificación ISO/IEC 27001' },
  'soc2-type2': { en: 'SOC 2 Type II report', es: 'Informe SOC 2 Tipo II' },
  'isae-3402': { en: 'ISAE 3402 report', es: 'Informe ISAE 3402' },
  'external-audits': { en: 'External audits', es: 'Auditorías externas' },
  'fnmt-certificate': { en: 'FNMT certificate', es: 'Certificado de la FNMT' },
  'sox-support': { en: 'Support for merchants subject to SOX', es: 'Apoyo a comercios sujetos a SOX' },
  'penetration-testing': { en: 'Penetration testing', es: 'Pruebas de penetración' },
  'security-awareness': {
    en: 'Security awareness training',
    es: 'Formación en concienciación sobre seguridad',
  },
  'incident-response-plan': { en: 'Incident response plan', es: 'Plan de respuesta a incidentes' },
  'incident-notification-15-min': { en: 'Time to notify merchants', es: 'Plazo para avisar a los comercios' },
  'incident-response-12-min': {
    en: 'Time from alert to engineer',
    es: 'Tiempo desde la alerta hasta el ingeniero',
  },
  'incident-escalation': { en: 'Escalation', es: 'Escalado' },
  'incident-transparency': {
    en: 'Incident reports to merchants',
    es: 'Informes de incidentes a los comercios',
  },
  'dispute-win-rate': { en: 'Dispute win rate', es: 'Tasa de disputas ganadas' },
  'dispute-response-time': { en: 'Time to answer a dispute', es: 'Tiempo de respuesta a una disputa' },
  'dispute-transparency': {
    en: 'What merchants see of disputes',
    es: 'Qué ven los comercios de las disputas',
  },
  'security-report-acknowledgement': {
    en: 'Time to acknowledge a vulnerability report',
    es: 'Plazo para acusar recibo de un informe de vulnerabilidad',
  },
} satisfies Record<StatementId, Localized>;
