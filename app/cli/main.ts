import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Channel, Request, Response } from '../api/channels';
import { bundledWorkerScript, ImportJobs } from '../api/importJobs';
import { Service } from '../api/service';
import { decodeText } from '../core/articleText';
import { readImportFile } from '../core/import/readFile';
import { checkDatabase, restoreDatabase, writeBackup } from '../core/backups';
import { writeAtomically } from '../core/atomicWrite';
import { ApostilError, fromStorageError } from '../core/errors';
import { EXPORT_FORMAT_NAMES, type ExportScope } from '../core/export/request';
import type { ImportReport } from '../core/import/report';
import { Library } from '../core/library';
import { appLayout, resolveDatabasePath } from '../core/paths';
import { loadMigrations } from '../core/migrations';
import { findOccurrence } from '../core/quotes';
import { SEARCH_KINDS, type SearchKind } from '../core/search/types';
import { warmCitations } from '../core/cite/styles';
import { startWebHost } from '../web/server';
import { besideNames, exportCitationFields, exportSink, styleFields, writeBeside } from './cite';
import { articleJson, articleLine, quoteJson, quoteLines, type QuoteJson } from './output';
import { searchJson, searchLines } from './searchOutput';
import { SyncHost } from '../sync/background';
import { runSyncCommand, SYNC_USAGE } from './sync';
import { INTAKE_USAGE, runIntakeCommand, serveFetchPolicy } from './intake';
import { AGREEMENT_USAGE, runAgreementCommand } from './agreement';

declare const __APOSTIL_VERSION__: string;

const USAGE = `Usage: apostil [--db FILE] <command> [options] [--json]

Commands:
  import FILE...                     import files, recognised by content (all or nothing):
                                     articles (.txt .md .html .docx), Apostil JSON backups,
                                     W3C Web Annotations, CSL-JSON/BibTeX/RIS sources
  export --format FORMAT [--out FILE] [--article ID | --tag NAME | --query Q | --note ID] [--bom]
         [--style STYLE] [--locale L] [--citations pandoc]
                                     FORMAT: md html docx csv json w3c csl bibtex ris qdc
                                     (stdout without --out; --bom starts CSV with a BOM for Excel;
                                     --citations pandoc writes [@key, para. N] and, with --out
                                     FILE.md, the CSL-JSON bibliography FILE.json beside it)
  cite QUOTE_ID [--style STYLE] [--locale L]
                                     the quote with its citation and bibliography entry;
                                     STYLE: a style id (apa, chicago-author-date,
                                     modern-language-association, harvard-cite-them-right, ieee,
                                     china-national-standard-gb-t-7714-2015-numeric, …-author-date)
                                     or a .csl file; L: en-US zh-CN zh-TW ja-JP ko-KR
  articles                           list articles
  tags                               list tags with their paths and quote counts
  quote ARTICLE_ID --exact TEXT      keep the N-th occurrence of TEXT as a quote
        [--nth N] [--tag NAME]... [--comment TEXT]
  quotes [--article ID] [--tag NAME] [--trash]
                                     list quotes (tag includes child tags)
  tag QUOTE_ID NAME...               add tags (region/Korea creates the hierarchy)
  untag QUOTE_ID NAME...             remove tags
  delete QUOTE_ID                    move a quote to the trash
  restore QUOTE_ID                   bring a quote back from the trash
  search QUERY [--in KINDS] [--limit N]
                                     full-text search; KINDS: quotes (default), articles,
                                     notes, comma-separated; N hits per kind (default 50, 0 = all).
                                     QUERY: terms (ANDed), "a phrase", -exclude, a OR b,
                                     tag:NAME article:ID source:TEXT before:DATE after:DATE in:KINDS
  reindex                            rebuild the search index
  import --revision-of ARTICLE_ID FILE
                                     import FILE as a new revision of an article; every quote
                                     is re-anchored (status exact, moved, fuzzy or orphaned)
  revisions ARTICLE_ID               list an article's revisions, oldest first
  backup FILE                        write a consistent copy of the library to FILE
  restore FILE                       replace the library with a checked backup FILE (the
                                     current one is kept in backups/); a number restores a quote
  check                              run SQLite's integrity and foreign-key checks
  serve [--port N]                   serve the app on http://127.0.0.1 with a token

Options:
  --db FILE    database file (default: $APOSTIL_DB, else the per-user data folder)
  --json       print JSON instead of text
  --help       show this help;  --version  show the version

Offsets (start, end) count Unicode code points.`;

