import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { z } from 'zod';
import type { Merchant, Store } from '../store/types.ts';
import { fieldErrors } from '../http/validate.ts';
import { cliHelp, commandHelp, COMMANDS, MERCHANT_CLI, originsAddCommand, originsHelp } from './cli-usage.ts';
import {
  createMerchant,
  originSchema,
  rotateApiKey,
  rotateSigningSecret,
  webhookUrlSchema,
} from './service.ts';

/**
 * `npm run merchant -- <command>`: the commands and their `--help` are in `cli-usage.ts`. Exit codes: 0 done
 * (or help asked for), 1 refused (bad value, no such merchant), 2 not understood (unknown command or option,
 * missing or extra arguments: the command's usage follows). Secrets are printed once and never again.
 */

/** Output of a command: `info` for results (secrets included, once), `error` for problems. */
export interface CommandOutput {
  info(text: string): void;
  error(text: string): void;
}

const HELP = { help: { type: 'boolean', short: 'h' } } as const satisfies ParseArgsOptionsConfig;
const SETTINGS = {
  name: { type: 'string' },
  'webhook-url': { type: 'string' },
  'vat-unavailable': { type: 'string' },
} as const satisfies ParseArgsOptionsConfig;

/** Each command's options and how many arguments it takes (at least, at most). */
const SHAPES: Record<string, { options: ParseArgsOptionsConfig; args: [number, number] }> = {
  create: { options: { ...SETTINGS, origin: { type: 'string', multiple: true } }, args: [0, 0] },
  list: { options: {}, args: [0, 0] },
  'origins list': { options: {}, args: [1, 1] },
  'origins add': { options: {}, args: [2, Infinity] },
  'origins remove': { options: {}, args: [2, Infinity] },
  // --origin only to answer it with the origins commands: it used to replace the whole list.
  update: { options: { ...SETTINGS, origin: { type: 'string', multiple: true } }, args: [1, 1] },
  'rotate-key': { options: {}, args: [1, 1] },
  'rotate-webhook-secret': { options: {}, args: [1, 1] },
};

const vatSetting = z.enum(['allow', 'block']);

/** A refusal to show as it is, with its exit code. */
class CommandError extends Error {
  readonly exitCode: 1 | 2;
  constructor(message: string, exitCode: 1 | 2 = 1) {
    super(message);
    this.exitCode = exitCode;
  }
}

type Parsed =
  | { kind: 'help'; text: string }
  | { kind: 'run'; name: string; values: Record<string, unknown>; args: string[] };

/**
 * The help `argv` asks for (`--help`, `-h` or `help`, for the CLI or one command), or null. Answered without
 * opening the database.
 */
export function helpRequest(argv: readonly string[]): string | null {
  try {
    const parsed = parse(argv);
    return parsed.kind === 'help' ? parsed.text : null;
  } catch {
    return null;
  }
}

function parse(argv: readonly string[]): Parsed {
  const isHelp = (word: string | undefined) => word === '--help' || word === '-h' || word === 'help';
  const [first, second] = argv;
  if (first === undefined) throw new CommandError(cliHelp(), 2);
  if (isHelp(first)) {
    const asked = argv.slice(1).join(' ');
    const text = asked in COMMANDS ? commandHelp(asked) : asked === 'origins' ? originsHelp() : cliHelp();
    return { kind: 'help', text };
  }
  let name = first;
  let rest = argv.slice(1);
  if (first === 'origins') {
    if (second !== undefined && isHelp(second)) return { kind: 'help', text: originsHelp() };
    name = `origins ${second ?? ''}`.trim();
    rest = argv.slice(2);
    if (!(name in COMMANDS)) {
      throw new CommandError(
        `${second === undefined ? 'origins: which one?' : `unknown command "${name}"`}\n\n${originsHelp()}`,
        2,
      );
    }
  }
  const shape = SHAPES[name];
  if (!shape) throw new CommandError(`unknown command "${first}"\n\n${cliHelp()}`, 2);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...shape.options, ...HELP },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CommandError(`${name}: ${optionProblem(error)}\n\n${commandHelp(name)}`, 2);
  }
  if (parsed.values.help) return { kind: 'help', text: commandHelp(name) };
  const [least, most] = shape.args;
  const count = parsed.positionals.length;
  if (count < least || count > most) {
    const problem = count < least ? 'missing arguments' : `unexpected argument "${parsed.positionals[most]}"`;
    throw new CommandError(`${name}: ${problem}\n\n${commandHelp(name)}`, 2);
  }
  return { kind: 'run', name, values: parsed.values, args: parsed.positionals };
}

