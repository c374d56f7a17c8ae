import { parseArgs } from 'node:util';

/**
 * Every option any `apostil` command takes, parsed once for the whole command line; each
 * command in the table names the ones it accepts beside the global ones. Options that one
 * command repeats (`--tag`, `--article`) are collected as lists; a command that takes one
 * reads the last, as a single-valued option would.
 */
export const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  exact: { type: 'string' },
  nth: { type: 'string' },
  tag: { type: 'string', multiple: true },
  comment: { type: 'string' },
  article: { type: 'string', multiple: true },
  trash: { type: 'boolean' },
  port: { type: 'string' },
  in: { type: 'string' },
  limit: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  query: { type: 'string' },
  note: { type: 'string' },
  bom: { type: 'boolean' },
  style: { type: 'string' },
  locale: { type: 'string' },
  citations: { type: 'string' },
  'revision-of': { type: 'string' },
  'allow-fetch': { type: 'string', multiple: true },
  'whole-page': { type: 'boolean' },
  data: { type: 'string' },
  host: { type: 'string' },
  library: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  markdown: { type: 'string' },
  timeout: { type: 'string' },
  postgres: { type: 'string' },
  redis: { type: 'string' },
  'token-id': { type: 'string' },
  csv: { type: 'boolean' },
  coder: { type: 'string', multiple: true },
} as const;

/** The name of an option, without its dashes. */
export type OptionName = keyof typeof OPTIONS;

/** The options every command takes. */
export const GLOBAL_OPTIONS: readonly OptionName[] = ['db', 'json', 'help', 'version'];

/** The parsed options of a command line. */
export type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** A mistake in how a command was called: printed with a pointer to the help, exit status 2. */
export class UsageError extends Error {}

/** A parsed command line: the command's name, its positional arguments and the options. */
export interface CommandLine {
  command: string | undefined;
  args: string[];
  values: Values;
}

/** The command a command line names (its first positional), read leniently so that a bad option does not hide it. */
export function commandName(argv: readonly string[]): string | undefined {
  return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: false }).positionals[0];
}

/** Parses a command line strictly; throws parseArgs's own error for an unknown option or a missing value. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  const [command, ...args] = positionals;
  return { command, args, values };
}

/** The options given that a command does not take (besides the global ones). */
export function strayOptions(values: Values, allowed: readonly OptionName[]): OptionName[] {
  return (Object.keys(values) as OptionName[]).filter((k) => !GLOBAL_OPTIONS.includes(k) && !allowed.includes(k));
}

/** The value of a single-valued option that was collected as a list: the last one given, as parseArgs keeps for single options. */
export function lastOf(values: readonly string[] | undefined): string | undefined {
  return values?.[values.length - 1];
}

/** A positive whole number from the command line, or a usage error naming `what`. */
export function positiveInt(value: string | undefined, what: string): number {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value))
    throw new UsageError(`${what} must be a positive whole number (got ${JSON.stringify(value ?? '')}).`);
  return Number(value);
}
