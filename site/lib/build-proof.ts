/**
 * This docs build's proof settings, from the environment (read in `build-env.ts`):
 *
 * - `CONTROLS_REPORTS`: the folder of the test runs' reports (`.reports` in `npm test`). Set, the build fails
 *   unless every control's tests are in the reports and passed; unset, controls show "not verified in this
 *   build" (see `control-proof.ts`).
 * - `SOURCE_BASE_URL`: where source paths link to (see `source-links.ts`).
 */
import { controls } from '../data/controls.ts';
import { repoRoot } from './build-inputs.ts';
import { checkoutState, verifyControls, type ControlVerification } from './control-proof.ts';
import { sourceBaseTemplate, sourceHref } from './source-links.ts';
import { controlsReportsDir, sourceBaseUrl } from './build-env.ts';

let verification: ControlVerification | undefined;
let commit: string | null | undefined;

/**
 * The controls' verification in this build, computed on first use.
 * @throws UnprovenControlsError or TestReportError when `CONTROLS_REPORTS` is set and the proof fails.
 */
export function controlVerification(): ControlVerification {
  verification ??= verifyControls(controls, controlsReportsDir, repoRoot);
  return verification;
}

/** The base URL source paths link to, `{commit}` unfilled; `null` when the site publishes the test files. */
export const sourceBase = sourceBaseTemplate(sourceBaseUrl, repoRoot);

/** The link of a repository path in this build, or `null` (see `source-links.ts`). */
export function sourceLink(path: string): string | null {
  commit ??= checkoutState(repoRoot).commit;
  return sourceHref(path, sourceBase, commit);
}
