/**
 * The operator's statements file (`OPERATOR_STATEMENTS`): its schema, and the loader the docs build uses.
 *
 * Whoever deploys CargoPay states its certifications, audits, insurance, track record and response targets in
 * one JSON file; the site renders each one with who stated it, when, and its evidence, and renders every
 * statement the file does not make as "not made". Without a file the site states nothing.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';

/** Every statement a page can show, by id. The file may make any of them; it may not invent others. */
export const STATEMENT_IDS = [
  'tls-in-transit',
  'verified-users',
  'eu-data-centres',
  'monitoring-24-7',
  'anti-fraud-insurance',
  'offsite-backups',
  'iso-27001',
  'soc2-type2',
  'isae-3402',
  'external-audits',
  'fnmt-certificate',
  'sox-support',
  'penetration-testing',
  'security-awareness',
  'incident-response-plan',
  'incident-notification-15-min',
  'incident-response-12-min',
  'incident-escalation',
  'incident-transparency',
  'dispute-win-rate',
  'dispute-response-time',
  'dispute-transparency',
  'security-report-acknowledgement',
] as const;

export type StatementId = (typeof STATEMENT_IDS)[number];

/** The example file kept in the repository (the seed's statements); never true of a real deployment. */
export const EXAMPLE_STATEMENTS_FILE = 'site/data/operator-statements.example.json';

const text = z.string().trim().min(1, 'must not be empty');
const localized = z.strictObject({ en: text, es: text });
const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https:// URL' });

const statementSchema = z.strictObject({
  /** The statement, one or two sentences, as the operator makes it. */
  text: localized,
  /** Short form for headline cards, e.g. `78 %`. */
  figure: localized.optional(),
  /** The person who makes the statement on the operator's behalf. */
  statedBy: z.strictObject({ name: text, role: text }),
  /** When the statement was made (`YYYY-MM-DD`). */
  date: z.iso.date('must be a date, YYYY-MM-DD'),
  /** Where a reader can check it: a certificate, a report request page, a policy. */
  evidenceUrl: httpsUrl.optional(),
});

const fileSchema = z.strictObject({
  $schema: z.string().optional(),
  $comment: z.string().optional(),
  /** Set in the repository's example file: the build shows an "examples" banner and production refuses it. */
  example: z.boolean().default(false),
  operator: z.strictObject({
    /** The company that operates this deployment, as the pages name it. */
    name: text,
    /** Public URL of the docs site (canonical links, sitemap, security.txt). */
    siteUrl: httpsUrl.optional(),
    /** Public URL of the CargoPay server, used in the integration snippets. */
    apiBaseUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s):// URL' }).optional(),
    /** The security contact, published on `/security-contact/` and in `/.well-known/security.txt`. */
    security: z
      .strictObject({
        email: z.email('must be an email address'),
        encryptionKeyUrl: httpsUrl.optional(),
        preferredLanguages: z
          .array(z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]+)*$/, 'must be a language tag'))
          .min(1)
          .default(['en']),
        securityTxtValidityDays: z.int().min(1).max(365).default(180),
      })
      .optional(),
  }),
  statements: z.strictObject(
    Object.fromEntries(STATEMENT_IDS.map((id) => [id, statementSchema.optional()])) as Record<
      StatementId,
      z.ZodOptional<typeof statementSchema>
    >,
  ),
});

/** One statement as the file makes it. */
export type OperatorStatement = z.infer<typeof statementSchema>;

/** What the docs build renders: the operator's identity and statements, or nothing stated. */
export interface OperatorStatements {
  /** `none`: no file (nothing stated); `example`: the example file; `file`: the deployer's own. */
  source: 'none' | 'example' | 'file';
  operator: z.infer<typeof fileSchema>['operator'] | null;
  statements: Partial<Record<StatementId, OperatorStatement>>;
}

/** A statements file that cannot be used; the message names the file and every field at fault. */
export class OperatorStatementsError extends Error {
  constructor(file: string, problems: string[]) {
    super(
      `OPERATOR_STATEMENTS (${file}) is not a valid operator statements file:\n` +
        problems.map((problem) => `  - ${problem}`).join('\n'),
    );
    this.name = 'OperatorStatementsError';
  }
}

/** Validates a parsed statements file; throws `OperatorStatementsError` naming each field at fault. */
export function parseOperatorStatements(json: unknown, file: string): OperatorStatements {
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    throw new OperatorStatementsError(
      file,
      parsed.error.issues.map((issue) => {
        const keys = issue.code === 'unrecognized_keys' ? issue.keys : [];
        const path = [...issue.path.map(String), ...(keys.length === 1 ? keys : [])].join('.') || '(file)';
        return `${path}: ${issue.message}`;
      }),
    );
  }
  const { example, operator, statements } = parsed.data;
  const made = Object.fromEntries(
    Object.entries(statements).filter(([, statement]) => statement !== undefined),
  );
  return { source: example ? 'example' : 'file', operator, statements: made };
}

/**
 * Reads the statements file at `path` (relative to `cwd`), or states nothing when `path` is undefined or
 * empty. Throws `OperatorStatementsError` when the file is missing, is not JSON or fails the schema.
 */
export function loadOperatorStatements(path: string | undefined, cwd = process.cwd()): OperatorStatements {
  if (path === undefined || path.trim() === '') return { source: 'none', operator: null, statements: {} };
  let raw: string;
  try {
    raw = readFileSync(resolve(cwd, path), 'utf8');
  } catch (error) {
    throw new OperatorStatementsError(path, [
      `cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`,
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new OperatorStatementsError(path, [`is not valid JSON (${(error as Error).message})`]);
  }
  return parseOperatorStatements(json, path);
}
