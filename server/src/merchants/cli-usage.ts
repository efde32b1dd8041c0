/** How the merchant CLI is run, as every hint that names one of its commands spells it. */
export const MERCHANT_CLI = 'npm run merchant --';

/** The exact command that allows `origin` for a merchant (its id, or the id of one of its payment requests). */
export const originsAddCommand = (merchant: string, origin: string): string =>
  `${MERCHANT_CLI} origins add ${merchant} ${origin}`;

/** One command of `npm run merchant`: its synopsis, what it does, and notes for its `--help`. */
export interface CommandHelp {
  usage: string;
  summary: string;
  notes?: string[];
}

const MERCHANT_ARG = '<merchant>  a merchant id (mer_…), or the id of one of its payment requests (pr_…)';
const ORIGIN_ARG =
  '<origin>    scheme, host and port if not the default, no path: https://shop.example, http://127.0.0.1:8080';

/** Every command, by name (`origins add` for the subcommands), in the order `--help` lists them. */
export const COMMANDS: Record<string, CommandHelp> = {
  create: {
    usage:
      'create --name <name> --origin <origin> [--origin <origin> …] [--webhook-url <url>] [--vat-unavailable allow|block]',
    summary: 'registers a merchant; prints its API key and notification signing secret, once',
    notes: [
      '--name             the business name buyers see',
      '--origin           a site that may embed the widget: scheme, host and port if not the default, no path',
      '--webhook-url      where CargoPay POSTs signed notifications (http or https)',
      '--vat-unavailable  when VIES cannot check a VAT number: allow the payment (default) or block it',
    ],
  },
  list: {
    usage: 'list',
    summary: 'lists the merchants: id, name, key prefix, origins, webhook URL; no secrets',
  },
  'origins list': {
    usage: 'origins list <merchant>',
    summary: "prints the origins allowed to embed a merchant's widget",
    notes: [MERCHANT_ARG],
  },
  'origins add': {
    usage: 'origins add <merchant> <origin> [<origin> …]',
    summary: 'allows more origins to embed the widget; the ones already allowed stay',
    notes: [MERCHANT_ARG, ORIGIN_ARG],
  },
  'origins remove': {
    usage: 'origins remove <merchant> <origin> [<origin> …]',
    summary: 'stops allowing origins (a merchant keeps at least one)',
    notes: [MERCHANT_ARG, ORIGIN_ARG],
  },
  update: {
    usage: 'update <merchant> [--name <name>] [--webhook-url <url>|none] [--vat-unavailable allow|block]',
    summary: "changes a merchant's name, webhook URL or VIES setting (origins: see origins add|remove)",
    notes: [MERCHANT_ARG],
  },
  'rotate-key': {
    usage: 'rotate-key <merchant>',
    summary: 'replaces the API key (printed once); the old one stops working at once',
    notes: [MERCHANT_ARG],
  },
  'rotate-webhook-secret': {
    usage: 'rotate-webhook-secret <merchant>',
    summary: 'replaces the notification signing secret (printed once)',
    notes: [MERCHANT_ARG],
  },
};

/** `--help` of one command: its synopsis, what it does, and its notes. */
export function commandHelp(name: string): string {
  const command = COMMANDS[name];
  if (!command) return cliHelp();
  return [
    `usage: ${MERCHANT_CLI} ${command.usage}`,
    '',
    `${command.summary[0]?.toUpperCase()}${command.summary.slice(1)}.`,
    ...(command.notes ? ['', ...command.notes.map((note) => `  ${note}`)] : []),
  ].join('\n');
}

/** `--help` of `origins`: its three commands, then what their arguments are. */
export function originsHelp(): string {
  const names = ['origins list', 'origins add', 'origins remove'];
  return [
    ...names.map(
      (name, i) => `${i === 0 ? 'usage:' : '      '} ${MERCHANT_CLI} ${COMMANDS[name]?.usage ?? name}`,
    ),
    '',
    ...names.map((name) => `  ${name.padEnd(14)}  ${COMMANDS[name]?.summary ?? ''}`),
    '',
    `  ${MERCHANT_ARG}`,
    `  ${ORIGIN_ARG}`,
  ].join('\n');
}

/** `--help` of the CLI: every command with what it does. */
export function cliHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  return [
    `usage: ${MERCHANT_CLI} <command> …   (${MERCHANT_CLI} <command> --help for one command)`,
    '',
    'Manages the merchants of this CargoPay server, in the database the configuration names',
    '(DATABASE_URL or DATABASE_PATH). Secrets are printed once and never again.',
    '',
    ...Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`),
  ].join('\n');
}
