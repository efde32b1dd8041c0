import { describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import { BUDGET_GZIP_BYTES, checkBuild } from './budget.ts';

// Reads dist/widget/, which `npm test` builds (npm run build) before the Node tests run.
describe('the built widget (dist/widget/)', () => {
  it('cargopay.js fits the 15 KB gzip budget, the manifest matches the files, no secret prefix is shipped', async () => {
    const { files, problems } = await checkBuild();
    expect(problems).toEqual([]);
    const main = files.find((f) => f.name === 'cargopay.js');
    expect(main?.gzip).toBeLessThanOrEqual(BUDGET_GZIP_BYTES);
    expect(main?.integrity).toMatch(/^sha384-[A-Za-z0-9+/]{64}$/);
  });

  it('ships one file per locale and the classic script imports none of them up front', async () => {
    const { files } = await checkBuild();
    const names = files.map((f) => f.name);
    for (const tag of ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl'])
      expect(names).toContain(`locales/${tag}.js`);
    const classic = await readFile(new URL('../../dist/widget/cargopay.js', import.meta.url), 'utf8');
    expect(classic).not.toContain('Pago rechazado');
    expect(classic).not.toContain('Payment declined');
    expect(classic).toContain('locales/');
  });

  it('custom-elements.json documents the element, its attributes, events, parts and custom properties', async () => {
    const manifest = JSON.parse(
      await readFile(new URL('../../dist/widget/custom-elements.json', import.meta.url), 'utf8'),
    ) as { modules: { declarations?: Record<string, unknown>[] }[] };
    const element = manifest.modules
      .flatMap((m) => m.declarations ?? [])
      .find((d) => d.tagName === 'cargopay-checkout') as Record<string, { name: string }[]> | undefined;
    expect(element).toBeDefined();
    const names = (key: string) => (element?.[key] ?? []).map((x) => x.name);
    expect(names('attributes')).toEqual(
      expect.arrayContaining([
        'payment-request',
        'api-base',
        'publishable-key',
        'locale',
        'theme',
        'return-url',
        'collect-vat',
      ]),
    );
    expect(names('events')).toEqual(
      expect.arrayContaining([
        'cargopay-ready',
        'cargopay-change',
        'cargopay-submit',
        'cargopay-requires-action',
        'cargopay-succeeded',
        'cargopay-failed',
        'cargopay-error',
        'cargopay-busy',
      ]),
    );
    expect(names('cssParts')).toEqual(expect.arrayContaining(['base', 'summary', 'button', 'receipt']));
    expect(names('cssProperties')).toEqual(
      expect.arrayContaining([
        '--cargopay-accent',
        '--cargopay-radius',
        '--cargopay-font-family',
        '--cargopay-text',
        '--cargopay-background',
      ]),
    );
  });
});
