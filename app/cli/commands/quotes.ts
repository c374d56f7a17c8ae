import type { Response } from '../../api/channels';
import { ApostilError } from '../../core/errors';
import { findOccurrence } from '../../core/quotes';
import { lastOf, positiveInt, UsageError } from '../args';
import type { CliCommand, CommandContext } from '../command';
import { quoteJson, quoteLines, type QuoteJson } from '../output';
import { restoreDatabaseFile } from './maintenance';

/** Reads articles through the api once per command, for converting their quotes' offsets. */
class ArticleCache {
  private readonly articles = new Map<number, Response<'articles:get'>['article']>();

  constructor(private readonly ctx: CommandContext) {}

  get(articleId: number): Response<'articles:get'>['article'] {
    let article = this.articles.get(articleId);
    if (!article) {
      article = this.ctx.call('articles:get', { id: articleId }).article;
      this.articles.set(articleId, article);
    }
    return article;
  }

  /** A quote as the CLI prints it, its offsets in code points of its article. */
  quoteJson(q: Response<'quotes:create'>['quote']): QuoteJson {
    const article = this.get(q.articleId);
    return quoteJson(q, article.body, article.pageStarts);
  }
}

/** Prints one quote (`{"quote": …}` with `--json`). */
function showQuote(ctx: CommandContext, q: Response<'quotes:create'>['quote'], articles = new ArticleCache(ctx)): void {
  const json = articles.quoteJson(q);
  ctx.print({ quote: json }, quoteLines(json));
}

/** `apostil quote ARTICLE_ID --exact TEXT`: keeps the N-th occurrence of TEXT as a quote. */
export const QUOTE: CliCommand = {
  name: 'quote',
  section: 'main',
  usage: [
    `  quote ARTICLE_ID --exact TEXT      keep the N-th occurrence of TEXT as a quote
        [--nth N] [--tag NAME]... [--comment TEXT]`,
  ],
  options: ['exact', 'nth', 'tag', 'comment'],
  run(ctx) {
    const { args, values } = ctx;
    const articleId = positiveInt(args[0], 'ARTICLE_ID');
    if (args.length > 1) throw new UsageError('quote takes one ARTICLE_ID; put the text in --exact.');
    if (!values.exact) throw new UsageError('quote needs --exact TEXT.');
    const nth = values.nth === undefined ? 1 : positiveInt(values.nth, '--nth');
    const articles = new ArticleCache(ctx);
    const at = findOccurrence(articles.get(articleId).body, values.exact, nth);
    if (at < 0) {
      throw new ApostilError('not_found', `Article ${articleId} does not contain ${nth > 1 ? `${nth} occurrences of ` : ''}"${values.exact}".`);
    }
    const { quote } = ctx.call('quotes:create', { articleId, start: at, end: at + values.exact.length, comment: values.comment ?? '', tags: values.tag ?? [] });
    showQuote(ctx, quote, articles);
  },
};

/** `apostil quotes`: lists quotes, of one article or tag (with its children), live or in the trash. */
export const QUOTES: CliCommand = {
  name: 'quotes',
  section: 'main',
  usage: [
    `  quotes [--article ID] [--tag NAME] [--trash]
                                     list quotes (tag includes child tags)`,
  ],
  options: ['article', 'tag', 'trash'],
  run(ctx) {
    const { args, values } = ctx;
    if (args.length) throw new UsageError('quotes takes no positional arguments.');
    if ((values.tag?.length ?? 0) > 1) throw new UsageError('quotes takes one --tag.');
    const article = lastOf(values.article);
    const articles = new ArticleCache(ctx);
    const quotes = ctx
      .call('quotes:list', {
        articleId: article === undefined ? undefined : positiveInt(article, '--article'),
        tag: values.tag?.[0],
        state: values.trash ? 'trash' : 'live',
      })
      .quotes.map((q) => articles.quoteJson(q));
    ctx.print({ quotes }, quotes.length ? quotes.map(quoteLines).join('\n') : 'No quotes.');
  },
};

/** `apostil tag` and `apostil untag`: add tags to a quote or remove them. */
function tagging(name: 'tag' | 'untag', usage: string): CliCommand {
  return {
    name,
    section: 'main',
    usage: [usage],
    options: [],
    run(ctx) {
      if (ctx.args.length < 2) throw new UsageError(`${name} needs QUOTE_ID and at least one tag NAME.`);
      const req = { id: positiveInt(ctx.args[0], 'QUOTE_ID'), tags: ctx.args.slice(1) };
      showQuote(ctx, (name === 'tag' ? ctx.call('quotes:tag', req) : ctx.call('quotes:untag', req)).quote);
    },
  };
}

/** `apostil tag QUOTE_ID NAME...`. */
export const TAG = tagging('tag', '  tag QUOTE_ID NAME...               add tags (region/Korea creates the hierarchy)');

/** `apostil untag QUOTE_ID NAME...`. */
export const UNTAG = tagging('untag', '  untag QUOTE_ID NAME...             remove tags');

/** `apostil delete QUOTE_ID`: moves a quote to the trash. */
export const DELETE: CliCommand = {
  name: 'delete',
  section: 'main',
  usage: ['  delete QUOTE_ID                    move a quote to the trash'],
  options: [],
  run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('delete needs exactly one QUOTE_ID.');
    showQuote(ctx, ctx.call('quotes:delete', { id: positiveInt(ctx.args[0], 'QUOTE_ID') }).quote);
  },
};

/** `apostil restore`: a number brings a quote back from the trash; anything else restores the library from a backup file. */
export const RESTORE: CliCommand = {
  name: 'restore',
  section: 'main',
  usage: [
    '  restore QUOTE_ID                   bring a quote back from the trash',
    `  restore FILE                       replace the library with a checked backup FILE (the
                                     current one is kept in backups/); a number restores a quote`,
  ],
  options: [],
  run(ctx) {
    if (ctx.args.length === 1 && !/^\d+$/.test(ctx.args[0]!)) return restoreDatabaseFile(ctx, ctx.args[0]!);
    if (ctx.args.length !== 1) throw new UsageError('restore needs exactly one QUOTE_ID.');
    showQuote(ctx, ctx.call('quotes:restore', { id: positiveInt(ctx.args[0], 'QUOTE_ID') }).quote);
  },
};
