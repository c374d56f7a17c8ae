import type { Channel, Request, Response } from '../api/channels';
import type { Service } from '../api/service';
import type { Library } from '../core/library';
import type { AppLayout } from '../core/paths';
import type { OptionName, Values } from './args';

/** A part of the help text; `main` carries the usage line and the global options. */
export type SectionId = 'main' | 'sync' | 'intake' | 'agreement';

/** One part of the help text, and how a command in it points at its help after a usage mistake. */
export interface Section {
  title: string;
  /** The command that shows this part's help, named after a usage mistake. */
  hint: string;
  /** Whether `apostil COMMAND --help` shows only this part (else the whole help). */
  ownHelp: boolean;
}

/** A paragraph of help about a command, in its own section unless another is named. */
export type UsageBlock = string | { section: SectionId; text: string };

/** One `apostil` command: its name, its help, the options it takes and its handler. */
export interface CliCommand {
  name: string;
  /** Where its help is, and so which help it points at. */
  section: SectionId;
  /** Its help paragraphs, each starting with two spaces and the command as typed. */
  usage: readonly UsageBlock[];
  /** The options it takes besides the global ones (`--db`, `--json`, `--help`, `--version`). */
  options: readonly OptionName[];
  /** Runs it; resolves to the exit status (0 when nothing is returned). Throws `UsageError` for a usage mistake. */
  run(ctx: CommandContext): Promise<number | void> | number | void;
}

/** What a command's handler is given: its arguments, its output, and the library opened on demand (closed after it). */
export interface CommandContext {
  readonly command: string;
  /** The positional arguments after the command's name. */
  readonly args: string[];
  readonly values: Values;
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WritableStream;
  /** Where the application's migrations and resources are. */
  readonly layout: AppLayout;
  /** The application root (the folder holding `dist/`). */
  readonly root: string;
  /** Prints `json` with `--json`, else `text`, each followed by a newline. */
  print(json: unknown, text: string): void;
  /** The library named by `--db` (else `$APOSTIL_DB`, else the per-user one), opened on first use. */
  library(): Library;
  /** The api over the library, with import jobs, opened on first use. */
  service(): Service;
  /** Calls an api channel; a refusal is thrown as the `ApostilError` it names. */
  call<C extends Channel>(channel: C, req: Request<C>): Response<C>;
  /** Runs `cleanup` when the command ends, before the library closes (latest first). */
  defer(cleanup: () => unknown): void;
}
