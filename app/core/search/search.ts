import type { Store } from '../store';
import { tagPaths, type Tags } from '../tags';
import { meta } from './index';
import { compilePhrase, findMatches, ftsPhrase, type CompiledPhrase } from './match';
import { fold } from './normalize';
import { parseQuery, type Filter, type Phrase } from './query';
import { makeSnippet } from './snippet';
import type { SearchHit, SearchKind, SearchResult } from './types';

/** What to search for and which page of results to return. */
export interface SearchRequest {
  query: string;
  /** Kinds to search when the query has no `in:`; quotes when absent. */
  kinds?: SearchKind[];
  /** Hits per kind; 0 means all. Default {@link DEFAULT_LIMIT}. */
  limit?: number;
  /** Hits of each kind to skip. */
  offset?: number;
}

/** Hits per kind returned when the request does not say. */
export const DEFAULT_LIMIT = 50;

/**
 * How many of the newest hits are ranked by bm25 when a query has more hits than
 * this: ranking every one of tens of thousands of hits would cost tens of
 * milliseconds, so the best of the newest are shown first and the rest follow by
 * recency. Queries with fewer hits are ranked completely.
 */
export const RANK_WINDOW = 500;

/** An FTS5 table, the bm25 weights of its columns (`meta` never counts), and whether it has pair columns. */
interface KindTable {
  type: SearchHit['type'];
  fts: string;
  weights: string;
  pairs: boolean;
}

const TABLES: Record<SearchKind, KindTable> = {
  quotes: { type: 'quote', fts: 'quotes_fts', weights: '1.0, 0.5, 1.0, 0.5, 0.0', pairs: true },
  articles: { type: 'article', fts: 'articles_fts', weights: '2.0, 1.0, 0.0', pairs: false },
  notes: { type: 'note', fts: 'notes_fts', weights: '2.0, 1.0, 0.0', pairs: false },
};

/** The FTS5 expression parts a kind must match and must not match; `none` when nothing can match. */
interface Restriction {
  must: string[];
  mustNot: string[];
  none: boolean;
}

const ARTICLE_DATE = 'coalesce(a.date, substr(a.imported_at, 1, 10))';
const SOURCE_TEXT = `apostil_fold(coalesce(s.title, '') || ' ' || coalesce(s.container_title, '') || ' ' || s.authors || ' ' ||
  coalesce(s.publisher, '') || ' ' || coalesce(s.url, '') || ' ' || coalesce(s.doi, ''))`;

/**
 * The `meta` token of a quote's author (migration 0011): `u` and the hex of the display
 * name's UTF-8 bytes with ASCII letters lower-cased, as SQLite's lower(hex(lower(name))) writes it.
 */