/** A mistake in how the command was called; printed with the usage hint. */
class UsageError extends Error {}

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
  exact: { type: 'string' },
  nth: { type: 'string' },
  tag: { type: 'string', multiple: true },
  comment: { type: 'string' },
  article: { type: 'string' },
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
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const COMMAND_OPTIONS: Record<string, (keyof typeof OPTIONS)[]> = {
  import: ['revision-of'],
  revisions: [],
  backup: [],
  check: [],
  articles: [],
  tags: [],
  quote: ['exact', 'nth', 'tag', 'comment'],
  quotes: ['article', 'tag', 'trash'],
  tag: [],
  untag: [],
  delete: [],
  restore: [],
  serve: ['port', 'allow-fetch'],
  search: ['in', 'limit'],
  reindex: [],
  export: ['format', 'out', 'article', 'tag', 'query', 'note', 'bom', 'style', 'locale', 'citations'],
  cite: ['style', 'locale'],
};

function positiveInt(value: string | undefined, what: string): number {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value))
    throw new UsageError(`${what} must be a positive whole number (got ${JSON.stringify(value ?? '')}).`);
  return Number(value);
}

/** The one scope chosen with --article, --tag, --query or --note; everything without any. */
function exportScope(values: Values): ExportScope {
  const given = (['article', 'tag', 'query', 'note'] as const).filter((k) => values[k] !== undefined);
  if (given.length > 1) throw new UsageError(`export takes one of --article, --tag, --query, --note (got --${given.join(', --')}).`);
  if ((values.tag?.length ?? 0) > 1) throw new UsageError('export takes one --tag.');
  if (values.article !== undefined) return { kind: 'article', articleId: positiveInt(values.article, '--article') };
  if (values.tag !== undefined) return { kind: 'tag', tag: values.tag[0]! };
  if (values.query !== undefined) return { kind: 'query', query: values.query };
  if (values.note !== undefined) return { kind: 'note', noteId: positiveInt(values.note, '--note') };
  return { kind: 'all' };
}

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

/** A failure as one plain sentence: storage failures in the words the app uses, never a stack trace. */
function plainMessage(e: unknown): string {
  const known = fromStorageError(e);
  if (known instanceof ApostilError) return known.message;
  return `unexpected error: ${(e as Error)?.message ?? String(e)}`;
}

