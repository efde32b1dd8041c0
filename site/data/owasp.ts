/** The OWASP Top 10:2021 categories, as `/best-practices/` maps them to the controls registry. */
import type { Localized } from './localized.ts';
import type { OwaspId } from './controls.ts';

export interface OwaspCategory {
  id: OwaspId;
  name: string;
  /** The risk in one sentence. */
  risk: Localized;
}

export const owaspTop10: OwaspCategory[] = [
  {
    id: 'A01',
    name: 'Broken Access Control',
    risk: {
      en: 'A caller reaches data or actions that belong to someone else, e.g. one merchant reading another’s payment requests.',
      es: 'Alguien accede a datos o acciones de otra persona, por ejemplo un comercio que lee las solicitudes de pago de otro.',
    },
  },
  {
    id: 'A02',
    name: 'Cryptographic Failures',
    risk: {
      en: 'Sensitive data travels or rests without adequate encryption, or secrets are compared or stored unsafely.',
      es: 'Datos sensibles viajan o se almacenan sin el cifrado adecuado, o los secretos se comparan o guardan de forma insegura.',
    },
  },
  {
    id: 'A03',
    name: 'Injection',
    risk: {
      en: 'Untrusted input is interpreted as code or queries: SQL, HTML, headers.',
      es: 'Una entrada no confiable se interpreta como código o consultas: SQL, HTML, cabeceras.',
    },
  },
  {
    id: 'A04',
    name: 'Insecure Design',
    risk: {
      en: 'The design itself allows abuse, e.g. letting the browser decide the amount it pays.',
      es: 'El propio diseño permite abusos, por ejemplo dejar que el navegador decida el importe que paga.',
    },
  },
  {
    id: 'A05',
    name: 'Security Misconfiguration',
    risk: {
      en: 'Missing security headers, permissive CORS, verbose errors or unsafe defaults.',
      es: 'Cabeceras de seguridad ausentes, CORS permisivo, errores demasiado detallados o valores por defecto inseguros.',
    },
  },
  {
    id: 'A06',
    name: 'Vulnerable and Outdated Components',
    risk: {
      en: 'Dependencies with known vulnerabilities stay in production.',
      es: 'Dependencias con vulnerabilidades conocidas siguen en producción.',
    },
  },
  {
    id: 'A07',
    name: 'Identification and Authentication Failures',
    risk: {
      en: 'Weak API keys, keys kept in plain text, or requests accepted without proof of who sent them.',
      es: 'Claves de API débiles, claves guardadas en claro o peticiones aceptadas sin prueba de quién las envía.',
    },
  },
  {
    id: 'A08',
    name: 'Software and Data Integrity Failures',
    risk: {
      en: 'Code or data is trusted without checking its integrity: unsigned webhooks, scripts loaded without SRI.',
      es: 'Se confía en código o datos sin comprobar su integridad: webhooks sin firma, scripts cargados sin SRI.',
    },
  },
  {
    id: 'A09',
    name: 'Security Logging and Monitoring Failures',
    risk: {
      en: 'Attacks go unnoticed because nothing is logged or alerted, or logs leak secrets.',
      es: 'Los ataques pasan desapercibidos porque no se registra ni se alerta nada, o los registros filtran secretos.',
    },
  },
  {
    id: 'A10',
    name: 'Server-Side Request Forgery',
    risk: {
      en: 'The server can be made to send requests to addresses an attacker chooses.',
      es: 'Se puede hacer que el servidor envíe peticiones a direcciones que elige un atacante.',
    },
  },
];
