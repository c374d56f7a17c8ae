import { SEARCH_KINDS, type SearchKind } from '../../core/search/types';
import { positiveInt, UsageError } from '../args';
import type { CliCommand } from '../command';
import { searchJson, searchLines } from '../searchOutput';

/** `apostil search QUERY`: full-text search over quotes, articles and notes. */
export const SEARCH: CliCommand = {
  name: 'search',
  section: 'main',
  usage: [
    `  search QUERY [--in KINDS] [--limit N]
                                     full-text search; KINDS: quotes (default), articles,
                                     notes, comma-separated; N hits per kind (default 50, 0 = all).
                                     QUERY: terms (ANDed), "a phrase", -exclude, a OR b,
                                     tag:NAME article:ID source:TEXT before:DATE after:DATE in:KINDS`,
  ],
  options: ['in', 'limit'],
  run(ctx) {
    const { args, values } = ctx;
    if (args.length === 0) throw new UsageError('search needs a QUERY (quote it when it has spaces).');
    const kinds = values.in?.split(',').map((k) => k.trim());
    const unknown = kinds?.filter((k) => !(SEARCH_KINDS as readonly string[]).includes(k));
    if (unknown?.length) throw new UsageError(`--in takes ${SEARCH_KINDS.join(', ')} (got "${unknown.join(', ')}").`);
    const limit = values.limit === undefined ? undefined : values.limit === '0' ? 0 : positiveInt(values.limit, '--limit');
    const result = searchJson(ctx.call('search:query', { query: args.join(' '), in: kinds as SearchKind[] | undefined, limit }));
    ctx.print(result, searchLines(result));
  },
};

/** `apostil reindex`: rebuilds the search index. */
export const REINDEX: CliCommand = {
  name: 'reindex',
  section: 'main',
  usage: ['  reindex                            rebuild the search index'],
  options: [],
  run(ctx) {
    if (ctx.args.length) throw new UsageError('reindex takes no arguments.');
    const { indexed } = ctx.call('search:reindex', {});
    ctx.print({ indexed }, `Rebuilt the search index: ${indexed.quotes} quotes, ${indexed.articles} articles, ${indexed.notes} notes.`);
  },
};
