import type { Articles } from './articles';
import { MY_ID_SQL, MY_NAME_SQL } from './authorship';
import { checkColor } from './color';
import { ApostilError, inTrash, notFound } from './errors';
import { MAX_COMMENT_CHARS, QUOTE_CONTEXT_CHARS } from './limits';
import type { Quote } from './model';
import type { Store } from './store';
import { tagPaths, type Tags } from './tags';
import { firstCodePoints, lastCodePoints, nowIso, splitsSurrogatePair } from './text';
import { newUuid } from './uid';

/** A quotes row as SQLite returns it, with its tag ids as a JSON array. */
export interface QuoteRow {
  id: number;
  uuid: string;
  article_id: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  comment: string;
  color: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  tags: string | null;
  status: Quote['status'];
  similarity: number;
  revision: number;
  reviewed_at: string | null;
  author_id: string;
  author_name: string;
  comment_by_id: string;
  comment_by_name: string;
}

/** What to keep as a new quote: a UTF-16 range of an article body. */
export interface NewQuote {
  articleId: number;
  start: number;
  end: number;
  comment?: string;
  color?: string | null;
  tags?: string[];
}

/** Which quotes to list. */
export interface QuoteFilter {
  articleId?: number;
  /** A tag path; quotes carrying it or any of its descendants match. */
  tag?: string;
  /** `live` (default), `trash` (soft-deleted) or `all`. */
  state?: 'live' | 'trash' | 'all';
  /** An author's display name (ignoring case); only quotes they made match. */
  author?: string;
}

/** A window onto a filtered list: at most `limit` quotes from `offset`. */
export interface QuotePage {
  limit?: number;
  offset?: number;
}

/** Narrows `[start, end)` so that it neither begins nor ends with whitespace. */
export function trimRange(text: string, start: number, end: number): [number, number] {
  while (start < end && /\s/u.test(text[start]!)) start++;
  while (end > start && /\s/u.test(text[end - 1]!)) end--;
  return [start, end];
}

/** UTF-16 offset of the `nth` (1-based) occurrence of `needle` in `haystack`, or -1. */
export function findOccurrence(haystack: string, needle: string, nth = 1): number {
  if (!needle) return -1;
  let at = -1;
  for (let i = 0; i < nth; i++) {
    at = haystack.indexOf(needle, at + 1);
    if (at < 0) return -1;
  }
  return at;
}

/** Quotes: create from a range, list, comment, colour, tag, soft delete and restore. */
export class Quotes {
  constructor(
    private readonly store: Store,
    private readonly articles: Articles,
    private readonly tags: Tags,
  ) {}

  private select(where: string): string {
    return `SELECT q.*, (SELECT json_group_array(tag_id) FROM quote_tags WHERE quote_id = q.id) AS tags
            FROM quotes q WHERE ${where}`;
  }

  private toQuotes(rows: QuoteRow[]): Quote[] {
    const ids = rows.map((r) => JSON.parse(r.tags ?? '[]') as number[]);
    const paths = tagPaths(this.store, ids.flat());
    return rows.map((r, i) => ({
      id: r.id,
      uuid: r.uuid,
      articleId: r.article_id,
      exact: r.exact,
      prefix: r.prefix,
      suffix: r.suffix,
      start: r.start,
      end: r.end,
      comment: r.comment,
      color: r.color,
      tags: ids[i]!.map((id) => paths.get(id) ?? '')
        .filter(Boolean)
        .sort(),
      createdAt: r.created_at,
      updatedAt: r.updated_at,
      deletedAt: r.deleted_at,
      status: r.status,
      similarity: r.similarity,
      revision: r.revision,
      reviewedAt: r.reviewed_at,
      ...(r.author_name ? { author: { id: r.author_id, name: r.author_name } } : {}),
      ...(r.comment && r.comment_by_name ? { commentBy: { id: r.comment_by_id, name: r.comment_by_name } } : {}),
    }));
  }

  /** One quote, live or in the trash. */
  get(id: number): Quote {
    const row = this.store.stmt<QuoteRow>(this.select('q.id = ?')).get(id);
    if (!row) notFound('quote', id);
    return this.toQuotes([row])[0]!;
  }

  private live(id: number): Quote {
    const q = this.get(id);
    if (q.deletedAt) inTrash('quote', id);
    return q;
  }

