/**
 * Primary sources that the pages cite. A page cites one inline with `<Cite id="…" />` and lists what it cites
 * with `<References ids={[…]} />` at the bottom; `site/checks/` verifies that every inline citation has its
 * entry in the list on the same page.
 */
import type { Localized } from './localized.ts';

export interface Reference {
  /** Short label shown inline, e.g. `GDPR Art. 33`. */
  label: string;
  /** Full title of the source, in each language where an official translation exists. */
  title: Localized;
  /** Who publishes it. */
  publisher: string;
  url: string;
}

const same = (text: string): Localized => ({ en: text, es: text });

export const references = {
  gdpr: {
    label: 'GDPR',
    title: {
      en: 'Regulation (EU) 2016/679 (General Data Protection Regulation)',
      es: 'Reglamento (UE) 2016/679 (Reglamento General de Protección de Datos)',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj',
  },
  'gdpr-art-33': {
    label: 'GDPR Art. 33',
    title: {
      en: 'GDPR, Article 33: Notification of a personal data breach to the supervisory authority',
      es: 'RGPD, artículo 33: Notificación de una violación de la seguridad de los datos personales a la autoridad de control',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_33',
  },
  'gdpr-art-34': {
    label: 'GDPR Art. 34',
    title: {
      en: 'GDPR, Article 34: Communication of a personal data breach to the data subject',
      es: 'RGPD, artículo 34: Comunicación de una violación de la seguridad de los datos personales al interesado',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg/2016/679/oj#art_34',
  },
  psd2: {
    label: 'PSD2',
    title: {
      en: 'Directive (EU) 2015/2366 on payment services in the internal market (PSD2), Article 97',
      es: 'Directiva (UE) 2015/2366 sobre servicios de pago en el mercado interior (PSD2), artículo 97',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/dir/2015/2366/oj',
  },
  'psd2-rts': {
    label: 'RTS (EU) 2018/389',
    title: {
      en: 'Commission Delegated Regulation (EU) 2018/389: regulatory technical standards for strong customer authentication and common and secure open standards of communication',
      es: 'Reglamento Delegado (UE) 2018/389 de la Comisión: normas técnicas de regulación para la autenticación reforzada de clientes y unos estándares de comunicación abiertos comunes y seguros',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg_del/2018/389/oj',
  },
  sepa: {
    label: 'SEPA Regulation',
    title: {
      en: 'Regulation (EU) No 260/2012 establishing technical and business requirements for credit transfers and direct debits in euro',
      es: 'Reglamento (UE) n.º 260/2012 por el que se establecen requisitos técnicos y de negocio para las transferencias y los adeudos domiciliados en euros',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg/2012/260/oj',
  },
  vies: {
    label: 'VIES',
    title: {
      en: 'VIES: VAT Information Exchange System, VAT number validation',
      es: 'VIES: sistema de intercambio de información sobre el IVA, comprobación de números de IVA',
    },
    publisher: 'European Commission, Taxation and Customs Union',
    url: 'https://ec.europa.eu/taxation_customs/vies/',
  },
  'vat-cooperation': {
    label: 'Regulation (EU) 904/2010',
    title: {
      en: 'Council Regulation (EU) No 904/2010 on administrative cooperation and combating fraud in the field of value added tax, Article 31',
      es: 'Reglamento (UE) n.º 904/2010 del Consejo relativo a la cooperación administrativa y la lucha contra el fraude en el ámbito del IVA, artículo 31',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg/2010/904/oj',
  },
  lopdgdd: {
    label: 'LOPDGDD',
    title: same(
      'Ley Orgánica 3/2018, de 5 de diciembre, de Protección de Datos Personales y garantía de los derechos digitales',
    ),
    publisher: 'Boletín Oficial del Estado',
    url: 'https://www.boe.es/eli/es/lo/2018/12/05/3',
  },
  aepd: {
    label: 'AEPD',
    title: same('Agencia Española de Protección de Datos'),
    publisher: 'AEPD',
    url: 'https://www.aepd.es/',
  },
  eidas: {
    label: 'eIDAS',
    title: {
      en: 'Regulation (EU) No 910/2014 on electronic identification and trust services (eIDAS)',
      es: 'Reglamento (UE) n.º 910/2014 relativo a la identificación electrónica y los servicios de confianza (eIDAS)',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/reg/2014/910/oj',
  },
  fnmt: {
    label: 'FNMT',
    title: same('FNMT-RCM: Sede electrónica, certificados electrónicos'),
    publisher: 'Fábrica Nacional de Moneda y Timbre – Real Casa de la Moneda',
    url: 'https://www.sede.fnmt.gob.es/',
  },
  sox: {
    label: 'Sarbanes-Oxley Act',
    title: same('Sarbanes-Oxley Act of 2002, Public Law 107-204'),
    publisher: 'U.S. Government Publishing Office',
    url: 'https://www.govinfo.gov/app/details/PLAW-107publ204',
  },
  'iso-27001': {
    label: 'ISO/IEC 27001',
    title: same(
      'ISO/IEC 27001:2022 Information security, cybersecurity and privacy protection — Information security management systems — Requirements',
    ),
    publisher: 'ISO',
    url: 'https://www.iso.org/standard/27001',
  },
  'iso-17021-1': {
    label: 'ISO/IEC 17021-1',
    title: same(
      'ISO/IEC 17021-1:2015 Conformity assessment — Requirements for bodies providing audit and certification of management systems — Part 1: Requirements (clause 9.1.3, the audit programme and three-year certification cycle)',
    ),
    publisher: 'ISO',
    url: 'https://www.iso.org/standard/61651.html',
  },
  soc2: {
    label: 'SOC 2',
    title: same('SOC 2® - SOC for Service Organizations: Trust Services Criteria'),
    publisher: 'AICPA & CIMA',
    url: 'https://www.aicpa-cima.com/topic/audit-assurance/audit-and-assurance-greater-than-soc-2',
  },
  'isae-3402': {
    label: 'ISAE 3402',
    title: same('ISAE 3402, Assurance Reports on Controls at a Service Organization'),
    publisher: 'International Auditing and Assurance Standards Board (IAASB)',
    url: 'https://www.iaasb.org/publications/international-standard-assurance-engagements-isae-3402-assurance-reports-controls-service-organization',
  },
  'pci-dss': {
    label: 'PCI DSS v4.0.1',
    title: same('Payment Card Industry Data Security Standard, v4.0.1 (requirements 6.4.3 and 11.6.1)'),
    publisher: 'PCI Security Standards Council',
    url: 'https://www.pcisecuritystandards.org/document_library/',
  },
  'saq-a': {
    label: 'SAQ A v4.0.1',
    title: same(
      'PCI DSS v4.0.1 Self-Assessment Questionnaire A and Attestation of Compliance (revision of January 2025)',
    ),
    publisher: 'PCI Security Standards Council',
    url: 'https://www.pcisecuritystandards.org/document_library/?category=saqs',
  },
  'saq-a-update': {
    label: 'PCI SSC, SAQ A update',
    title: same('Important Updates Announced for Merchants Validating to Self-Assessment Questionnaire A'),
    publisher: 'PCI Security Standards Council blog',
    url: 'https://blog.pcisecuritystandards.org/important-updates-announced-for-merchants-validating-to-self-assessment-questionnaire-a',
  },
  'pci-faq-1588': {
    label: 'PCI SSC FAQ 1588',
    title: same(
      'FAQ 1588: How does a merchant demonstrate it meets the SAQ A eligibility criterion about scripts on its site?',
    ),
    publisher: 'PCI Security Standards Council',
    url: 'https://www.pcisecuritystandards.org/faqs/',
  },
  'stripe-security': {
    label: 'Stripe: Security at Stripe',
    title: same('Security at Stripe (PCI DSS Level 1 service provider, TLS, encryption of card numbers)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/security',
  },
  'stripe-pci-guide': {
    label: 'Stripe: Integration security guide',
    title: same('Integration security guide (PCI compliance, Content Security Policy, TLS)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/security/guide',
  },
  'stripe-csp': {
    label: 'Stripe: Content Security Policy',
    title: same('Integration security guide: Content Security Policy (the directives Stripe.js needs)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/security/guide#content-security-policy',
  },
  'stripe-rate-limits': {
    label: 'Stripe: Rate limits',
    title: same('Rate limits (API requests per second per account; handling 429 responses)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/rate-limits',
  },
  'visa-registry': {
    label: 'Visa Global Registry of Service Providers',
    title: same('Visa Global Registry of Service Providers'),
    publisher: 'Visa',
    url: 'https://www.visa.com/splisting/',
  },
  'stripe-3ds': {
    label: 'Stripe: 3D Secure',
    title: same('3D Secure authentication'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/payments/3d-secure',
  },
  'stripe-sca': {
    label: 'Stripe: SCA',
    title: same('Strong Customer Authentication readiness'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/strong-customer-authentication',
  },
  'emv-3ds': {
    label: 'EMV 3-D Secure',
    title: same('EMV® 3-D Secure'),
    publisher: 'EMVCo',
    url: 'https://www.emvco.com/emv-technologies/3-d-secure/',
  },
  'stripe-radar': {
    label: 'Stripe Radar',
    title: same('Radar: risk evaluation and risk scores'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/radar/risk-evaluation',
  },
  'stripe-charge-outcome': {
    label: 'Stripe API: charge outcome',
    title: same('The Charge object: outcome (risk_level, risk_score)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/api/charges/object#charge_object-outcome',
  },
  'stripe-radar-rules': {
    label: 'Stripe Radar: rules',
    title: same('Radar rules, including the default rules'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/radar/rules',
  },
  'stripe-fraud-signals': {
    label: 'Stripe: advanced fraud detection',
    title: same('Advanced fraud detection (signals collected by Stripe.js)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/disputes/prevention/advanced-fraud-detection',
  },
  'stripe-connect-kyc': {
    label: 'Stripe Connect: identity verification',
    title: same('Identity verification for connected accounts'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/connect/identity-verification',
  },
  'stripe-disputes': {
    label: 'Stripe: Disputes',
    title: same('Respond to disputes'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/disputes/responding',
  },
  'stripe-dispute-evidence': {
    label: 'Stripe API: dispute evidence',
    title: same('The Dispute object: evidence'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/api/disputes/object',
  },
  'stripe-dispute-timeline': {
    label: 'Stripe Support: dispute timeline',
    title: same(
      'Why does this dispute not have a resolution yet? (respond within typically 7–21 days; the issuer decides within typically 60–75 days, depending on the card network)',
    ),
    publisher: 'Stripe',
    url: 'https://support.stripe.com/questions/why-does-this-dispute-not-have-a-resolution-yet',
  },
  'stripe-dispute-decision': {
    label: 'Stripe Support: who decides a dispute',
    title: same(
      'Lost dispute FAQ: disputes are decided by the card issuer under the card network’s rules; Stripe transmits the evidence and makes no decision',
    ),
    publisher: 'Stripe',
    url: 'https://support.stripe.com/questions/lost-dispute-faq',
  },
  'visa-rules': {
    label: 'Visa Rules',
    title: same('Visa Core Rules and Visa Product and Service Rules (dispute resolution)'),
    publisher: 'Visa',
    url: 'https://usa.visa.com/dam/VCOM/download/about-visa/visa-rules-public.pdf',
  },
  'mastercard-chargeback-guide': {
    label: 'Mastercard Rules',
    title: same('Mastercard Rules, including the Chargeback Guide'),
    publisher: 'Mastercard',
    url: 'https://www.mastercard.us/en-us/business/overview/support/rules.html',
  },
  'stripe-hold': {
    label: 'Stripe: Place a hold',
    title: same(
      'Place a hold on a payment method (manual capture; authorization validity windows by card brand and transaction type)',
    ),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/payments/place-a-hold-on-a-payment-method',
  },
  'stripe-extended-authorization': {
    label: 'Stripe: extended authorization',
    title: same(
      'Place an extended hold on an online card payment (availability by card network and merchant category)',
    ),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/payments/extended-authorization',
  },
  'stripe-incremental-authorization': {
    label: 'Stripe: incremental authorization',
    title: same('Increment an authorization (availability by card network and merchant category)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/payments/incremental-authorization',
  },
  'stripe-refunds': {
    label: 'Stripe: Refund and cancel payments',
    title: same('Refund and cancel payments'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/refunds',
  },
  'stripe-destination-charges': {
    label: 'Stripe Connect: Create destination charges',
    title: same('Create destination charges'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/connect/destination-charges',
  },
  'stripe-transfer-reversals': {
    label: 'Stripe API: Transfer Reversals',
    title: same('Transfer Reversals'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/api/transfer_reversals',
  },
  'stripe-refund-object': {
    label: 'Stripe API: Refund object',
    title: same('The Refund object: status, failure_reason, reason'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/api/refunds/object',
  },
  'stripe-error-codes': {
    label: 'Stripe: error codes',
    title: same('Error codes (charge_disputed: the charge to refund has been charged back)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/error-codes',
  },
  'stripe-dispute-categories': {
    label: 'Stripe: dispute reason categories',
    title: same(
      'Dispute reason code categories (Visa 13.6 Credit not processed and 13.7 Cancelled Merchandise/Services under “Credit not processed”)',
    ),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/disputes/categories',
  },
  'stripe-receipts': {
    label: 'Stripe: receipts',
    title: same('Receipts and paid invoices (automatic e-mail receipts for one-time payments)'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/receipts',
  },
  'stripe-receipt-email': {
    label: 'Stripe API: receipt_email',
    title: same('Create a PaymentIntent: receipt_email'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/api/payment_intents/create#create_payment_intent-receipt_email',
  },
  'stripe-webhook-signatures': {
    label: 'Stripe: webhook signatures',
    title: same('Verify webhook signatures'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/webhooks#verify-events',
  },
  'stripe-testing': {
    label: 'Stripe: testing',
    title: same('Test card numbers'),
    publisher: 'Stripe',
    url: 'https://docs.stripe.com/testing',
  },
  'rfc-9116': {
    label: 'RFC 9116',
    title: same('RFC 9116: A File Format to Aid in Security Vulnerability Disclosure'),
    publisher: 'IETF / RFC Editor',
    url: 'https://www.rfc-editor.org/rfc/rfc9116',
  },
  'rfc-9457': {
    label: 'RFC 9457',
    title: same('RFC 9457: Problem Details for HTTP APIs'),
    publisher: 'IETF / RFC Editor',
    url: 'https://www.rfc-editor.org/rfc/rfc9457',
  },
  'rfc-6797': {
    label: 'RFC 6797',
    title: same('RFC 6797: HTTP Strict Transport Security (HSTS)'),
    publisher: 'IETF / RFC Editor',
    url: 'https://www.rfc-editor.org/rfc/rfc6797',
  },
  'rfc-8446': {
    label: 'RFC 8446',
    title: same('RFC 8446: The Transport Layer Security (TLS) Protocol Version 1.3'),
    publisher: 'IETF / RFC Editor',
    url: 'https://www.rfc-editor.org/rfc/rfc8446',
  },
  sri: {
    label: 'W3C SRI',
    title: same('Subresource Integrity'),
    publisher: 'W3C',
    url: 'https://www.w3.org/TR/SRI/',
  },
  csp3: {
    label: 'W3C CSP Level 3',
    title: same('Content Security Policy Level 3'),
    publisher: 'W3C',
    url: 'https://www.w3.org/TR/CSP3/',
  },
  'owasp-top-10': {
    label: 'OWASP Top 10',
    title: same('OWASP Top 10:2025'),
    publisher: 'OWASP Foundation',
    url: 'https://owasp.org/Top10/2025/',
  },
  'nist-800-61': {
    label: 'NIST SP 800-61r3',
    title: same(
      'NIST SP 800-61 Rev. 3: Incident Response Recommendations and Considerations for Cybersecurity Risk Management: A CSF 2.0 Community Profile (April 2025; supersedes Rev. 2)',
    ),
    publisher: 'NIST',
    url: 'https://csrc.nist.gov/pubs/sp/800/61/r3/final',
  },
  'nist-csf-2': {
    label: 'NIST CSF 2.0',
    title: same(
      'The NIST Cybersecurity Framework (CSF) 2.0, NIST CSWP 29 (Functions: Govern, Identify, Protect, Detect, Respond, Recover)',
    ),
    publisher: 'NIST',
    url: 'https://doi.org/10.6028/NIST.CSWP.29',
  },
  nis2: {
    label: 'NIS2',
    title: {
      en: 'Directive (EU) 2022/2555 (NIS2), Article 23: Reporting obligations',
      es: 'Directiva (UE) 2022/2555 (SRI 2), artículo 23: Obligaciones de notificación',
    },
    publisher: 'EUR-Lex, Publications Office of the European Union',
    url: 'https://eur-lex.europa.eu/eli/dir/2022/2555/oj',
  },
  'aes-gcm': {
    label: 'NIST SP 800-38D',
    title: same(
      'NIST SP 800-38D: Recommendation for Block Cipher Modes of Operation: Galois/Counter Mode (GCM)',
    ),
    publisher: 'NIST',
    url: 'https://csrc.nist.gov/pubs/sp/800/38/d/final',
  },
  'pg-backup': {
    label: 'PostgreSQL: Backup and Restore',
    title: same('PostgreSQL Documentation: Backup and Restore'),
    publisher: 'The PostgreSQL Global Development Group',
    url: 'https://www.postgresql.org/docs/current/backup.html',
  },
  'pg-pitr': {
    label: 'PostgreSQL: PITR',
    title: same('PostgreSQL Documentation: Continuous Archiving and Point-in-Time Recovery (PITR)'),
    publisher: 'The PostgreSQL Global Development Group',
    url: 'https://www.postgresql.org/docs/current/continuous-archiving.html',
  },
  'pg-skip-locked': {
    label: 'PostgreSQL: SELECT … FOR UPDATE',
    title: same('PostgreSQL Documentation, SELECT: The Locking Clause (FOR UPDATE, SKIP LOCKED)'),
    publisher: 'The PostgreSQL Global Development Group',
    url: 'https://www.postgresql.org/docs/current/sql-select.html#SQL-FOR-UPDATE-SHARE',
  },
  'pg-advisory-locks': {
    label: 'PostgreSQL: advisory locks',
    title: same('PostgreSQL Documentation: Explicit Locking, Advisory Locks'),
    publisher: 'The PostgreSQL Global Development Group',
    url: 'https://www.postgresql.org/docs/current/explicit-locking.html#ADVISORY-LOCKS',
  },
  'pg-ssl': {
    label: 'PostgreSQL: SSL support',
    title: same('PostgreSQL Documentation: libpq, SSL Support (sslmode)'),
    publisher: 'The PostgreSQL Global Development Group',
    url: 'https://www.postgresql.org/docs/current/libpq-ssl.html',
  },
} satisfies Record<string, Reference>;

export type ReferenceId = keyof typeof references;
