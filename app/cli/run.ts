import { ApostilError, fromStorageError } from '../core/errors';
import { commandName, parseCommandLine, strayOptions, UsageError, type CommandLine } from './args';
import type { CliCommand } from './command';
import { CommandRun } from './context';
import { commandHelp, fullHelp, sectionHelp, SECTIONS, usageAfterMistake } from './help';

/** A failure as one plain sentence: storage failures in the words the app uses, never a stack trace. */
export function plainMessage(e: unknown): string {
  const known = fromStorageError(e);
  if (known instanceof ApostilError) return known.message;
  return `unexpected error: ${(e as Error)?.message ?? String(e)}`;
}

/** Where a command run writes, and the application root it reads migrations and resources from. */
export interface CommandIo {
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  root: string;
}

/**
 * Runs the command `argv` names from `table`: parses the options once, checks that the
 * command takes each one given, runs its handler and turns every failure into one line on
 * stderr — usage mistakes exit 2 with a pointer to the help, everything else 1 with the
 * plain message (`disk_full`, `read_only` … as the app words them), never a stack trace.
 *
 * With `version` (the whole CLI), `--version`, `--help`, a missing command and an unknown
 * one are answered too; without it, a command that is not in `table` resolves to undefined
 * so that the caller can run it otherwise.
 */
export async function runCommand(table: readonly CliCommand[], argv: readonly string[], io: CommandIo, version?: string): Promise<number | undefined> {
  const whole = version !== undefined;
  const { out, err } = io;
  const named = table.find((c) => c.name === commandName(argv));
  if (!whole && !named) return undefined;
  let line: CommandLine;
  try {
    line = parseCommandLine(argv);
  } catch (e) {
    err.write(`apostil: ${(e as Error).message}\n\n${usageAfterMistake(table, named)}\n`);
    return 2;
  }
  const { command, args, values } = line;
  if (whole && values.version) {
    out.write(`${version}\n`);
    return 0;
  }
  if (values.help || !command) {
    (command || values.help ? out : err).write(`${values.help ? commandHelp(table, named) : fullHelp(table)}\n`);
    return values.help ? 0 : 2;
  }
  if (!named) {
    err.write(`apostil: unknown command "${command}".\n\n${sectionHelp(table, 'main')}\n`);
    return 2;
  }
  const stray = strayOptions(values, named.options);
  if (stray.length) {
    err.write(`apostil: ${command} does not take --${stray.join(', --')}.\n`);
    return 2;
  }
  const ctx = new CommandRun(command, args, values, out, err, io.root);
  try {
    return (await named.run(ctx)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`apostil: ${e.message}\nRun "${SECTIONS[named.section].hint}" for usage.\n`);
      return 2;
    }
    if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      err.write(`apostil: port ${values.port} is in use; choose another with --port N (0 picks a free one).\n`);
      return 1;
    }
    err.write(`apostil: ${plainMessage(e)}\n`);
    return 1;
  } finally {
    await ctx.close();
  }
}
