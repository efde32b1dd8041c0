/**
 * The docs build's environment. This is the only module of the site build (`astro build`) that reads
 * `process.env`; everything else imports what it needs from here. (The server has its own single reader,
 * `server/src/config.ts`; the docs build is a separate program.)
 */

/** Path of the operator's statements file (`OPERATOR_STATEMENTS`), or `undefined`: the site states nothing. */
export const operatorStatementsPath: string | undefined = process.env.OPERATOR_STATEMENTS;

/**
 * Folder of the test runs' JSON reports (`CONTROLS_REPORTS`): when set, every control must be proven by tests that
 * ran and passed there, or the build fails; unset, controls show "not verified in this build".
 */
export const controlsReportsDir: string | undefined = process.env.CONTROLS_REPORTS || undefined;

/** Where the pages link a source file (`SOURCE_BASE_URL`, `{commit}` replaced), or `undefined` for the default. */
export const sourceBaseUrl: string | undefined = process.env.SOURCE_BASE_URL || undefined;
