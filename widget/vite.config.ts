import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { transform } from 'esbuild';
import { minify } from 'terser';
import { build, defineConfig, type Plugin } from 'vite';
import { writeCustomElementsManifest } from './scripts/custom-elements.ts';
import { writeManifest } from './scripts/manifest.ts';
import { minifyTemplatesPlugin } from './scripts/minify-templates.ts';
import { writeTypes } from './scripts/types.ts';

/**
 * `npm run build:widget` → `dist/widget/`:
 * - `index.js`: the ES module build for bundlers (Lit and @stripe/stripe-js stay imports); `locales/<tag>.js`
 *   and `vat.js` loaded on demand;
 * - `cargopay.js`: one self-contained classic script (Lit included) for `<script src>`, which imports the same
 *   `locales/<tag>.js` and `vat.js` files on demand, resolved from its own URL;
 * - `manifest.json` (size, gzip size, SRI hash of each file), `custom-elements.json`, and `types/` (declarations).
 */
const root = fileURLToPath(new URL('..', import.meta.url));
const src = join(root, 'widget/src');
const outDir = join(root, 'dist/widget');
const locales = ['en', 'es', 'fr', 'de', 'it', 'pt', 'nl', 'pl'];
const target = 'es2022';

/** After the ES build: the classic script, then the manifests. */
function classicScriptAndManifests(): Plugin {
  return {
    name: 'cargopay-classic-script',
    apply: 'build',
    async closeBundle() {
      await build({
        configFile: false,
        root,
        logLevel: 'warn',
        plugins: [
          minifyTemplatesPlugin(),
          {
            name: 'cargopay-classic-locales',
            enforce: 'pre',
            resolveId(source) {
              return /(^|\/)chunks\.ts$/.test(source) ? join(src, 'shared/chunks.classic.ts') : null;
            },
          },
        ],
        define: { 'import.meta.url': 'undefined' },
        build: {
          outDir,
          emptyOutDir: false,
          target,
          minify: true,
          copyPublicDir: false,
          lib: {
            entry: join(src, 'classic.ts'),
            formats: ['iife'],
            name: 'CargoPay',
            fileName: () => 'cargopay.js',
          },
        },
      });
      // One self-contained file, so the widget's own private members (`_name`) can be renamed safely; Stripe's
      // `_registerWrapper` (called on window.Stripe) is kept.
      const classic = join(outDir, 'cargopay.js');
      const mangled = await transform(await readFile(classic, 'utf8'), {
        minify: true,
        target,
        mangleProps: /^_[a-z]/,
        reserveProps: /^_registerWrapper$/,
      });
      // A second compression pass takes about 2 % off the gzip size that esbuild leaves, which the 15 KB budget
      // needs. No getter assumptions (Lit's accessors have effects). Unused trailing parameters are dropped and
      // ES5 function expressions that use no `this` become arrows: nothing in the bundle reads a function's
      // `length` or constructs a function expression with `new` (its own code uses classes and arrows, Lit's is
      // ES2021 classes, and @stripe/stripe-js's ES5 callbacks are only ever called); the browser and e2e suites
      // run against this output.
      const compressed = await minify(mangled.code, {
        ecma: 2020,
        module: false,
        compress: { passes: 2, keep_fargs: false, unsafe_arrows: true },
        mangle: true,
      });
      if (compressed.code === undefined) throw new Error('terser returned no code for cargopay.js');
      await writeFile(classic, compressed.code);
      const sources = (await readdir(src, { recursive: true }))
        .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
        .map((f) => join(src, f));
      await writeCustomElementsManifest(root, sources, outDir);
      await writeTypes(root);
      const files = await writeManifest(outDir);
      for (const f of files) console.info(`dist/widget/${f.name}  ${f.size} B  gzip ${f.gzip} B`);
    },
  };
}

export default defineConfig({
  root,
  logLevel: 'warn',
  publicDir: false,
  plugins: [minifyTemplatesPlugin(), classicScriptAndManifests()],
  build: {
    outDir,
    emptyOutDir: true,
    target,
    minify: true,
    lib: {
      entry: Object.fromEntries([
        ['index', join(src, 'index.ts')],
        ['vat', join(src, 'vat/vat-number.ts')],
        ['warnings', join(src, 'shared/warnings.ts')],
        ...locales.map((l) => [`locales/${l}`, join(src, `locales/${l}.ts`)]),
      ]),
      formats: ['es'],
      fileName: (_format, name) => `${name}.js`,
    },
    rolldownOptions: {
      external: [/^lit(\/|$)/, /^@lit\//, /^@stripe\/stripe-js(\/|$)/],
    },
  },
});
