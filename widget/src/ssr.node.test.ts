import { describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('importing the widget where there is no DOM', () => {
  it('plain Node imports the module entry without throwing and without a window', async () => {
    const script = `
      const m = await import('./widget/src/index.ts');
      console.log(JSON.stringify({
        window: typeof window, document: typeof document,
        element: typeof m.CargopayCheckout, vat: m.checkVatNumber('DE136695976').ok,
        locale: m.resolveLocale('es-MX'),
      }));`;
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ['--input-type=module', '-e', script],
      { cwd: root },
    );
    expect(stderr).toBe('');
    expect(JSON.parse(stdout)).toEqual({
      window: 'undefined',
      document: 'undefined',
      element: 'function',
      vat: true,
      locale: 'es',
    });
  });
});