  /** Keeps a passage: trims whitespace at its edges and stores the text with its context. */
  create(input: NewQuote): Quote {
    const body = this.articles.body(input.articleId);
    if (!(input.start >= 0 && input.end <= body.length && input.start < input.end)) {
      throw new ApostilError('invalid_request', `The range ${input.start}–${input.end} is not inside article ${input.articleId} (length ${body.length}).`);
    }
    if (splitsSurrogatePair(body, input.start) || splitsSurrogatePair(body, input.end)) {
      throw new ApostilError('invalid_request', 'A quote cannot begin or end in the middle of a character.');
    }
    const [start, end] = trimRange(body, input.start, input.end);
    if (start === end) throw new ApostilError('invalid_request', 'The selection contains only whitespace.');
    this.checkComment(input.comment ?? '');
    checkColor(input.color ?? null);
    return this.store.tx(() => {
      const now = nowIso();
      const id = Number(
        this.store
          .stmt(
            `INSERT INTO quotes (uuid, article_id, exact, prefix, suffix, start, "end", comment, color, created_at, updated_at, author_id, author_name,
                                 comment_by_id, comment_by_name)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${MY_ID_SQL}, ${MY_NAME_SQL},
                     CASE WHEN ? THEN ${MY_ID_SQL} ELSE '' END, CASE WHEN ? THEN ${MY_NAME_SQL} ELSE '' END)`,
          )
          .run(
            newUuid(),
            input.articleId,
            body.slice(start, end),
            lastCodePoints(body.slice(0, start), QUOTE_CONTEXT_CHARS),
            firstCodePoints(body.slice(end), QUOTE_CONTEXT_CHARS),
            start,
            end,
            input.comment ?? '',
            input.color ?? null,
            now,
            now,
            input.comment ? 1 : 0,
            input.comment ? 1 : 0,
          ).lastInsertRowid,
      );
      for (const path of input.tags ?? []) this.attach(id, path);
      return this.get(id);
    });
  }

  /** Quotes matching the filter, in article then text order (the trash: most recently deleted first). */
  list(filter: QuoteFilter = {}, page: QuotePage = {}): Quote[] {
    const { where, params } = this.where(filter);
    const order = (filter.state ?? 'live') === 'trash' ? 'q.deleted_at DESC, q.id DESC' : 'q.article_id, q.start, q.id';
    const window = page.limit === undefined ? '' : ' LIMIT ? OFFSET ?';
    if (window) params.push(page.limit, page.offset ?? 0);
    return this.toQuotes(this.store.stmt<QuoteRow>(`${this.select(where)} ORDER BY ${order}${window}`).all(...params));
  }

  /**
   * How many quotes match the filter. The common counts (all live, the trash, one
   * article's, one tag's) are read from maintained counters; combinations are counted by index.
   */
  count(filter: QuoteFilter = {}): number {
    const state = filter.state ?? 'live';
    const one = (sql: string, ...params: unknown[]): number => this.store.stmt<{ n: number }>(sql).get(...params)!.n;
    if (filter.author !== undefined) {
      const { where, params } = this.where(filter);
      return one(`SELECT count(*) AS n FROM quotes q WHERE ${where}`, ...params);
    }
    if (filter.articleId === undefined && filter.tag === undefined && state !== 'all') {
      return one('SELECT value AS n FROM counters WHERE name = ?', state === 'live' ? 'quotes_live' : 'quotes_trash');
    }
    if (filter.articleId !== undefined && filter.tag === undefined && state === 'live') {
      this.articles.summary(filter.articleId);
      return one('SELECT quote_count AS n FROM articles WHERE id = ?', filter.articleId);
    }
    if (filter.tag !== undefined && filter.articleId === undefined && state === 'live') {
      return one('SELECT total_count AS n FROM tags WHERE id = ?', this.tags.require(filter.tag));
    }
    const { where, params } = this.where(filter);
    return one(`SELECT count(*) AS n FROM quotes q WHERE ${where}`, ...params);
  }

