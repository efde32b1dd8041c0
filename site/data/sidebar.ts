/**
 * The sidebar, in English with Spanish labels. Every entry is a page that exists in both locales
 * (`site/checks/` fails the build output otherwise).
 */
interface SidebarLink {
  label: string;
  translations: { es: string };
  link: string;
}
interface SidebarGroup {
  label: string;
  translations: { es: string };
  items: SidebarLink[];
}

const link = (label: string, es: string, path: string): SidebarLink => ({
  label,
  translations: { es },
  link: path,
});

export const sidebar: SidebarGroup[] = [
  {
    label: 'Trust',
    translations: { es: 'Confianza' },
    items: [
      link('Security', 'Seguridad', '/security/'),
      link('Compliance', 'Cumplimiento normativo', '/compliance/'),
      link('Best practices', 'Buenas prácticas', '/best-practices/'),
      link('Incident response', 'Respuesta a incidentes', '/incident-response/'),
      link('Disputes', 'Disputas', '/disputes/'),
      link('Fraud prevention', 'Prevención del fraude', '/fraud/'),
      link('FAQ', 'Preguntas frecuentes', '/faq/'),
      link('Security contact', 'Contacto de seguridad', '/security-contact/'),
    ],
  },
  {
    label: 'Guides',
    translations: { es: 'Guías' },
    items: [
      link('Integration', 'Integración', '/integration/'),
      link('Final amounts and refunds', 'Importes finales y reembolsos', '/final-amounts/'),
      link('Pay by link', 'Pago por enlace', '/pay-by-link/'),
      link('Running several instances', 'Varias instancias', '/several-instances/'),
      link('Live demo', 'Demo en vivo', '/demo/'),
    ],
  },
  {
    label: 'Reference',
    translations: { es: 'Referencia' },
    items: [link('HTTP API', 'API HTTP', '/reference/api/'), link('Widget', 'Widget', '/reference/widget/')],
  },
];
