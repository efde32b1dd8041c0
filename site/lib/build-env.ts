/**
 * The docs build's environment. This is the only module of the site build (`astro build`) that reads
 * `process.env`; everything else imports what it needs from here. (The server has its own single reader,
 * `server/src/config.ts`; the docs build is a separate program.)
 */

/** Path of the operator's statements file (`OPERATOR_STATEMENTS`), or `undefined`: the site states nothing. */
export const operatorStatementsPath: string | undefined = process.env.OPERATOR_STATEMENTS;
