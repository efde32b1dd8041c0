// @ts-check
import { createRequire } from 'node:module';
import { defineConfig } from 'astro/config';
import starlight from '@astrojs/starlight';
import starlightLinksValidator from 'starlight-links-validator';
import { operator, operatorStatements } from './site/data/operator.ts';
import { operatorStatementsMarker } from './site/lib/operator-statements-marker.ts';
import { controlVerification } from './site/lib/build-proof.ts';
import { sidebar } from './site/data/sidebar.ts';

// With CONTROLS_REPORTS set (npm test), stop before building anything when a control's test did not pass in
// the reports; the error names every control and test at fault (site/lib/control-proof.ts).
const verification = controlVerification();
console.info(
  verification.state === 'verified'
    ? `controls: every test named by ${verification.proofs.size} controls passed in ${verification.reports.join(', ')}`
    : 'controls: built without test reports (CONTROLS_REPORTS unset), shown as "not verified in this build"',
);

const astroRequire = createRequire(createRequire(import.meta.url).resolve('astro/package.json'));

/**
 * The documentation site: Astro + Starlight, content under `site/`, output in `dist/site/`.
 * English is the root locale (`/`), Spanish lives under `/es/`.
 */
export default defineConfig({
  // Without the operator's site URL there is no canonical link or sitemap, rather than a guessed address.
  site: operator.siteUrl ?? undefined,
  srcDir: './site',
  publicDir: './site/public',
  outDir: './dist/site',
  trailingSlash: 'always',
  // Astro needs cookie@2 (nested under astro/); express's cookie@0.7 sits at the top of node_modules, so the
  // prerender chunk must bundle Astro's copy instead of importing whichever `cookie` Node finds first.
  vite: {
    resolve: { alias: { cookie: astroRequire.resolve('cookie') } },
    build: {
      rolldownOptions: {
        // Astro marks compiled MDX with a module-level directive that Rolldown reports for every page; it is
        // Astro's own marker, harmless, and would otherwise bury real warnings.
        onLog(level, log, handler) {
          if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
          handler(level, log);
        },
      },
    },
  },
  integrations: [
    starlight({
      title: 'CargoPay',
      description: 'Secure payments for logistics websites, processed by Stripe.',
      defaultLocale: 'root',
      locales: {
        root: { label: 'English', lang: 'en' },
        es: { label: 'Español', lang: 'es' },
      },
      sidebar,
      customCss: ['./site/styles/custom.css'],
      // The banner says, on every page, when the operator's statements are the repository's examples.
      components: { Banner: './site/components/Banner.astro' },
      // Wrapped lines: no horizontal scrolling, so Expressive Code never turns a block into an unnamed
      // scrollable `region` landmark (axe: landmark-unique), and long lines such as the SRI hash stay readable.
      expressiveCode: { defaultProps: { wrap: true } },
      lastUpdated: false,
      pagination: false,
      // The validator reads Markdown links only and takes `/.well-known/…` for a relative link; site/checks
      // verifies every link of the built HTML, that one included.
      plugins: [starlightLinksValidator({ exclude: ['/.well-known/security.txt'] })],
    }),
    // Tells the server which statements this build rendered (production refuses the example file's).
    operatorStatementsMarker(operatorStatements),
  ],
});
