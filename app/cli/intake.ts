import { basename } from 'node:path';
import { OPEN_POLICY, PUBLIC_POLICY, type FetchPolicy } from '../core/fetchPage';
import { importFile, readAhead, readArticle, type ImportInput } from '../core/import';
import { readUrl } from '../core/import/fromUrl';
import { looksLikePdf } from '../core/import/pdf';
import { readImportFile } from '../core/import/readFile';
import { checkForNewVersions, type WatchCheck } from '../core/watch';
import { UsageError } from './args';
import type { CliCommand, CommandContext } from './command';
import { articleJson, articleLine } from './output';

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

/** Whether `apostil import ARGS` goes through the intake: with `--whole-page`, or when an argument is an address or a PDF. */
export function needsIntake(args: readonly string[], wholePage: boolean): boolean {
  return wholePage || args.some((a) => isAddress(a) || isPdfFile(a));
}

/** `apostil import` of addresses and PDFs (with any other files): everything is read first, then imported in one transaction. */
export async function importFromWeb(ctx: CommandContext): Promise<void> {
  if (ctx.args.length === 0) throw new UsageError('import needs at least one FILE or URL.');
  const inputs = await readInputs(ctx.args, ctx.values['whole-page'] === true);
  const library = ctx.library();
  const results = library.store.tx(() => inputs.map((input) => importFile(library, input))).flatMap((r) => r.articles);
  const articles = results.map((r) => articleJson(r.article));
  const lines = results.map(
    (r, i) => `${r.revision ? `New revision ${r.revision.revision} of` : r.created ? 'Imported' : 'Already in library'}: ${articleLine(articles[i]!)}`,
  );
  ctx.print({ articles }, lines.join('\n'));
}

/** `apostil refresh [ARTICLE_ID]`: checks an article from the web (or every watched one) for a new version; exit status 1 when a check failed. */
export const REFRESH: CliCommand = {
  name: 'refresh',
  section: 'intake',
  usage: [
    `  refresh [ARTICLE_ID] [--json]      check an article from the web (or every watched one) for a
                                     new version; a changed text becomes a new revision
                                     ({"checks":[{"articleId","url","status","revision","counts"}]})`,
  ],
  options: [],
  async run(ctx) {
    const { args } = ctx;
    if (args.length > 1 || (args[0] !== undefined && !/^[1-9]\d{0,15}$/.test(args[0]))) {
      throw new UsageError('refresh takes at most one ARTICLE_ID (a positive whole number).');
    }
    const reread = async (url: string, wholePage: boolean) => readArticle(await readUrl(url, OPEN_POLICY, wholePage));
    const checks = await checkForNewVersions(ctx.library(), reread, args[0] === undefined ? undefined : Number(args[0]));
    ctx.print({ checks }, checks.length ? checks.map(checkLine).join('\n') : 'No articles from the web to check. Import one with: apostil import URL');
    return checks.some((c) => c.status === 'failed') ? 1 : 0;
  },
};