/** The application root: two levels above `dist/cli/apostil.js`. */
function appRoot(): string {
  return resolve(__dirname, '..', '..');
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  const synced = await runSyncCommand(argv, out, err, appRoot());
  if (synced !== undefined) return synced;
  const taken = await runIntakeCommand(argv, out, err, appRoot());
  if (taken !== undefined) return taken;
  const agreed = await runAgreementCommand(argv, out, err, appRoot());
  if (agreed !== undefined) return agreed;
  let parsed: { values: Values; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    err.write(`apostil: ${(e as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    out.write(`${__APOSTIL_VERSION__}\n`);
    return 0;
  }
  const [command, ...args] = positionals;
  if (values.help || !command) {
    (command || values.help ? out : err).write(`${USAGE}\n\n${SYNC_USAGE}\n\n${INTAKE_USAGE}\n\n${AGREEMENT_USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) {
    err.write(`apostil: unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  const stray = (Object.keys(values) as (keyof typeof OPTIONS)[]).filter((k) => !['db', 'json', 'help', 'version'].includes(k) && !allowed.includes(k));
  if (stray.length) {
    err.write(`apostil: ${command} does not take --${stray.join(', --')}.\n`);
    return 2;
  }

  let library: Library | undefined;
  try {
    const layout = appLayout(appRoot());
    const print = (json: unknown, text: string) => out.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
    if (command === 'restore' && args.length === 1 && !/^\d+$/.test(args[0]!)) {
      const dbFile = resolveDatabasePath(values.db);
      const from = resolve(args[0]!);
      const { info, previous } = restoreDatabase(from, dbFile, loadMigrations(layout.migrationsDir).length);
      print(
        { restored: dbFile, from, ...info, previous },
        `Restored ${dbFile} from ${from} (${info.articles} articles, ${info.quotes} quotes).${previous ? ` The replaced file is kept as ${previous}.` : ''}`,
      );
      return 0;
    }
    library = Library.open(resolveDatabasePath(values.db), layout.migrationsDir);
    const jobs = new ImportJobs({
      databaseFile: library.store.file,
      migrationsDir: layout.migrationsDir,
      workerScript: bundledWorkerScript(__dirname),
      fetchPolicy: serveFetchPolicy(values['allow-fetch']),
    });
    const service = new Service(library, (e) => err.write(`apostil: internal error: ${(e as Error)?.message ?? String(e)}\n`), jobs);
    const call = <C extends Channel>(channel: C, req: Request<C>): Response<C> => {
      const result = service.call(channel, req);
      if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
      return result.value as Response<C>;
    };
    const articles = new Map<number, Response<'articles:get'>['article']>();
    const article = (articleId: number) => {
      if (!articles.has(articleId)) articles.set(articleId, call('articles:get', { id: articleId }).article);
      return articles.get(articleId)!;
    };
    const body = (articleId: number) => article(articleId).body;
    const showQuote = (q: Response<'quotes:create'>['quote']) => {
      const json = quoteJson(q, body(q.articleId), article(q.articleId).pageStarts);
      print({ quote: json }, quoteLines(json));
    };
    const quoteId = () => positiveInt(args[0], 'QUOTE_ID');

    switch (command) {
      case 'import': {
        if (args.length === 0) throw new UsageError('import needs at least one FILE.');
        if (values['revision-of'] !== undefined) {
          const articleId = positiveInt(values['revision-of'], '--revision-of');
          if (args.length !== 1) throw new UsageError('import --revision-of takes exactly one FILE.');
          const r = call('revisions:import', { articleId, name: basename(args[0]!), text: decodeText(readImportFile(args[0]!), args[0]!) });
          const c = r.counts;
          print(
            { articles: [articleJson(r.article)], revision: r.revision, created: r.created, counts: c },
            r.created
              ? `Article ${articleId} is now at revision ${r.revision}: ${c.exact} quotes exact, ${c.moved} moved, ${c.fuzzy} fuzzy, ${c.orphaned} orphaned.`
              : `Article ${articleId} already has this text (revision ${r.revision}); nothing changed.`,
          );
          break;
        }
        const files = args.map((file) => ({ name: basename(file), base64: readImportFile(file).toString('base64') }));
        const reports = library.store.tx(() => files.map((f) => call('import:run', f).report));
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
        print({ articles, ...extras }, lines.join('\n'));
        break;
      }
      case 'revisions': {
        if (args.length !== 1) throw new UsageError('revisions needs exactly one ARTICLE_ID.');
        const { revisions } = call('revisions:list', { articleId: positiveInt(args[0], 'ARTICLE_ID') });
        print(
          { revisions },
          revisions.map((r) => `r${r.revision}${r.current ? ' (current)' : ''}  ${r.importedAt}  ${r.title}  (${r.chars} chars)`).join('\n'),
        );
        break;
      }
      case 'backup': {
        if (args.length !== 1) throw new UsageError('backup needs exactly one FILE to write.');
        const file = writeBackup(library.store.db, resolve(args[0]!));
        print({ backup: file }, `Wrote a backup of ${library.store.file} to ${file}.`);
        break;
      }
      case 'check': {
        if (args.length) throw new UsageError('check takes no arguments.');
        const report = checkDatabase(library.store.db);
        print(
          report,
          report.ok
            ? `${library.store.file}: integrity ok, foreign keys ok.`
            : `${library.store.file} has problems:\n${[...report.integrity, ...report.foreignKeys.map((f) => `${f.table} row ${f.rowid} points at a missing ${f.parent} row`)].join('\n')}\nRestore a backup with: apostil restore FILE`,
        );
        if (!report.ok) return 1;
        break;
      }
      case 'articles': {
        const articles = call('articles:list', {}).articles.map(articleJson);
        print({ articles }, articles.length ? articles.map(articleLine).join('\n') : 'No articles yet. Import one with: apostil import FILE');
        break;
      }
      case 'tags': {
        if (args.length) throw new UsageError('tags takes no arguments.');
        const tags = call('tags:list', {}).tags.map((t) => ({
          id: t.id,
          uuid: t.uuid,
          path: t.path,
          parentId: t.parentId,
          color: t.color,
          count: t.count,
          total: t.total,
        }));
        print({ tags }, tags.length ? tags.map((t) => `#${t.id}  ${t.path}  (${t.total})`).join('\n') : 'No tags yet.');
        break;
      }
      case 'quote': {
        const articleId = positiveInt(args[0], 'ARTICLE_ID');
        if (args.length > 1) throw new UsageError('quote takes one ARTICLE_ID; put the text in --exact.');
        if (!values.exact) throw new UsageError('quote needs --exact TEXT.');
        const nth = values.nth === undefined ? 1 : positiveInt(values.nth, '--nth');
        const at = findOccurrence(body(articleId), values.exact, nth);
        if (at < 0) {
          throw new ApostilError('not_found', `Article ${articleId} does not contain ${nth > 1 ? `${nth} occurrences of ` : ''}"${values.exact}".`);
        }
        showQuote(
          call('quotes:create', {
            articleId,
            start: at,
            end: at + values.exact.length,
            comment: values.comment ?? '',
            tags: values.tag ?? [],
          }).quote,
        );
        break;
      }
      case 'quotes': {
        if (args.length) throw new UsageError('quotes takes no positional arguments.');
        if ((values.tag?.length ?? 0) > 1) throw new UsageError('quotes takes one --tag.');
        const quotes: QuoteJson[] = call('quotes:list', {
          articleId: values.article === undefined ? undefined : positiveInt(values.article, '--article'),
          tag: values.tag?.[0],
          state: values.trash ? 'trash' : 'live',
        }).quotes.map((q) => quoteJson(q, body(q.articleId), article(q.articleId).pageStarts));
        print({ quotes }, quotes.length ? quotes.map(quoteLines).join('\n') : 'No quotes.');
        break;
      }
      case 'tag':
      case 'untag': {
        if (args.length < 2) throw new UsageError(`${command} needs QUOTE_ID and at least one tag NAME.`);
        showQuote(call(command === 'tag' ? 'quotes:tag' : 'quotes:untag', { id: quoteId(), tags: args.slice(1) }).quote);
        break;
      }
      case 'delete':
      case 'restore': {
        if (args.length !== 1) throw new UsageError(`${command} needs exactly one QUOTE_ID.`);
        showQuote(call(command === 'delete' ? 'quotes:delete' : 'quotes:restore', { id: quoteId() }).quote);
        break;
      }
      case 'export': {
        if (args.length) throw new UsageError('export takes no positional arguments; choose what to export with --article, --tag, --query or --note.');
        const format = values.format as (typeof EXPORT_FORMAT_NAMES)[number] | undefined;
        if (!format || !EXPORT_FORMAT_NAMES.includes(format)) {
          throw new UsageError(`export needs --format, one of ${EXPORT_FORMAT_NAMES.join(', ')}${values.format ? ` (got "${values.format}")` : ''}.`);
        }
        const citing = exportCitationFields(values, format);
        const request = {
          format,
          scope: exportScope(values),
          bom: values.bom,
          ...citing,
          ...(values.out === undefined ? {} : besideNames(citing, resolve(values.out))),
        };
        if (values.out === undefined) {
          const result = service.exportTo(
            request,
            exportSink(format, (chunk) => out.write(chunk)),
          );
          if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
          break;
        }
        const target = resolve(values.out);
        let result: ReturnType<Service['exportTo']> | undefined;
        try {
          writeAtomically(target, (write) => {
            result = service.exportTo(request, exportSink(format, write));
            if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
          });
        } catch (e) {
          const known = fromStorageError(e);
          throw known instanceof ApostilError ? known : new ApostilError('invalid_request', `Cannot write ${values.out}: ${(e as Error).message}.`);
        }
        const { mime, filename } = (result as { ok: true; value: { mime: string; filename: string } }).value;
        const beside = writeBeside(service, request, target);
        print(
          { out: target, mime, filename, ...(beside.length ? { beside } : {}) },
          `Exported ${format} to ${target}${beside.length ? ` (and ${beside.join(', ')})` : ''}`,
        );
        break;
      }
      case 'cite': {
        if (args.length !== 1) throw new UsageError('cite needs exactly one QUOTE_ID.');
        const cited = call('cite:quote', { id: quoteId(), ...styleFields(values) });
        const { text, html, citation, bibliography } = cited;
        print({ text, html, citation, bibliography }, text);
        break;
      }
      case 'search': {
        if (args.length === 0) throw new UsageError('search needs a QUERY (quote it when it has spaces).');
        const kinds = values.in?.split(',').map((k) => k.trim());
        const unknown = kinds?.filter((k) => !(SEARCH_KINDS as readonly string[]).includes(k));
        if (unknown?.length) throw new UsageError(`--in takes ${SEARCH_KINDS.join(', ')} (got "${unknown.join(', ')}").`);
        const limit = values.limit === undefined ? undefined : values.limit === '0' ? 0 : positiveInt(values.limit, '--limit');
        const result = searchJson(call('search:query', { query: args.join(' '), in: kinds as SearchKind[] | undefined, limit }));
        print(result, searchLines(result));
        break;
      }
      case 'reindex': {
        if (args.length) throw new UsageError('reindex takes no arguments.');
        const { indexed } = call('search:reindex', {});
        print({ indexed }, `Rebuilt the search index: ${indexed.quotes} quotes, ${indexed.articles} articles, ${indexed.notes} notes.`);
        break;
      }
      case 'serve': {
        if (args.length) throw new UsageError('serve takes no positional arguments.');
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535.');
        library.importSampleOnce(layout.sampleArticle);
        const stopBackups = library.startBackupSchedule((e) => err.write(`apostil: scheduled backup failed: ${plainMessage(e)}\n`));
        const sync = new SyncHost(service, (e) => err.write(`apostil: sync: ${plainMessage(e)}\n`));
        sync.start();
        warmCitations(library);
        const host = await startWebHost({ service, uiDir: resolve(appRoot(), 'dist', 'ui'), port });
        out.write(`Apostil web host (database ${library.store.file}): ${host.url}  — Ctrl+C to stop\n`);
        const lib = library;
        library = undefined;
        await new Promise<void>((done) => {
          const stop = () => {
            stopBackups();
            void Promise.all([host.close(), jobs.idle(true), sync.stop()]).then(() => {
              lib.close();
              done();
            });
          };
          process.once('SIGINT', stop);
          process.once('SIGTERM', stop);
        });
        break;
      }
    }
    return 0;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`apostil: ${e.message}\nRun "apostil --help" for usage.\n`);
      return 2;
    }
    if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      err.write(`apostil: port ${values.port} is in use; choose another with --port N (0 picks a free one).\n`);
      return 1;
    }
    err.write(`apostil: ${plainMessage(e)}\n`);
    return 1;
  } finally {
    library?.close();
  }
}

if (require.main === module) {
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    throw e;
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`apostil: ${String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
