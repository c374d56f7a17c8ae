import { readFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { Channel, Request, Response } from '../api/channels';
import { Service } from '../api/service';
import { decodeText } from '../core/articleText';
import { ApostilError } from '../core/errors';
import { Library } from '../core/library';
import { appLayout, resolveDatabasePath } from '../core/paths';
import { findOccurrence } from '../core/quotes';
import { startWebHost } from '../web/server';
import { articleJson, articleLine, quoteJson, quoteLines, type QuoteJson } from './output';

declare const __APOSTIL_VERSION__: string;

const USAGE = `Usage: apostil [--db FILE] <command> [options] [--json]

Commands:
  import FILE...                     import .txt/.md articles (all or nothing)
  articles                           list articles
  quote ARTICLE_ID --exact TEXT      keep the N-th occurrence of TEXT as a quote
        [--nth N] [--tag NAME]... [--comment TEXT]
  quotes [--article ID] [--tag NAME] [--trash]
                                     list quotes (tag includes child tags)
  tag QUOTE_ID NAME...               add tags (region/Korea creates the hierarchy)
  untag QUOTE_ID NAME...             remove tags
  delete QUOTE_ID                    move a quote to the trash
  restore QUOTE_ID                   bring a quote back from the trash
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
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

const COMMAND_OPTIONS: Record<string, (keyof typeof OPTIONS)[]> = {
  import: [],
  articles: [],
  quote: ['exact', 'nth', 'tag', 'comment'],
  quotes: ['article', 'tag', 'trash'],
  tag: [],
  untag: [],
  delete: [],
  restore: [],
  serve: ['port'],
};

function positiveInt(value: string | undefined, what: string): number {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value)) throw new UsageError(`${what} must be a positive whole number (got ${JSON.stringify(value ?? '')}).`);
  return Number(value);
}

/** The application root: two levels above `dist/cli/apostil.js`. */
function appRoot(): string {
  return resolve(__dirname, '..', '..');
}

/** Runs the CLI; resolves to the process exit code. */
export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
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
    (command || values.help ? out : err).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const allowed = COMMAND_OPTIONS[command];
  if (!allowed) {
    err.write(`apostil: unknown command "${command}".\n\n${USAGE}\n`);
    return 2;
  }
  const stray = (Object.keys(values) as (keyof typeof OPTIONS)[]).filter(
    (k) => !['db', 'json', 'help', 'version'].includes(k) && !allowed.includes(k),
  );
  if (stray.length) {
    err.write(`apostil: ${command} does not take --${stray.join(', --')}.\n`);
    return 2;
  }

  let library: Library | undefined;
  try {
    const layout = appLayout(appRoot());
    library = Library.open(resolveDatabasePath(values.db), layout.migrationsDir);
    const service = new Service(library, (e) => err.write(`apostil: internal error: ${(e as Error)?.stack ?? String(e)}\n`));
    const call = <C extends Channel>(channel: C, req: Request<C>): Response<C> => {
      const result = service.call(channel, req);
      if (!result.ok) throw new ApostilError(result.error.code as never, result.error.message);
      return result.value as Response<C>;
    };
    const print = (json: unknown, text: string) => out.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
    const bodies = new Map<number, string>();
    const body = (articleId: number) => {
      if (!bodies.has(articleId)) bodies.set(articleId, call('articles:get', { id: articleId }).article.body);
      return bodies.get(articleId)!;
    };
    const showQuote = (q: Response<'quotes:create'>['quote']) => {
      const json = quoteJson(q, body(q.articleId));
      print({ quote: json }, quoteLines(json));
    };
    const quoteId = () => positiveInt(args[0], 'QUOTE_ID');

    switch (command) {
      case 'import': {
        if (args.length === 0) throw new UsageError('import needs at least one FILE.');
        const files = args.map((file) => {
          let bytes: Buffer;
          try {
            bytes = readFileSync(file);
          } catch {
            throw new ApostilError('not_found', `Cannot read ${file}: no such file or not readable. Nothing was imported.`);
          }
          return { name: basename(file), text: decodeText(bytes, file) };
        });
        const results = library.store.tx(() => files.map((f) => call('articles:import', f)));
        const articles = results.map((r) => articleJson(r.article));
        print({ articles }, results.map((r, i) => `${r.created ? 'Imported' : 'Already in library'}: ${articleLine(articles[i]!)}`).join('\n'));
        break;
      }
      case 'articles': {
        const articles = call('articles:list', {}).articles.map(articleJson);
        print({ articles }, articles.length ? articles.map(articleLine).join('\n') : 'No articles yet. Import one with: apostil import FILE');
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
        }).quotes.map((q) => quoteJson(q, body(q.articleId)));
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
      case 'serve': {
        if (args.length) throw new UsageError('serve takes no positional arguments.');
        const port = values.port === undefined ? 0 : Number(values.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535.');
        library.importSampleOnce(layout.sampleArticle);
        const host = await startWebHost({ service, uiDir: resolve(appRoot(), 'dist', 'ui'), port });
        out.write(`Apostil web host (database ${library.store.file}): ${host.url}  — Ctrl+C to stop\n`);
        const lib = library;
        library = undefined;
        await new Promise<void>((done) => {
          const stop = () => {
            void host.close().then(() => {
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
    if (e instanceof ApostilError) {
      err.write(`apostil: ${e.message}\n`);
      return 1;
    }
    if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      err.write(`apostil: port ${values.port} is in use; choose another with --port N (0 picks a free one).\n`);
      return 1;
    }
    err.write(`apostil: unexpected error: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  } finally {
    library?.close();
  }
}

if (require.main === module) {
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
