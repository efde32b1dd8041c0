import { describe, expect, it } from 'vitest';
import { countPages as sandboxCountPages } from '../../sandbox/api/dispute-evidence.ts';
import { paymentRequest } from '../store/contract/fixtures.ts';
import type { PaymentRequest } from '../store/types.ts';
import { compileEvidence, type CaseInputs, type PlannedFile } from './compile.ts';
import { fitToLimits } from './fit.ts';
import { EVIDENCE_LIMITS, pageLimitFor } from './limits.ts';
import { countPages } from './magic.ts';
import { extract } from './test-helpers.ts';

/** A sentence in each language whose text a card issuer may receive; the nine named in issue 18 first. */
const SAMPLES = {
  Polish: 'Zażółć gęślą jaźń. Łukasz Wróbel z Łodzi: przesyłka nie dotarła, proszę o zwrot.',
  Czech: 'Příliš žluťoučký kůň úpěl ďábelské ódy. Zásilka byla doručena dne 12. listopadu.',
  Romanian: 'Șoseaua Ștefan cel Mare, Țara Românească: coletul a fost livrat; mulțumim, în ziua următoare.',
  Hungarian: 'Árvíztűrő tükörfúrógép. A csomagot ŐSZINTÉN átvették; ÜZENET: köszönöm, űrlap kitöltve.',
  Croatian: 'Đurđevac, Čakovec, Šibenik, Žrnovnica: pošiljka je isporučena, ćao.',
  Greek: 'Ξεσκεπάζω την ψυχοφθόρα βδελυγμία. Η αποστολή ΠΑΡΑΔΌΘΗΚΕ στις 12/11· ευχαριστώ!',
  Bulgarian: 'Жълтата дюля беше щастлива, че пухът, който цъфна, замръзна като гьон. Пратката е доставена.',
  German: 'Größe der Sendung: zwei Paletten; Übergabe an Frau Müller-Lüdenscheidt, Straße 5.',
  Spanish: '¿Dónde está el envío? ¡Llegó! Añadimos el albarán firmado por la señora Muñoz.',
  Slovak: 'Ľúbostný kôň ďaleko uháňal; ĺ ŕ ä ô.',
  Slovenian: 'Pošiljka je bila dostavljena v Ljubljani; čšž ČŠŽ.',
  Latvian: 'Sūtījums piegādāts Rīgā; ķēķis, ļaudis, ņemt, ģimene.',
  Lithuanian: 'Siunta pristatyta į Kauną; ąčęėįšųūž.',
  Estonian: 'Saadetis jõudis Tõrvasse; öö, äär, üks, šokk, žürii.',
  Maltese: 'Il-pakkett wasal il-Ħamrun; ċ ġ ħ ż Ċ Ġ Ħ Ż.',
  French: 'Cœur, façon, « colis livré » à Besançon; l’œuvre, été, Noël, où.',
  Portuguese: 'A encomenda chegou a São João; pão, põe, ação.',
  Danish: 'Pakken er leveret i Århus; æble, ø, å, Æ Ø Å.',
  Irish: 'Seachadadh an beart i nGaillimh; á é í ó ú.',
  Swedish: 'Paketet levererades i Malmö; åäö ÅÄÖ.',
  Finnish: 'Paketti toimitettiin Jyväskylään; šakki, Žitomir.',
  Italian: 'Il pacco è arrivato a Forlì; perché, più, città.',
  Dutch: 'Het pakket is bezorgd in Den Haag; één, ruïne, café.',
} satisfies Record<string, string>;

const pr: PaymentRequest = {
  ...paymentRequest('pr_lang1', 'm_1', '2026-11-01T00:00:00.000Z'),
  status: 'disputed',
  amount: 120_000,
  reference: 'AWB-020-1234 5675',
  description: 'Air freight WAW to ATH, 2 pallets',
  customer: { email: 'lukasz@example.com', name: 'Łukasz Wróbel' },
  paymentIntentId: 'pi_1',
  amountReceived: 120_000,
};

function inputs(over: Partial<CaseInputs>): CaseInputs {
  return {
    disputeId: 'dp_lang1',
    openedAt: '2026-11-20T09:00:00.000Z',
    reason: 'product_not_received',
    cardBrand: 'visa',
    pr,
    merchantName: 'Fracht Polska Sp. z o.o.',
    shipment: {
      carrier: 'LOT Cargo',
      tracking_number: 'LO-7731-0042',
      shipped_at: '2026-11-10T08:00:00Z',
      delivered_at: '2026-11-12T15:30:00Z',
      delivery_address: { line1: 'ul. Piotrkowska 104', postal_code: '90-926', city: 'Łódź', country: 'PL' },
    },
    policies: { service_description: null, terms: null, refund_policy: null },
    proofs: [],
    messages: [],
    activity: [],
    radar: null,
    billing: null,
    added: {},
    ...over,
  };
}

const message = (i: number, text: string) => ({
  id: `msg_${i}`,
  channel: 'email' as const,
  direction: i % 2 === 0 ? ('inbound' as const) : ('outbound' as const),
  at: new Date(Date.UTC(2026, 10, 2, 8, i)).toISOString(),
  text,
});

const fileFor = (files: PlannedFile[], field: string) => {
  const file = files.find((f) => f.field === field);
  if (!file) throw new Error(`no ${field} file`);
  return file;
};