  /** The quotes with these ids, live or in the trash, in the order asked; unknown ids are left out. */
  many(ids: number[]): Quote[] {
    const rows = this.store.stmt<QuoteRow>(this.select('q.id IN (SELECT value FROM json_each(?))')).all(JSON.stringify(ids));
    const byId = new Map(this.toQuotes(rows).map((q) => [q.id, q]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  private where(filter: QuoteFilter): { where: string; params: unknown[] } {
    const where: string[] = [];
    const params: unknown[] = [];
    const state = filter.state ?? 'live';
    // With an author, the quotes_author index leads (`+` keeps the planner off quotes_live, which nearly every quote matches).
    const deleted = filter.author === undefined ? 'q.deleted_at' : '+q.deleted_at';
    if (state === 'live') where.push(`${deleted} IS NULL`);
    if (state === 'trash') where.push(`${deleted} IS NOT NULL`);
    if (filter.articleId !== undefined) {
      this.articles.summary(filter.articleId);
      where.push('q.article_id = ?');
      params.push(filter.articleId);
    }
    if (filter.tag !== undefined) {
      where.push('q.id IN (SELECT qt.quote_id FROM tag_tree tt JOIN quote_tags qt ON qt.tag_id = tt.tag_id WHERE tt.ancestor_id = ?)');
      params.push(this.tags.require(filter.tag));
    }
    if (filter.author !== undefined) {
      where.push("q.author_name = ? COLLATE NOCASE AND q.author_name <> ''");
      params.push(filter.author);
    }
    return { where: where.length ? where.join(' AND ') : '1', params };
  }

  private checkComment(comment: string): void {
    if (comment.length > MAX_COMMENT_CHARS) {
      throw new ApostilError('too_large', `A comment is limited to ${MAX_COMMENT_CHARS} characters.`);
    }
  }

  /** Changes a live quote's comment and/or colour. */
  update(id: number, changes: { comment?: string; color?: string | null }): Quote {
    const q = this.live(id);
    if (changes.comment !== undefined) this.checkComment(changes.comment);
    if (changes.color !== undefined) checkColor(changes.color);
    const comment = changes.comment ?? q.comment;
    // The comment's writer is whoever last changed it (nobody once it is cleared).
    const by = comment === q.comment ? 'keep' : comment === '' ? 'clear' : 'me';
    this.store
      .stmt(
        `UPDATE quotes SET comment = ?, color = ?, updated_at = ?,
           comment_by_id = CASE ? WHEN 'keep' THEN comment_by_id WHEN 'clear' THEN '' ELSE ${MY_ID_SQL} END,
           comment_by_name = CASE ? WHEN 'keep' THEN comment_by_name WHEN 'clear' THEN '' ELSE ${MY_NAME_SQL} END WHERE id = ?`,
      )
      .run(comment, changes.color === undefined ? q.color : changes.color, nowIso(), by, by, id);
    return this.get(id);
  }

  private attach(id: number, path: string): void {
    const tagId = this.tags.ensure(path);
    this.store.stmt(`INSERT OR IGNORE INTO quote_tags (quote_id, tag_id, author_id, author_name) VALUES (?, ?, ${MY_ID_SQL}, ${MY_NAME_SQL})`).run(id, tagId);
  }

  private touch(id: number): void {
    this.store.stmt('UPDATE quotes SET updated_at = ? WHERE id = ?').run(nowIso(), id);
  }

  /** Adds tags (creating missing ones and their parents) to a live quote. */
  tag(id: number, paths: string[]): Quote {
    this.live(id);
    return this.store.tx(() => {
      for (const path of paths) this.attach(id, path);
      this.touch(id);
      return this.get(id);
    });
  }

  /** Removes tags from a live quote; the tags themselves stay. Unknown names are an error. */
  untag(id: number, paths: string[]): Quote {
    this.live(id);
    const tagIds = paths.map((p) => this.tags.require(p));
    return this.store.tx(() => {
      for (const tagId of tagIds) this.store.stmt('DELETE FROM quote_tags WHERE quote_id = ? AND tag_id = ?').run(id, tagId);
      this.touch(id);
      return this.get(id);
    });
  }

  /** Moves a quote to the trash; `restore` brings it back with its tags and comment. */
  delete(id: number): Quote {
    this.live(id);
    const now = nowIso();
    this.store.stmt('UPDATE quotes SET deleted_at = ?, updated_at = ? WHERE id = ?').run(now, now, id);
    return this.get(id);
  }

  /** Takes a quote out of the trash. */
  restore(id: number): Quote {
    const q = this.get(id);
    if (!q.deletedAt) throw new ApostilError('conflict', `Quote ${id} is not in the trash.`);
    this.store.stmt('UPDATE quotes SET deleted_at = NULL, updated_at = ? WHERE id = ?').run(nowIso(), id);
    return this.get(id);
  }
}
