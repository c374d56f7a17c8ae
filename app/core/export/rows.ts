import { locatorText, quoteLocators } from '../cite/locator';
import { joinCitationFields, joinNames } from '../cite/names';
import type { Locator } from '../cite/types';
import { cslDate, cslDateText, type CslItem } from '../cslItem';
import type { Library } from '../library';
import type { Quote, QuoteAuthor } from '../model';
import type { QuoteRow as QuoteStoredRow } from '../quotes';
import type { Source } from '../sources';

/** An article as exports describe it: no body, with its source. */
export interface ArticleInfo {
  id: number;
  uuid: string;
  title: string;
  date: string | null;
  lang: string | null;
  source: Source | null;
}

/** A quote joined with what every export needs; `startCp`/`endCp` count Unicode code points. */
export interface QuoteRecord extends Quote {
  startCp: number;
  endCp: number;
  tagIds: number[];
  /** Who linked each tag, by tag path (only links whose maker has a display name). */
  tagBy: Map<string, QuoteAuthor>;
}

type QuoteRow = Omit<QuoteStoredRow, 'tags'> & { tag_ids: string | null; tag_by: string | null };

/** Rows fetched per query while streaming; large enough to be fast, small enough to keep memory flat. */
export const BATCH = 1000;

/** Splits `ids` into batches of {@link BATCH}. */
export function* batches<T>(ids: T[]): Generator<T[]> {
  for (let i = 0; i < ids.length; i += BATCH) yield ids.slice(i, i + BATCH);
}

/** Converts increasing UTF-16 offsets of one text to code points without rescanning from the start. */
class CodePointCursor {
  private u16 = 0;
  private cp = 0;
  constructor(readonly text: string) {}

  at(offset: number): number {
    if (offset < this.u16) {
      this.u16 = 0;
      this.cp = 0;
    }
    const s = this.text;
    while (this.u16 < offset) {
      const c = s.charCodeAt(this.u16);
      this.u16 += c >= 0xd800 && c <= 0xdbff && this.u16 + 1 < s.length && (s.charCodeAt(this.u16 + 1) & 0xfc00) === 0xdc00 ? 2 : 1;
      this.cp++;
    }
    return this.cp;
  }
}

/** Tag paths by id, computed once per export. */
export function tagPaths(lib: Library): Map<number, string> {
  const rows = lib.store.db.prepare<[], { id: number; name: string; parent_id: number | null }>('SELECT id, name, parent_id FROM tags').all();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const paths = new Map<number, string>();
  const path = (id: number, depth = 0): string => {
    const known = paths.get(id);
    if (known !== undefined) return known;
    const r = byId.get(id)!;
    const p = r.parent_id === null || depth > 64 ? r.name : `${path(r.parent_id, depth + 1)}/${r.name}`;
    paths.set(id, p);
    return p;
  };
  for (const r of rows) path(r.id);
  return paths;
}

/**
 * Streams the quotes with the given ids, in the order given, a batch at a time, with tag
 * paths and code-point offsets. Memory stays flat however many quotes there are.
 */
