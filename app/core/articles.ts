import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { articleBlocks, decodeText, parseArticle, type ArticleFormat, type ParsedArticle } from './articleText';
import { ApostilError, notFound } from './errors';
import { MAX_IMPORT_BYTES } from './limits';
import type { Article, ArticleSummary } from './model';
import { PageStarts } from './pages';
import type { Store } from './store';
import { canonicalLang } from './script';
import { nowIso } from './text';
import { newUuid } from './uid';

interface ArticleRow {
  id: number;
  uuid: string;
  title: string;
  lang: string | null;
  date: string | null;
  imported_at: string;
  quote_count: number;
  chars: number;
}

/** The result of importing one article: the stored article and whether it was new. */
export interface ImportResult {
  article: ArticleSummary;
  created: boolean;
}

/** Summary columns only: counts and lengths are maintained columns, so a list never reads a body. */
const SELECT = `SELECT a.id, a.uuid, a.title, a.lang, a.date, a.imported_at, a.quote_count, a.chars FROM articles a`;

function summary(row: ArticleRow): ArticleSummary {
  return {
    id: row.id,
    uuid: row.uuid,
    title: row.title,
    date: row.date,
    lang: row.lang,
    chars: row.chars,
    importedAt: row.imported_at,
    quoteCount: row.quote_count,
  };
}

/** Hash that identifies an article's text, so identical re-imports are recognised. */
export function contentHash(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/** Articles: import, list, read and retitle. */
export class Articles {
  constructor(private readonly store: Store) {}

  /** Stores a parsed article, or returns the existing one when the same text was imported before. */
  add(parsed: ParsedArticle): ImportResult {
    const hash = contentHash(parsed.body);
    return this.store.tx(() => {
      const existing = this.store
        .stmt<{ id: number }>(
          `SELECT a.id FROM article_revisions r JOIN articles a ON a.id = r.article_id
           WHERE r.content_hash = ? AND a.deleted_at IS NULL ORDER BY a.revision = r.revision DESC LIMIT 1`,
        )
        .get(hash);
      if (existing) return { article: this.summary(existing.id), created: false };
      const now = nowIso();
      const { lastInsertRowid } = this.store
        .stmt(
          `INSERT INTO articles (uuid, title, body, lang, date, content_hash, imported_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(newUuid(), parsed.title, parsed.body, parsed.lang, parsed.date, hash, now, now);
      return { article: this.summary(Number(lastInsertRowid)), created: true };
    });
  }

  /** Imports text that arrived without a file (pasted, or sent over the api). */
  importText(name: string, text: string, format?: ArticleFormat): ImportResult {
    return this.add(parseArticle(name, text, format));
  }

  /** Imports a `.txt` or `.md` file from disk. */
  importFile(path: string): ImportResult {
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      throw new ApostilError('not_found', `Cannot read ${path}: no such file.`);
    }
    if (size > MAX_IMPORT_BYTES) {
      throw new ApostilError('too_large', `${path} is ${size} bytes; Apostil imports files up to ${MAX_IMPORT_BYTES} bytes.`);
    }
    const name = basename(path);
    return this.importText(name, decodeText(readFileSync(path), name));
  }

  /** Live articles, newest date first: all of them, or a window of `limit` from `offset`. */
  list(page: { limit?: number; offset?: number } = {}): ArticleSummary[] {
    const order = `${SELECT} WHERE a.deleted_at IS NULL ORDER BY coalesce(a.date, substr(a.imported_at, 1, 10)) DESC, a.id DESC`;
    const rows =
      page.limit === undefined
        ? this.store.stmt<ArticleRow>(order).all()
        : this.store.stmt<ArticleRow>(`${order} LIMIT ? OFFSET ?`).all(page.limit, page.offset ?? 0);
    return rows.map(summary);
  }

  /** How many live articles there are, from the maintained counter. */
  count(): number {
    return this.store.stmt<{ n: number }>("SELECT value AS n FROM counters WHERE name = 'articles_live'").get()?.n ?? 0;
  }

  private row(id: number): ArticleRow {
    const row = this.store.stmt<ArticleRow>(`${SELECT} WHERE a.id = ? AND a.deleted_at IS NULL`).get(id);
    if (!row) notFound('article', id);
    return row;
  }

  /** One article without its body. */
  summary(id: number): ArticleSummary {
    return summary(this.row(id));
  }

  /** One article with its body and reader blocks. */
  get(id: number): Article {
    const row = this.row(id);
    const body = this.body(id);
    const revision = this.store.stmt<{ revision: number }>('SELECT revision FROM articles WHERE id = ?').get(id)!.revision;
    const pageStarts = new PageStarts(this.store).of(id, revision);
    return { ...summary(row), uuid: row.uuid, body, blocks: articleBlocks(body), ...(pageStarts ? { pageStarts } : {}) };
  }

  /** The body text alone. */
  body(id: number): string {
    const row = this.store.stmt<{ body: string }>('SELECT body FROM articles WHERE id = ? AND deleted_at IS NULL').get(id);
    if (!row) notFound('article', id);
    return row.body;
  }

  /**
   * Sets the language an article is shown and exported in (a BCP 47 tag such as
   * `zh-Hant`), or clears it with null so it is not declared at all.
   */
  setLang(id: number, lang: string | null): ArticleSummary {
    let tag: string | null = null;
    if (lang !== null) {
      tag = canonicalLang(lang.trim());
      if (!tag) throw new ApostilError('invalid_request', `"${lang}" is not a language tag; use one like zh-Hant, zh-Hans, ja, ko or en.`);
    }
    this.row(id);
    this.store.stmt('UPDATE articles SET lang = ?, updated_at = ? WHERE id = ?').run(tag, nowIso(), id);
    return this.summary(id);
  }

  /** Changes an article's title; its text never changes in place. */
  rename(id: number, title: string): ArticleSummary {
    const clean = title.replace(/\s+/g, ' ').trim();
    if (!clean) throw new ApostilError('invalid_request', 'A title cannot be empty.');
    this.row(id);
    this.store.stmt('UPDATE articles SET title = ?, updated_at = ? WHERE id = ?').run(clean, nowIso(), id);
    return this.summary(id);
  }
}
