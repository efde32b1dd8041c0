/** Strings of a control's proof on the pages (`components/Controls.astro`), in every language of the site. */
import type { Localized } from './localized.ts';

export const proofUi = {
  passed: { en: 'passed', es: 'superada' },
  notVerified: { en: 'not verified in this build', es: 'no verificado en esta compilación' },
  notVerifiedNote: {
    en: 'Not verified in this build: this site was built without test reports, so it does not say whether these tests ran or passed. npm test builds it from the reports of its own run and fails unless every test named here passed.',
    es: 'No verificado en esta compilación: este sitio se generó sin informes de pruebas, así que no dice si estas pruebas se ejecutaron ni si se superaron. npm test lo genera con los informes de su propia ejecución y falla si alguna de las pruebas nombradas aquí no se supera.',
  },
  /** Followed by the commit, then `ranOn` and the date. */
  allPassed: {
    en: 'Every test named here ran and passed in the test run this site was built from: commit',
    es: 'Todas las pruebas nombradas aquí se ejecutaron y se superaron en la ejecución de pruebas con la que se generó este sitio: commit',
  },
  unknownCommit: {
    en: 'unknown (not built from a git checkout)',
    es: 'desconocido (no se generó desde un repositorio git)',
  },
  uncommitted: { en: 'with uncommitted changes', es: 'con cambios sin confirmar' },
  ranOn: { en: 'run started', es: 'ejecución iniciada el' },
  suite: { en: 'every test of the suite', es: 'todas las pruebas del grupo' },
} satisfies Record<string, Localized>;