/** One plain sentence for what `parseArgs` refused, instead of its message meant for programmers. */
function optionProblem(error: unknown): string {
  const code = (error as { code?: string }).code;
  const option = /'(-[^' ]+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option}`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') return `option ${option} needs a value`;
  return 'options not understood';
}

function describe(m: Merchant): string {
  return [
    `${m.id}  ${m.name}`,
    `  key:            ${m.keyPrefix}`,
    `  origins:        ${m.allowedOrigins.join(', ')}`,
    `  webhook url:    ${m.webhookUrl ?? '(none)'}`,
    `  VIES down:      ${m.vatUnavailableAllowsPayment ? 'buyer may pay' : 'payment blocked'}`,
    `  mode:           ${m.livemode ? 'live' : 'test'}; created ${m.createdAt}`,
  ].join('\n');
}

/** The merchant `ref` names: its id, or the id of one of its payment requests (what the widget knows). */
async function resolveMerchant(store: Store, ref: string, out: CommandOutput): Promise<Merchant> {
  const viaRequest = ref.startsWith('pr_');
  const id = viaRequest ? (await store.paymentRequests.get(ref))?.merchantId : ref;
  const merchant = id ? await store.merchants.get(id) : null;
  if (!merchant) {
    throw new CommandError(
      viaRequest
        ? `no payment request ${ref} in this database (${MERCHANT_CLI} list shows the merchants)`
        : `no merchant ${ref} (${MERCHANT_CLI} list shows them)`,
    );
  }
  if (viaRequest) out.info(`${ref} is a payment request of ${merchant.id} (${merchant.name}).`);
  return merchant;
}

/** `value` as an origin, or a refusal that shows the origin it probably meant, in the command to run. */
function parseOrigin(value: string, command: (origin: string) => string): string {
  if (originSchema.safeParse(value).success) return value;
  let meant: string | null = null;
  try {
    const origin = new URL(value).origin;
    if (originSchema.safeParse(origin).success) meant = origin;
  } catch {
    // Not a URL at all: nothing to suggest.
  }
  throw new CommandError(
    `"${value}" is not an origin: scheme, host and port if not the default, no path or trailing slash` +
      (meant ? `. Did you mean ${meant}? ${command(meant)}` : ' (e.g. https://shop.example)'),
  );
}

/** Runs one `npm run merchant` command against `store`; returns the process exit code (see above). */
export async function runMerchantCommand(
  argv: string[],
  store: Store,
  livemode: boolean,
  out: CommandOutput,
): Promise<number> {
  try {
    const parsed = parse(argv);
    if (parsed.kind === 'help') {
      out.info(parsed.text);
      return 0;
    }
    await run(parsed.name, parsed.values, parsed.args, store, livemode, out);
    return 0;
  } catch (error) {
    if (error instanceof CommandError) {
      out.error(error.message);
      return error.exitCode;
    }
    if (error instanceof z.ZodError) {
      for (const e of fieldErrors(error.issues)) out.error(`${e.path || 'value'}: ${e.message}`);
      return 1;
    }
    out.error(error instanceof Error ? error.message : String(error));
    return 1;
  }
}

async function run(
  name: string,
  values: Record<string, unknown>,
  args: string[],
  store: Store,
  livemode: boolean,
  out: CommandOutput,
): Promise<void> {
  const text = (option: string) => values[option] as string | undefined;
  const vat = () => {
    const v = text('vat-unavailable');
    return v === undefined ? undefined : vatSetting.parse(v) === 'allow';
  };
  const [ref = '', ...origins] = args;
  switch (name) {
    case 'create': {
      const { merchant, apiKey, signingSecret } = await createMerchant(
        store,
        {
          name: text('name') ?? '',
          origins: (values.origin as string[] | undefined) ?? [],
          webhookUrl: text('webhook-url') ?? null,
          vatUnavailableAllowsPayment: vat(),
        },
        livemode,
      );
      out.info(describe(merchant));
      out.info(`\nSecret API key (shown once, store it now):      ${apiKey}`);
      out.info(`Notification signing secret (shown once):       ${signingSecret}`);
      out.info(`\nAllow another origin later: ${originsAddCommand(merchant.id, '<origin>')}`);
      return;
    }
    case 'list': {
      const all = await store.merchants.list();
      out.info(
        all.length === 0 ? `No merchants yet: ${MERCHANT_CLI} create --help` : all.map(describe).join('\n\n'),
      );
      return;
    }
    case 'origins list': {
      const merchant = await resolveMerchant(store, ref, out);
      out.info(merchant.allowedOrigins.join('\n'));
      return;
    }
    case 'origins add': {
      const merchant = await resolveMerchant(store, ref, out);
      const wanted = origins.map((o) => parseOrigin(o, (meant) => originsAddCommand(ref, meant)));
      const added = [...new Set(wanted)].filter((o) => !merchant.allowedOrigins.includes(o));
      if (added.length === 0) {
        out.info(
          `${merchant.id} already allows ${wanted.join(', ')}; its origins: ${merchant.allowedOrigins.join(', ')}`,
        );
        return;
      }
      await saveOrigins(store, merchant, [...merchant.allowedOrigins, ...added], out);
      return;
    }
    case 'origins remove': {
      const merchant = await resolveMerchant(store, ref, out);
      const unknown = origins.filter((o) => !merchant.allowedOrigins.includes(o));
      if (unknown.length > 0) {
        throw new CommandError(
          `${merchant.id} does not allow ${unknown.join(', ')}; its origins: ${merchant.allowedOrigins.join(', ')}`,
        );
      }
      const kept = merchant.allowedOrigins.filter((o) => !origins.includes(o));
      if (kept.length === 0) {
        throw new CommandError(
          `${merchant.id} would have no origin left; add the one to keep first: ${originsAddCommand(merchant.id, '<origin>')}`,
        );
      }
      await saveOrigins(store, merchant, kept, out);
      return;
    }
    case 'update': {
      const given = values.origin as string[] | undefined;
      if (given) {
        throw new CommandError(
          [
            'update no longer changes origins (--origin replaced the whole list). To allow one more:',
            ...given.map((o) => `  ${originsAddCommand(ref, o)}`),
            `and to stop allowing one: ${MERCHANT_CLI} origins remove ${ref} <origin>`,
          ].join('\n'),
          2,
        );
      }
      const merchant = await resolveMerchant(store, ref, out);
      const hook = text('webhook-url');
      const newName = text('name');
      const updated = await store.merchants.update(
        merchant.id,
        {
          name: newName === undefined ? undefined : z.string().trim().min(1).max(200).parse(newName),
          webhookUrl: hook === undefined ? undefined : hook === 'none' ? null : webhookUrlSchema.parse(hook),
          vatUnavailableAllowsPayment: vat(),
        },
        new Date().toISOString(),
      );
      if (updated) out.info(describe(updated));
      return;
    }
    case 'rotate-key': {
      const merchant = await resolveMerchant(store, ref, out);
      const key = await rotateApiKey(store, merchant.id, livemode);
      out.info(`New secret API key for ${merchant.id} (shown once; the old key no longer works): ${key}`);
      return;
    }
    case 'rotate-webhook-secret': {
      const merchant = await resolveMerchant(store, ref, out);
      const secret = await rotateSigningSecret(store, merchant.id);
      out.info(`New notification signing secret for ${merchant.id} (shown once): ${secret}`);
      return;
    }
  }
}

async function saveOrigins(store: Store, merchant: Merchant, origins: string[], out: CommandOutput) {
  const updated = await store.merchants.update(
    merchant.id,
    { allowedOrigins: origins },
    new Date().toISOString(),
  );
  out.info(
    `Origins of ${merchant.id} (${merchant.name}):\n  ${(updated ?? merchant).allowedOrigins.join('\n  ')}`,
  );
}