export function* quoteRecords(lib: Library, quoteIds: number[], paths = tagPaths(lib)): Generator<QuoteRecord> {
  const select = lib.store.stmt<QuoteRow>(
    `SELECT q.id, q.uuid, q.article_id, q.exact, q.prefix, q.suffix, q.start, q."end", q.comment, q.color,
       q.created_at, q.updated_at, q.deleted_at, q.status, q.similarity, q.revision, q.reviewed_at,
       q.author_id, q.author_name, q.comment_by_id, q.comment_by_name,
       (SELECT group_concat(tag_id) FROM quote_tags WHERE quote_id = q.id) AS tag_ids,
       (SELECT json_group_object(tag_id, json_array(author_id, author_name)) FROM quote_tags WHERE quote_id = q.id AND author_name <> '') AS tag_by
     FROM quotes q WHERE q.id IN (SELECT value FROM json_each(?))`,
  );
  const body = lib.store.stmt<{ body: string }>('SELECT body FROM articles WHERE id = ?');
  let cursor: CodePointCursor | undefined;
  let cursorArticle = -1;
  for (const batch of batches(quoteIds)) {
    const rows = new Map(select.all(JSON.stringify(batch)).map((r) => [r.id, r]));
    for (const id of batch) {
      const r = rows.get(id);
      if (!r) continue;
      if (r.article_id !== cursorArticle) {
        cursor = new CodePointCursor(body.get(r.article_id)?.body ?? '');
        cursorArticle = r.article_id;
      }
      const startCp = cursor!.at(r.start);
      const endCp = startCp + [...r.exact].length;
      const tagIds = r.tag_ids
        ? r.tag_ids
            .split(',')
            .map(Number)
            .sort((x, y) => x - y)
        : [];
      yield {
        id: r.id,
        uuid: r.uuid,
        articleId: r.article_id,
        exact: r.exact,
        prefix: r.prefix,
        suffix: r.suffix,
        start: r.start,
        end: r.end,
        startCp,
        endCp,
        comment: r.comment,
        color: r.color,
        tagIds,
        tags: tagIds
          .map((t) => paths.get(t) ?? '')
          .filter(Boolean)
          .sort(),
        status: r.status,
        similarity: r.similarity,
        revision: r.revision,
        reviewedAt: r.reviewed_at,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        deletedAt: r.deleted_at,
        ...(r.author_name ? { author: { id: r.author_id, name: r.author_name } } : {}),
        ...(r.comment && r.comment_by_name ? { commentBy: { id: r.comment_by_id, name: r.comment_by_name } } : {}),
        tagBy: new Map(
          Object.entries(JSON.parse(r.tag_by ?? '{}') as Record<string, [string, string]>).map(([t, [id, name]]) => [paths.get(Number(t)) ?? '', { id, name }]),
        ),
      };
    }
  }
}

/** The articles with the given ids (live or not) and their sources, by id. */
export function articleInfos(lib: Library, articleIds: number[]): Map<number, ArticleInfo> {
  const rows = lib.store.db
    .prepare<unknown[], { id: number; uuid: string; title: string; date: string | null; lang: string | null; source_id: number | null }>(
      'SELECT id, uuid, title, date, lang, source_id FROM articles WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id',
    )
    .all(JSON.stringify(articleIds));
  return new Map(
    rows.map((r) => [r.id, { id: r.id, uuid: r.uuid, title: r.title, date: r.date, lang: r.lang, source: r.source_id ? lib.sources.byId(r.source_id) : null }]),
  );
}

/** The CSL item that cites an article: its recorded source, else one made from its title, date and language. */
export function articleCsl(a: ArticleInfo): CslItem {
  if (a.source) return a.source.csl;
  const item: CslItem = { id: `apostil-${a.uuid}`, type: 'article-newspaper', title: a.title };
  if (a.date) item.issued = cslDate(a.date);
  if (a.lang) item.language = a.lang;
  return item;
}

/** The parts of a citation, as text. */
export interface Citation {
  authors: string;
  title: string;
  container: string;
  date: string;
  url: string;
}

/** The citation of an article in plain parts, for reports and spreadsheets. */
export function citationOf(a: ArticleInfo): Citation {
  const csl = articleCsl(a);
  return {
    authors: joinNames(csl.author ?? []),
    title: csl.title ?? a.title,
    container: csl['container-title'] ?? '',
    date: cslDateText(csl.issued) ?? a.date ?? '',
    url: csl.URL ?? '',
  };
}

/** A one-line citation: `authors, title, container, date` (punctuated for their script), without the URL. */
export function citationLine(c: Citation): string {
  return joinCitationFields([c.authors, c.title, c.container, c.date]);
}

/** A quote embedded in a note, with the article it comes from; absent when the quote no longer exists. */
export interface Embed {
  quote: QuoteRecord;
  article: ArticleInfo;
  /** Where the quote is in its work (page or paragraph); none for an orphaned quote. */
  locator?: Locator;
}

/** The embeds of the given quote ids, by quote id. */
export function embedsOf(lib: Library, quoteIds: number[]): Map<number, Embed> {
  const quotes = [...quoteRecords(lib, quoteIds)];
  const articles = articleInfos(lib, [...new Set(quotes.map((q) => q.articleId))]);
  const locators = quoteLocators(lib, quotes);
  return new Map(quotes.map((q) => [q.id, { quote: q, article: articles.get(q.articleId)!, locator: locators.get(q.id) }]));
}

/** The plain citation line of an embedded quote: its work's {@link citationLine} and where in it (`p. 12`, `para. 3`). */
export function embedCitationLine(embed: Embed): string {
  return joinCitationFields([citationLine(citationOf(embed.article)), embed.locator && locatorText(embed.locator)]);
}
