/**
 * The OWASP Top 10:2025 categories (owasp.org/Top10/2025/), as `/best-practices/` maps them to the controls
 * registry. The names are OWASP's own; the one-sentence risks say what each category means for CargoPay.
 */
import type { Localized } from './localized.ts';
import type { OwaspId } from './controls.ts';

/** The edition the map follows; shown with every category id (`A03:2025`). */
export const owaspEdition = '2025';

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
      en: 'A caller reaches data or actions that belong to someone else, e.g. one merchant reading another’s payment requests, or a page on a foreign origin using the checkout; since 2025 this includes server-side request forgery.',
      es: 'Alguien accede a datos o acciones de otra persona, por ejemplo un comercio que lee las solicitudes de pago de otro o una página de un origen ajeno que usa el pago; desde 2025 incluye la falsificación de peticiones del lado del servidor.',
    },
  },
  {
    id: 'A02',
    name: 'Security Misconfiguration',
    risk: {
      en: 'Missing security headers, permissive CORS, plain HTTP, verbose errors or unsafe defaults reach production.',
      es: 'Cabeceras de seguridad ausentes, CORS permisivo, HTTP sin cifrar, errores demasiado detallados o valores por defecto inseguros llegan a producción.',
    },
  },
  {
    id: 'A03',
    name: 'Software Supply Chain Failures',
    risk: {
      en: 'What is built and shipped is compromised or unsafe: vulnerable or malicious dependencies, secrets baked into published files, scripts that can be swapped on the way to the browser.',
      es: 'Lo que se construye y se publica está comprometido o es inseguro: dependencias vulnerables o maliciosas, secretos incluidos en los archivos publicados, scripts que pueden sustituirse por el camino hasta el navegador.',
    },
  },
  {
    id: 'A04',
    name: 'Cryptographic Failures',
    risk: {
      en: 'Sensitive data travels or rests without adequate encryption, or secrets are stored or compared unsafely.',
      es: 'Datos sensibles viajan o se almacenan sin el cifrado adecuado, o los secretos se guardan o comparan de forma insegura.',
    },
  },
  {
    id: 'A05',
    name: 'Injection',
    risk: {
      en: 'Untrusted input is interpreted as code or queries: SQL, HTML and script, headers.',
      es: 'Una entrada no confiable se interpreta como código o consultas: SQL, HTML y scripts, cabeceras.',
    },
  },
  {
    id: 'A06',
    name: 'Insecure Design',
    risk: {
      en: 'The design itself allows abuse, e.g. letting the browser decide the amount it pays, or charging twice when a request is retried.',
      es: 'El propio diseño permite abusos, por ejemplo dejar que el navegador decida el importe que paga, o cobrar dos veces cuando se reintenta una petición.',
    },
  },
  {
    id: 'A07',
    name: 'Authentication Failures',
    risk: {
      en: 'Weak API keys, keys kept in plain text, unthrottled guessing, or requests accepted without proof of who sent them.',
      es: 'Claves de API débiles, claves guardadas en claro, intentos de adivinarlas sin límite o peticiones aceptadas sin prueba de quién las envía.',
    },
  },
  {
    id: 'A08',
    name: 'Software or Data Integrity Failures',
    risk: {
      en: 'Code or data is trusted without checking its integrity: unsigned webhooks, replayed or reordered events, files trusted by their claimed type.',
      es: 'Se confía en código o datos sin comprobar su integridad: webhooks sin firma, eventos reenviados o desordenados, archivos aceptados por el tipo que declaran.',
    },
  },
  {
    id: 'A09',
    name: 'Logging & Alerting Failures',
    risk: {
      en: 'Attacks go unnoticed because nothing is logged or nobody is alerted, or logs leak secrets and personal data.',
      es: 'Los ataques pasan desapercibidos porque no se registra nada o nadie recibe una alerta, o los registros filtran secretos y datos personales.',
    },
  },
  {
    id: 'A10',
    name: 'Mishandling of Exceptional Conditions',
    risk: {
      en: 'Abnormal conditions (malformed input, an unavailable dependency, a crash mid-way, a failing job) end in a 5xx, a leaked error, a half-applied change or a system that fails open.',
      es: 'Las situaciones anómalas (entrada mal formada, una dependencia no disponible, una caída a mitad, una tarea que falla) acaban en un 5xx, un error filtrado, un cambio aplicado a medias o un sistema que falla en abierto.',
    },
  },
];
