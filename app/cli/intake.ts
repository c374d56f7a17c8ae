import { basename } from 'node:path';
import { parseArgs } from 'node:util';
import { ApostilError, fromStorageError } from '../core/errors';
import { OPEN_POLICY, PUBLIC_POLICY, type FetchPolicy } from '../core/fetchPage';
import { importFile, readAhead, readArticle, type ImportInput } from '../core/import';
import { readUrl } from '../core/import/fromUrl';
import { looksLikePdf } from '../core/import/pdf';
import { readImportFile } from '../core/import/readFile';
import { Library } from '../core/library';
import { appLayout, resolveDatabasePath } from '../core/paths';
import { checkForNewVersions, type WatchCheck } from '../core/watch';
import { articleJson, articleLine } from './output';

/** Usage of the commands this module adds to `apostil`. */
export const INTAKE_USAGE = `Web pages, addresses and PDFs:
  import URL|FILE... [--whole-page]  import web pages (http, https or file: addresses) and PDFs
                                     with the rest (all or nothing); a page gives its main text
                                     and its source; --whole-page keeps all of a page's text
  refresh [ARTICLE_ID] [--json]      check an article from the web (or every watched one) for a
                                     new version; a changed text becomes a new revision
                                     ({"checks":[{"articleId","url","status","revision","counts"}]})
  serve [--allow-fetch HOST]...      let the web host fetch from HOST even though it is local or
                                     private (it fetches public http(s) addresses only otherwise)`;

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  'whole-page': { type: 'boolean' },
} as const;

/** Whether a command-line argument is an address rather than a file. */
function isAddress(arg: string): boolean {
  return /^(?:https?|file):/i.test(arg);
}

/** Whether a file argument is a PDF (read by its first bytes; unreadable files are left to the usual import to refuse). */
function isPdfFile(arg: string): boolean {
  try {
    return looksLikePdf(readImportFile(arg));
  } catch {
    return false;
  }
}

/** The web host's fetch policy: public http(s) addresses, plus the hosts given with `--allow-fetch`. */
export function serveFetchPolicy(allowHosts: readonly string[] | undefined): FetchPolicy {
  return { ...PUBLIC_POLICY, allowHosts: (allowHosts ?? []).map((h) => h.trim()).filter(Boolean) };
}

function checkLine(c: WatchCheck): string {
  if (c.status === 'failed') return `Article ${c.articleId} (${c.url}): check failed — ${c.error}`;
  if (c.status === 'unchanged') return `Article ${c.articleId} (${c.url}): unchanged (revision ${c.revision}).`;
  const n = c.counts!;
  return `Article ${c.articleId} (${c.url}): new revision ${c.revision}; quotes ${n.exact} exact, ${n.moved} moved, ${n.fuzzy} fuzzy, ${n.orphaned} orphaned.`;
}

/** Reads every argument before the transaction: addresses fetched, PDFs read, other files as they are. */
async function readInputs(args: readonly string[], wholePage: boolean): Promise<ImportInput[]> {
  const inputs: ImportInput[] = [];
  for (const arg of args) {
    if (isAddress(arg)) inputs.push(await readUrl(arg, OPEN_POLICY, wholePage));
    else inputs.push(await readAhead({ name: basename(arg), bytes: readImportFile(arg), wholePage }));
  }
  return inputs;
}

/**
 * Runs `apostil import` when it involves addresses, PDFs or `--whole-page`, and `apostil
 * refresh`; resolves to the exit code, or undefined when the command is another's.
 */
export async function runIntakeCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, root: string): Promise<number | undefined> {
  const loose = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: false });
  const [command, ...args] = loose.positionals;
  const ours =
    command === 'refresh' ||
    (command === 'import' && !argv.includes('--revision-of') && (loose.values['whole-page'] === true || args.some((a) => isAddress(a) || isPdfFile(a))));
  if (!ours || argv.includes('--help') || argv.includes('-h')) return undefined;
  let values;
  try {
    values = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }).values;
  } catch (e) {
    err.write(`apostil: ${(e as Error).message}\nRun "apostil --help" for usage.\n`);
    return 2;
  }
  if (command === 'refresh' && (args.length > 1 || (args[0] !== undefined && !/^[1-9]\d{0,15}$/.test(args[0])) || values['whole-page'])) {
    err.write('apostil: refresh takes at most one ARTICLE_ID (a positive whole number).\nRun "apostil --help" for usage.\n');
    return 2;
  }
  if (command === 'import' && args.length === 0) {
    err.write('apostil: import needs at least one FILE or URL.\nRun "apostil --help" for usage.\n');
    return 2;
  }
  const print = (json: unknown, text: string) => out.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
  let lib: Library | undefined;
  try {
    lib = Library.open(resolveDatabasePath(values.db), appLayout(root).migrationsDir);
    if (command === 'refresh') {
      const reread = async (url: string, wholePage: boolean) => readArticle(await readUrl(url, OPEN_POLICY, wholePage));
      const checks = await checkForNewVersions(lib, reread, args[0] === undefined ? undefined : Number(args[0]));
      print({ checks }, checks.length ? checks.map(checkLine).join('\n') : 'No articles from the web to check. Import one with: apostil import URL');
      return checks.some((c) => c.status === 'failed') ? 1 : 0;
    }
    const inputs = await readInputs(args, values['whole-page'] === true);
    const library = lib;
    const results = library.store.tx(() => inputs.map((input) => importFile(library, input))).flatMap((r) => r.articles);
    const articles = results.map((r) => articleJson(r.article));
    const lines = results.map(
      (r, i) => `${r.revision ? `New revision ${r.revision.revision} of` : r.created ? 'Imported' : 'Already in library'}: ${articleLine(articles[i]!)}`,
    );
    print({ articles }, lines.join('\n'));
    return 0;
  } catch (e) {
    const known = fromStorageError(e);
    err.write(`apostil: ${known instanceof ApostilError ? known.message : `unexpected error: ${(e as Error)?.message ?? String(e)}`}\n`);
    return 1;
  } finally {
    lib?.close();
  }
}