export function authorToken(name: string): string {
  const bytes = new TextEncoder().encode(name.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  return `\ue001u${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

function quoteToken(t: string): string {
  return `"${t}"`;
}

function anyOf(ids: number[], token: (id: number) => string): string {
  return ids.map((id) => quoteToken(token(id))).join(' OR ');
}

function dateCondition(field: 'before' | 'after', column: string): string {
  return `substr(${column}, 1, length(?)) ${field === 'before' ? '<' : '>'} ?`;
}

/** A hit's row id and bm25 score (null when it was not ranked by text). */
interface Hit {
  id: number;
  score: number | null;
}

interface QuoteRow {
  id: number;
  article_id: number;
  exact: string;
  comment: string;
  start: number;
  end: number;
}

/** Runs queries against the FTS5 indexes and turns hits into ranked results with snippets. */
export class Search {
  constructor(
    private readonly store: Store,
    private readonly tags: Tags,
    /** See {@link RANK_WINDOW}; the benchmark varies it. */
    private readonly rankWindow = RANK_WINDOW,
  ) {}

  /** Answers a query; never throws for anything a person could type. */
  run(request: SearchRequest): SearchResult {
    const parsed = parseQuery(request.query);
    const notices = [...parsed.notices];
    const kinds = parsed.kinds ?? request.kinds ?? ['quotes'];
    const counts: Partial<Record<SearchKind, number>> = {};
    kinds.forEach((k) => (counts[k] = 0));
    const empty = (): SearchResult => ({ total: 0, counts, results: [], notices });
    if (parsed.problems.length) {
      notices.push(...parsed.problems);
      return empty();
    }
    const compile = (p: Phrase) => {
      const c = compilePhrase(p);
      if (!c) notices.push(`"${p.text}" has no letters or digits to search for, so it was ignored.`);
      return c;
    };
    const clauses = parsed.all.map((alts) => alts.map(compile).filter((c): c is CompiledPhrase => !!c)).filter((c) => c.length);
    const excluded = parsed.none.map(compile).filter((c): c is CompiledPhrase => !!c);
    if (clauses.length === 0 && excluded.length === 0 && parsed.filters.length === 0) return empty();

    const limit = request.limit ?? DEFAULT_LIMIT;
    const offset = request.offset ?? 0;
    const highlight = clauses.flat();
    const results: SearchHit[] = [];
    let total = 0;
    for (const kind of kinds) {
      const table = TABLES[kind];
      const restriction = this.restrict(kind, parsed.filters, notices);
      if (restriction.none) continue;
      const phrase = (p: CompiledPhrase) => ftsPhrase(p, table.pairs);
      const text = clauses.map((alts) => `(${alts.map(phrase).join(' OR ')})`);
      const must = [...text, ...restriction.must.map((m) => `(${m})`)];
      const mustNot = [...excluded.map(phrase), ...restriction.mustNot.map((m) => `(${m})`)];
      const expression = `${must.length ? must.join(' AND ') : quoteToken(meta.all)}${mustNot.length ? ` NOT (${mustNot.join(' OR ')})` : ''}`;
      const { n, hits } = this.page(table, expression, text.length > 0, limit, offset);
      counts[kind] = n;
      total += n;
      results.push(...this.hydrate(kind, hits, highlight));
    }
    return { total, counts, results, notices: [...new Set(notices)] };
  }

  /** Every live quote the query finds, best first (for exporting a search result). */
  quoteIds(query: string): number[] {
    return this.run({ query, kinds: ['quotes'], limit: 0 })
      .results.filter((h) => h.type === 'quote')
      .map((h) => h.id);
  }

  /**
   * The number of hits and one page of them. Text queries rank the newest
   * {@link RANK_WINDOW} hits by bm25 first; when fewer come back, those are all the
   * hits and no separate count is needed. Hits beyond the window follow by recency.
   */
  private page(table: KindTable, expression: string, ranked: boolean, limit: number, offset: number): { n: number; hits: Hit[] } {
    const { fts, weights } = table;
    const count = () => this.store.stmt<{ n: number }>(`SELECT count(*) AS n FROM ${fts} WHERE ${fts} MATCH ?`).get(expression)!.n;
    const recent = (take: number, skip: number): Hit[] =>
      this.store
        .stmt<{ id: number }>(`SELECT rowid AS id FROM ${fts} WHERE ${fts} MATCH ? ORDER BY rowid DESC LIMIT ? OFFSET ?`)
        .all(expression, take, skip)
        .map((r) => ({ id: r.id, score: null }));
    if (!ranked) {
      const n = count();
      return { n, hits: offset < n ? recent(limit || -1, offset) : [] };
    }
    const window = this.rankWindow;
    const best = this.store
      .stmt<Hit>(
        `SELECT id, score FROM (SELECT rowid AS id, bm25(${fts}, ${weights}) AS score FROM ${fts} WHERE ${fts} MATCH ?
         ORDER BY rowid DESC LIMIT ?) ORDER BY score, id DESC`,
      )
      .all(expression, window);
    const n = best.length < window ? best.length : count();
    const end = limit === 0 ? n : offset + limit;
    const hits = best.slice(offset, end);
    if (end > window && n > window) hits.push(...recent(limit === 0 ? -1 : end - Math.max(offset, window), Math.max(offset, window)));
    return { n, hits };
  }

  /** What each filter demands of one kind, as lookups of `meta` tokens. */
  private restrict(kind: SearchKind, filters: Filter[], notices: string[]): Restriction {
    const r: Restriction = { must: [], mustNot: [], none: false };
    for (const f of filters) {
      const expression = this.filterExpression(kind, f, notices);
      if (expression === undefined) {
        if (!f.negated) r.none = true;
      } else if (expression !== '') {
        (f.negated ? r.mustNot : r.must).push(expression);
      }
    }
    return r;
  }

  /**
   * One filter as an FTS5 expression for one kind: `undefined` when no row of the kind
   * can satisfy it, `''` when it does not restrict anything.
   */
  private filterExpression(kind: SearchKind, f: Filter, notices: string[]): string | undefined {
    const ids = (sql: string, ...params: unknown[]) =>
      this.store
        .stmt<{ id: number }>(sql)
        .all(...params)
        .map((r) => r.id);
    const orNone = (list: number[], token: (id: number) => string) => (list.length ? anyOf(list, token) : undefined);
    if (f.field === 'tag') {
      let tagId: number | undefined;
      try {
        tagId = this.tags.find(f.value);
      } catch (err) {
        notices.push((err as Error).message);
        return undefined;
      }
      if (tagId === undefined) {
        notices.push(`No tag named "${f.value}".`);
        return undefined;
      }
      const subtree = this.tags.subtree(f.value);
      if (kind === 'quotes') return anyOf(subtree, meta.tag);
      if (kind === 'articles') {
        return orNone(
          ids(
            `SELECT DISTINCT q.article_id AS id FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id
             WHERE q.deleted_at IS NULL AND qt.tag_id IN (SELECT value FROM json_each(?))`,
            JSON.stringify(subtree),
          ),
          meta.article,
        );
      }
      return undefined;
    }
    if (f.field === 'author') {
      if (kind === 'quotes') return quoteToken(authorToken(f.value));
      if (kind === 'articles') {
        // Articles holding a live quote by the author, found through the quotes_author index.
        return orNone(
          ids("SELECT DISTINCT article_id AS id FROM quotes WHERE author_name = ? COLLATE NOCASE AND author_name <> '' AND +deleted_at IS NULL", f.value),
          meta.article,
        );
      }
      return undefined;
    }
    if (kind === 'notes') {
      if (f.field === 'before' || f.field === 'after') {
        return orNone(
          ids(`SELECT id FROM notes n WHERE deleted_at IS NULL AND ${dateCondition(f.field, 'substr(n.created_at, 1, 10)')}`, f.value, f.value),
          meta.note,
        );
      }
      return undefined;
    }
    if (f.field === 'article') return anyOf([Number(f.value)], meta.article);
    if (f.field === 'source') {
      return orNone(
        ids(`SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id WHERE a.deleted_at IS NULL AND instr(${SOURCE_TEXT}, ?) > 0`, fold(f.value)),
        meta.article,
      );
    }
    return orNone(ids(`SELECT a.id FROM articles a WHERE a.deleted_at IS NULL AND ${dateCondition(f.field, ARTICLE_DATE)}`, f.value, f.value), meta.article);
  }

  /** Loads the rows behind a page of hits and makes their snippets. */
  private hydrate(kind: SearchKind, page: Hit[], phrases: CompiledPhrase[]): SearchHit[] {
    const ids = JSON.stringify(page.map((p) => p.id));
    const score = new Map(page.map((p) => [p.id, p.score]));
    const order = (hits: SearchHit[]) => {
      const byId = new Map(hits.map((h) => [h.id, h]));
      return page.map((p) => byId.get(p.id)).filter((h): h is SearchHit => !!h);
    };
    const pick = (fields: [SearchHit['field'], string][]) => {
      for (const [field, text] of fields) {
        const ranges = findMatches(text, phrases);
        if (ranges.length) return { field, snippet: makeSnippet(text, ranges) };
      }
      const [field, text] = fields[0]!;
      return { field, snippet: makeSnippet(text, []) };
    };
    if (kind === 'quotes') {
      const rows = this.store
        .stmt<QuoteRow>('SELECT id, article_id, exact, comment, start, "end" FROM quotes WHERE id IN (SELECT value FROM json_each(?))')
        .all(ids);
      const tags = this.tagPaths(ids);
      return order(
        rows.map((q) => ({
          type: 'quote',
          id: q.id,
          articleId: q.article_id,
          text: q.exact,
          ...pick([
            ['text', q.exact],
            ['comment', q.comment],
          ]),
          tags: tags.get(q.id) ?? [],
          start: q.start,
          end: q.end,
          score: score.get(q.id) ?? null,
        })),
      );
    }
    const sql =
      kind === 'articles'
        ? 'SELECT id, title, body AS text FROM articles WHERE id IN (SELECT value FROM json_each(?))'
        : 'SELECT id, title, text FROM notes WHERE id IN (SELECT value FROM json_each(?))';
    const rows = this.store.stmt<{ id: number; title: string; text: string }>(sql).all(ids);
    return order(
      rows.map((r) => ({
        type: TABLES[kind].type,
        id: r.id,
        articleId: kind === 'articles' ? r.id : null,
        text: r.title,
        ...pick([
          ['body', r.text],
          ['title', r.title],
        ]),
        tags: [],
        start: null,
        end: null,
        score: score.get(r.id) ?? null,
      })),
    );
  }

  /** Tag paths of the quotes in the JSON id list, sorted per quote. */
  private tagPaths(ids: string): Map<number, string[]> {
    const links = this.store
      .stmt<{ quote_id: number; tag_id: number }>('SELECT quote_id, tag_id FROM quote_tags WHERE quote_id IN (SELECT value FROM json_each(?))')
      .all(ids);
    const paths = tagPaths(
      this.store,
      links.map((l) => l.tag_id),
    );
    const out = new Map<number, string[]>();
    for (const { quote_id, tag_id } of links) out.set(quote_id, [...(out.get(quote_id) ?? []), paths.get(tag_id) ?? '']);
    out.forEach((p) => p.sort());
    return out;
  }
}