/** The characters of `text` that the extracted `found` text lacks (whitespace aside). */
const lacking = (text: string, found: string) =>
  [...new Set(text)].filter((ch) => !/\s/.test(ch) && !found.includes(ch)).join('');

describe('evidence documents in every EU language', () => {
  it('a communication log and a refund policy come back from a PDF reader with every character of every language', async () => {
    const texts = Object.values(SAMPLES);
    const plan = await compileEvidence(
      inputs({
        messages: texts.map((text, i) => message(i, text)),
        policies: { service_description: null, terms: null, refund_policy: texts.join('\n') },
      }),
    );
    const log = await extract(fileFor(plan.files, 'customer_communication').bytes);
    const policy = await extract(fileFor(plan.files, 'refund_policy').bytes);
    for (const [language, text] of Object.entries(SAMPLES)) {
      expect(lacking(text, log.text), `${language} in the communication log`).toBe('');
      expect(lacking(text, policy.text), `${language} in the refund policy`).toBe('');
      // Each sentence is one paragraph: read back with line breaks as spaces, it is the same sentence.
      expect(log.text, language).toContain(text);
      expect(policy.text, language).toContain(text);
    }
  });

  it('names a Polish buyer and city exactly as written (the old WinAnsi writer sent "?ukasz Wróbel" in "?ód?")', async () => {
    const plan = await compileEvidence(inputs({ messages: [message(0, 'Paczka nie dotarła do Łodzi.')] }));
    const { text } = await extract(fileFor(plan.files, 'customer_communication').bytes);
    expect(text).toContain('between Fracht Polska Sp. z o.o. and Łukasz Wróbel');
    expect(text).toContain('from Łukasz Wróbel');
    expect(text).toContain('Paczka nie dotarła do Łodzi.');
    expect(text).not.toContain('?ukasz');
  });

  it('prints title, merchant, shipment, dates and page numbers on every page of every document', async () => {
    const plan = await compileEvidence(
      inputs({
        messages: Array.from({ length: 30 }, (_, i) => message(i, SAMPLES.Greek.repeat(8))),
        policies: {
          service_description: SAMPLES.Czech,
          terms: SAMPLES.Romanian,
          refund_policy: SAMPLES.Bulgarian,
        },
      }),
    );
    expect(plan.files.map((f) => f.field)).toEqual([
      'customer_communication',
      'service_documentation',
      'refund_policy',
    ]);
    for (const file of plan.files) {
      const { perPage } = await extract(file.bytes);
      expect(perPage).toHaveLength(file.pages);
      perPage.forEach((page, i) => {
        expect(page, file.field).toContain('Merchant: Fracht Polska Sp. z o.o.');
        expect(page, file.field).toContain('Shipment reference AWB-020-1234 5675');
        expect(page, file.field).toContain('Shipped 2026-11-10 with LOT Cargo, tracking LO-7731-0042');
        expect(page, file.field).toContain('Delivered 2026-11-12');
        expect(page, file.field).toContain('Dispute dp_lang1 opened 2026-11-20');
        expect(page, file.field).toContain(`Page ${i + 1} of ${file.pages}`);
      });
    }
    expect(plan.files[0]?.pages).toBeGreaterThan(1);
  });

  // The longest inputs the API accepts: policies of 20,000 characters (schema.ts) and as many messages of 5,000
  // characters as a merchant records; text of the widest letters, or of one short line per character pair.
  const widest = 'ШЩЖМW '.repeat(3_334).slice(0, 20_000);
  const shortLines = 'ő\n'.repeat(10_000);
  for (const [shape, policy] of [
    ['wide letters', widest],
    ['short lines', shortLines],
  ] as const) {
    for (const brand of ['mastercard', 'visa']) {
      it(`keeps the longest accepted evidence (${shape}) within the ${brand} page and size limits, counting real pages`, async () => {
        const plan = await fitToLimits(
          await compileEvidence(
            inputs({
              reason: 'general',
              cardBrand: brand,
              messages: Array.from({ length: 120 }, (_, i) =>
                message(i, SAMPLES.Greek.repeat(60).slice(0, 5_000)),
              ),
              policies: { service_description: policy, terms: policy, refund_policy: policy },
            }),
          ),
          brand,
        );
        const limit = pageLimitFor(brand);
        const pages = plan.files.reduce((n, f) => n + f.pages, 0);
        expect(pages).toBeLessThanOrEqual(limit);
        expect(plan.files.reduce((n, f) => n + f.bytes.length, 0)).toBeLessThanOrEqual(
          EVIDENCE_LIMITS.totalBytes,
        );
        expect(plan.files.map((f) => f.field)).toContain('customer_communication');
        for (const file of plan.files) {
          expect((await extract(file.bytes)).pages, file.field).toBe(file.pages);
          expect(countPages(file.bytes, 'pdf'), file.field).toBe(file.pages);
          expect(sandboxCountPages(file.bytes, 'pdf'), file.field).toBe(file.pages);
        }
        expect(plan.leftOut.map((l) => l.field)).toContain('customer_communication');
        if (shape === 'short lines') {
          // 10,000 lines run to about 190 pages: laid out only up to the limit, then left out, saying why.
          const policyOut = plan.leftOut.find((l) => l.field === 'refund_policy');
          expect(policyOut?.reason).toBe(
            `refund policy left out: longer than the ${limit} pages the evidence may hold for this card`,
          );
        }
      });
    }
  }
});
