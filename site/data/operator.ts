/**
 * The operator's statements: every company figure, certification, audit claim and contact detail the site
 * shows. The operator of a CargoPay deployment edits them here, in one place; the pages present each one as
 * the operator's statement (never as something the software does or a test verifies).
 *
 * What the software does is in `controls.ts`; what Stripe does is cited from Stripe's own documentation.
 */
import type { Localized } from './localized.ts';

/** One statement by the operator, shown with an "operator's statement" label. */
export interface OperatorStatement {
  /** Short form for headline cards and tables, e.g. `78 %`. */
  figure?: Localized;
  /** The statement itself, one or two sentences, as the operator makes it. */
  text: Localized;
}

export const operator = {
  /** The company that operates this CargoPay deployment, as it appears on the pages. */
  name: 'CargoPay',
  /**
   * Public URL of the CargoPay server of this deployment: it serves the API (`/v1/…`) and the widget
   * (`/widget/cargopay.js`). The integration snippets use it.
   */
  apiBaseUrl: 'https://pay.cargopay.example',
  /** Public URL of this documentation site (used for canonical links, the sitemap and security.txt). */
  siteUrl: 'https://docs.cargopay.example',
  /**
   * Base URL under which a source path (e.g. `server/src/app.ts`) can be browsed, ending in `/`; `null` when the
   * source is not published, in which case the pages show the paths without links.
   */
  sourceBaseUrl: null as string | null,

  /** The security contact published on `/security-contact/` and in `/.well-known/security.txt` (RFC 9116). */
  security: {
    email: 'security@cargopay.example',
    /** URL of the OpenPGP key for encrypted reports, or `null` when none is published. */
    encryptionKeyUrl: null as string | null,
    /** Languages the security team reads (RFC 9116 `Preferred-Languages`). */
    preferredLanguages: ['en', 'es'],
    /** How long until security.txt's `Expires` (RFC 9116 recommends less than a year). */
    securityTxtValidityDays: 180,
    /** Time to first human acknowledgement of a report. */
    acknowledgement: {
      en: 'We acknowledge every report within 2 business days and keep the reporter informed until it is resolved.',
      es: 'Acusamos recibo de cada informe en un plazo de 2 días hábiles y mantenemos informada a la persona que lo envió hasta su resolución.',
    } satisfies Localized,
  },

  /** Statements, by id. Pages refer to them as `<Statement id="…" />` or `<OperatorFigure id="…" />`. */
  statements: {
    'tls-in-transit': {
      figure: { en: 'TLS 1.2+', es: 'TLS 1.2+' },
      text: {
        en: 'Every connection to our servers is encrypted with TLS 1.2 or later; plain HTTP is only redirected to HTTPS.',
        es: 'Toda conexión con nuestros servidores se cifra con TLS 1.2 o superior; el HTTP sin cifrar solo se redirige a HTTPS.',
      },
    },
    'verified-users': {
      figure: { en: '100 % verified', es: '100 % verificados' },
      text: {
        en: 'Every merchant is verified before it receives an API key, and every carrier that receives payouts has completed Stripe Connect onboarding (identity documents, business verification and references).',
        es: 'Cada comercio se verifica antes de recibir una clave de API, y cada transportista que recibe pagos ha completado el alta en Stripe Connect (documentos de identidad, verificación de la empresa y referencias).',
      },
    },
    'eu-data-centres': {
      figure: { en: 'EU', es: 'UE' },
      text: {
        en: 'Our servers, databases and backups are hosted in data centres in the European Union.',
        es: 'Nuestros servidores, bases de datos y copias de seguridad se alojan en centros de datos de la Unión Europea.',
      },
    },
    'monitoring-24-7': {
      figure: { en: '24/7', es: '24/7' },
      text: {
        en: 'An on-call engineer receives the platform’s security alerts 24 hours a day, 7 days a week.',
        es: 'Un ingeniero de guardia recibe las alertas de seguridad de la plataforma las 24 horas del día, los 7 días de la semana.',
      },
    },
    'anti-fraud-insurance': {
      text: {
        en: 'We hold an insurance policy that covers losses from payment fraud on the platform.',
        es: 'Tenemos contratada una póliza de seguro que cubre las pérdidas por fraude en los pagos de la plataforma.',
      },
    },
    'offsite-backups': {
      text: {
        en: 'Backups are copied to a second EU data centre and kept for 30 days.',
        es: 'Las copias de seguridad se copian a un segundo centro de datos de la UE y se conservan durante 30 días.',
      },
    },
    'iso-27001': {
      figure: { en: 'ISO/IEC 27001', es: 'ISO/IEC 27001' },
      text: {
        en: 'Our information security management system is certified to ISO/IEC 27001 by an accredited certification body.',
        es: 'Nuestro sistema de gestión de la seguridad de la información está certificado conforme a ISO/IEC 27001 por una entidad de certificación acreditada.',
      },
    },
    'soc2-type2': {
      figure: { en: 'SOC 2 Type II', es: 'SOC 2 Tipo II' },
      text: {
        en: 'An independent auditor has issued a SOC 2 Type II report on our controls; customers can request it under a non-disclosure agreement.',
        es: 'Un auditor independiente ha emitido un informe SOC 2 Tipo II sobre nuestros controles; los clientes pueden solicitarlo bajo un acuerdo de confidencialidad.',
      },
    },
    'isae-3402': {
      figure: { en: 'ISAE 3402', es: 'ISAE 3402' },
      text: {
        en: 'An independent auditor has issued an ISAE 3402 Type 2 report on the controls relevant to our customers’ financial reporting.',
        es: 'Un auditor independiente ha emitido un informe ISAE 3402 Tipo 2 sobre los controles relevantes para la información financiera de nuestros clientes.',
      },
    },
    'external-audits': {
      text: {
        en: 'External auditors review our security controls every year.',
        es: 'Auditores externos revisan nuestros controles de seguridad cada año.',
      },
    },
    'fnmt-certificate': {
      text: {
        en: 'The company holds an FNMT representative certificate, with which it signs and files its dealings with Spanish public administrations.',
        es: 'La empresa dispone de un certificado de representante de la FNMT, con el que firma y presenta sus trámites ante las administraciones públicas españolas.',
      },
    },
    'sox-support': {
      text: {
        en: 'For merchants subject to the Sarbanes-Oxley Act, we provide our ISAE 3402 report and the payment event history needed for their internal controls over financial reporting.',
        es: 'A los comercios sujetos a la ley Sarbanes-Oxley les facilitamos nuestro informe ISAE 3402 y el historial de eventos de pago que necesitan para su control interno de la información financiera.',
      },
    },
    'penetration-testing': {
      text: {
        en: 'An independent firm runs a penetration test of the platform every year and after every major change; findings are fixed by severity.',
        es: 'Una empresa independiente realiza una prueba de penetración de la plataforma cada año y tras cada cambio importante; los hallazgos se corrigen por orden de gravedad.',
      },
    },
    'security-awareness': {
      text: {
        en: 'Everyone with access to production completes security awareness training when they join and every year after.',
        es: 'Todas las personas con acceso a producción completan una formación en concienciación sobre seguridad al incorporarse y cada año.',
      },
    },
    'incident-response-plan': {
      text: {
        en: 'We keep a written incident response plan with named roles, and rehearse it at least once a year.',
        es: 'Mantenemos un plan de respuesta a incidentes por escrito, con funciones asignadas, y lo ensayamos al menos una vez al año.',
      },
    },
    'incident-notification-15-min': {
      figure: { en: '15 min', es: '15 min' },
      text: {
        en: 'Affected merchants are notified within 15 minutes of a confirmed security incident.',
        es: 'Los comercios afectados reciben aviso en un plazo de 15 minutos desde que se confirma un incidente de seguridad.',
      },
    },
    'incident-response-12-min': {
      figure: { en: '12 min', es: '12 min' },
      text: {
        en: 'Our target for the average time from an alert to an engineer working on it is 12 minutes.',
        es: 'Nuestro objetivo de tiempo medio desde una alerta hasta que un ingeniero trabaja en ella es de 12 minutos.',
      },
    },
    'incident-escalation': {
      text: {
        en: 'An alert not acknowledged within 5 minutes is escalated to a second on-call engineer; an incident that affects payments or personal data is escalated at once to the head of engineering and the data protection officer.',
        es: 'Una alerta que no se atiende en 5 minutos se escala a un segundo ingeniero de guardia; un incidente que afecta a pagos o a datos personales se escala de inmediato al responsable de ingeniería y al delegado de protección de datos.',
      },
    },
    'incident-transparency': {
      text: {
        en: 'Affected merchants receive updates until the incident is resolved, and a written report within 5 business days: what happened, what was affected, and what we changed.',
        es: 'Los comercios afectados reciben actualizaciones hasta que se resuelve el incidente y un informe escrito en un plazo de 5 días hábiles: qué pasó, a qué afectó y qué hemos cambiado.',
      },
    },
    'dispute-win-rate': {
      figure: { en: '78 %', es: '78 %' },
      text: {
        en: 'Disputes answered with complete shipment evidence were won 78 % of the time.',
        es: 'Las disputas respondidas con la evidencia completa del envío se ganaron el 78 % de las veces.',
      },
    },
    'dispute-response-time': {
      figure: { en: '24 h', es: '24 h' },
      text: {
        en: 'On average, a dispute is answered within 24 hours of being opened.',
        es: 'De media, una disputa se responde en las 24 horas siguientes a su apertura.',
      },
    },
    'dispute-resolution-time': {
      figure: { en: '60–90 days', es: '60–90 días' },
      text: {
        en: 'In our experience, card issuers decide a dispute 60 to 90 days after the response is submitted.',
        es: 'Según nuestra experiencia, los emisores de tarjetas resuelven una disputa entre 60 y 90 días después de enviar la respuesta.',
      },
    },
    'dispute-transparency': {
      text: {
        en: 'Merchants see every dispute, the evidence sent, what was missing and the outcome.',
        es: 'Los comercios ven cada disputa, la evidencia enviada, lo que faltaba y el resultado.',
      },
    },
  } satisfies Record<string, OperatorStatement>,
};

export type StatementId = keyof typeof operator.statements;
