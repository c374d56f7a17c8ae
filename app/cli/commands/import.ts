import { basename } from 'node:path';
import { decodeText } from '../../core/articleText';
import type { ImportReport } from '../../core/import/report';
import { readImportFile } from '../../core/import/readFile';
import { positiveInt, UsageError } from '../args';
import type { CliCommand, CommandContext } from '../command';
import { importFromWeb, needsIntake } from '../intake';
import { articleJson, articleLine } from '../output';

/** What imported files brought besides articles, summed over the files. */
interface ImportExtras {
  sources: ImportReport['sources'];
  tags: ImportReport['tags'];
  quotes: { created: number; existing: number; unmatched: (ImportReport['quotes']['unmatched'][number] & { file: string })[] };
  notes: ImportReport['notes'];
}

/** Sums what several imported files brought besides articles; undefined when they were all plain articles. */
function importExtras(reports: ImportReport[]): ImportExtras | undefined {
  const other = reports.filter((r) => !['text', 'markdown', 'html', 'docx'].includes(r.format));
  if (!other.length) return undefined;
  const total = (pick: (r: ImportReport) => number) => other.reduce((n, r) => n + pick(r), 0);
  return {
    sources: { created: total((r) => r.sources.created), existing: total((r) => r.sources.existing), linked: total((r) => r.sources.linked) },
    tags: { created: total((r) => r.tags.created) },
    quotes: {
      created: total((r) => r.quotes.created),
      existing: total((r) => r.quotes.existing),
      unmatched: other.flatMap((r) => r.quotes.unmatched.map((u) => ({ file: r.name, ...u }))),
    },
    notes: { created: total((r) => r.notes.created), existing: total((r) => r.notes.existing) },
  };
}

/** `apostil import --revision-of ARTICLE_ID FILE`: a new revision of an article, its quotes re-anchored. */
function importRevision(ctx: CommandContext, revisionOf: string): void {
  const articleId = positiveInt(revisionOf, '--revision-of');
  if (ctx.args.length !== 1) throw new UsageError('import --revision-of takes exactly one FILE.');
  if (ctx.values['whole-page']) throw new UsageError('import --revision-of does not take --whole-page.');
  const file = ctx.args[0]!;
  const r = ctx.call('revisions:import', { articleId, name: basename(file), text: decodeText(readImportFile(file), file) });
  const c = r.counts;
  ctx.print(
    { articles: [articleJson(r.article)], revision: r.revision, created: r.created, counts: c },
    r.created
      ? `Article ${articleId} is now at revision ${r.revision}: ${c.exact} quotes exact, ${c.moved} moved, ${c.fuzzy} fuzzy, ${c.orphaned} orphaned.`
      : `Article ${articleId} already has this text (revision ${r.revision}); nothing changed.`,
  );
}

/** Imports files read from disk in one transaction (all or nothing), reporting what besides articles they brought. */
function importFiles(ctx: CommandContext): void {
  const files = ctx.args.map((file) => ({ name: basename(file), base64: readImportFile(file).toString('base64') }));
  const reports = ctx.library().store.tx(() => files.map((f) => ctx.call('import:run', f).report));
  const results = reports.flatMap((r) => r.articles);
  const articles = results.map((r) => articleJson(r.article));
  const extras = importExtras(reports);
  const lines = results.map((r, i) => `${r.created ? 'Imported' : 'Already in library'}: ${articleLine(articles[i]!)}`);
  if (extras) {
    const { sources, quotes, notes } = extras;
    lines.push(
      `Sources: ${sources.created} new, ${sources.existing} already present, ${sources.linked} linked to articles`,
      `Quotes: ${quotes.created} new, ${quotes.existing} already present, ${quotes.unmatched.length} unmatched`,
      `Notes: ${notes.created} new, ${notes.existing} already present`,
      ...quotes.unmatched.map((u) => `  unmatched in ${u.file}: ${u.id ?? '(no id)'} 「${u.exact}」 — ${u.reason}`),
    );
  }
  ctx.print({ articles, ...extras }, lines.join('\n'));
}

/**
 * `apostil import`: files recognised by content, all or nothing; addresses, PDFs and
 * `--whole-page` go through the intake (fetched and read before the transaction); with
 * `--revision-of`, a new revision of an article.
 */
export const IMPORT: CliCommand = {
  name: 'import',
  section: 'main',
  usage: [
    `  import FILE...                     import files, recognised by content (all or nothing):
                                     articles (.txt .md .html .docx), Apostil JSON backups,
                                     W3C Web Annotations, CSL-JSON/BibTeX/RIS sources`,
    `  import --revision-of ARTICLE_ID FILE
                                     import FILE as a new revision of an article; every quote
                                     is re-anchored (status exact, moved, fuzzy or orphaned)`,
    {
      section: 'intake',
      text: `  import URL|FILE... [--whole-page]  import web pages (http, https or file: addresses) and PDFs
                                     with the rest (all or nothing); a page gives its main text
                                     and its source; --whole-page keeps all of a page's text`,
    },
  ],
  options: ['revision-of', 'whole-page'],
  async run(ctx) {
    const revisionOf = ctx.values['revision-of'];
    if (revisionOf === undefined && needsIntake(ctx.args, ctx.values['whole-page'] === true)) return importFromWeb(ctx);
    if (ctx.args.length === 0) throw new UsageError('import needs at least one FILE.');
    if (revisionOf !== undefined) importRevision(ctx, revisionOf);
    else importFiles(ctx);
  },
};
