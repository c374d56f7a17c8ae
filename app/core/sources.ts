import type { Articles } from './articles';
import { assertCitationKey, isChosenKey, suggestCitationKey, uniqueCitationKey } from './citationKey';
import { cslDateText, validateCslItem, type CslItem } from './cslItem';
import { ApostilError, notFound } from './errors';
import type { Source } from './model';
import type { Store } from './store';
import { nowIso } from './text';
import { newUuid } from './uid';

export type { Source } from './model';

interface SourceRow {
  id: number;
  uuid: string;
  citation_key: string;
  csl: string;
  created_at: string;
  updated_at: string;
  article_ids: string;
}

const SELECT = `SELECT s.id, s.uuid, s.citation_key, s.csl, s.created_at, s.updated_at,
  (SELECT json_group_array(a.id) FROM articles a WHERE a.source_id = s.id AND a.deleted_at IS NULL) AS article_ids
  FROM sources s`;

/** A source as the rest of Apostil sees it: its CSL item's `id` is its citation key. */
function toSource(row: SourceRow): Source {
  return {
    id: row.id,
    uuid: row.uuid,
    citationKey: row.citation_key,
    csl: { ...(JSON.parse(row.csl) as CslItem), id: row.citation_key },
    articleIds: (JSON.parse(row.article_ids) as number[]).sort((a, b) => a - b),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The CSL item as stored: the key lives in its own column, never twice. */
function storedItem(csl: CslItem): CslItem {
  const { 'citation-key': _key, ...rest } = csl;
  return rest as CslItem;
}

/** The typed columns of the `sources` table, derived from a CSL item. */
export function columns(csl: CslItem): unknown[] {
  return [
    csl.type,
    csl.title ?? null,
    csl['container-title'] ?? null,
    JSON.stringify(csl.author ?? []),
    cslDateText(csl.issued),
    csl.URL ?? null,
    cslDateText(csl.accessed),
    csl.publisher ?? null,
    csl.DOI ?? null,
    csl.language ?? null,
    JSON.stringify(storedItem(csl)),
  ];
}

/**
 * A stored source to add exactly as it was (restore from a backup). Its citation key
 * is the item's `citation-key`, else its `id` when that reads as a chosen key, as long
 * as no other source has it; otherwise one is made from its author, year and title.
 */
export interface SourceRecord {
  id?: number;
  uuid: string;
  csl: unknown;
  createdAt: string;
  updatedAt: string;
}

/** Sources: the CSL-JSON citation of each article, kept as typed columns plus the full item and a citation key. */
export class Sources {
  /** Gives every source that has no citation key yet one (those of a library older than keys). */
  constructor(
    private readonly store: Store,
    private readonly articles: Articles,
  ) {
    this.assignMissingKeys();
  }

  /** One source by id. */
  byId(id: number): Source {
    const row = this.store.stmt<SourceRow>(`${SELECT} WHERE s.id = ?`).get(id);
    if (!row) notFound('source', id);
    return toSource(row);
  }

  /** The id of the source with this uuid, if any. */
  idOfUuid(uuid: string): number | undefined {
    return this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE uuid = ?').get(uuid)?.id;
  }

  /** Every source, oldest first. */
  list(): Source[] {
    return this.store.stmt<SourceRow>(`${SELECT} ORDER BY s.id`).all().map(toSource);
  }

  /** The source of a live article, or null when none was recorded. */
  get(articleId: number): Source | null {
    this.articles.summary(articleId);
    const row = this.store.stmt<{ source_id: number | null }>('SELECT source_id FROM articles WHERE id = ?').get(articleId);
    return row?.source_id ? this.byId(row.source_id) : null;
  }

  /**
   * Records an article's source: validates the CSL item, updates the article's source
   * in place when it has one of its own, otherwise creates one and links it.
   * `citationKey` sets the key (refused when malformed or another source has it); an
   * empty one asks for a fresh key made from the item; without it the key stays as it is.
   */
  set(articleId: number, csl: unknown, citationKey?: string): Source {
    assertObject(csl, 'A source');
    const current = this.get(articleId);
    const key = citationKey?.trim();
    if (key) assertCitationKey(key);
    return this.store.tx(() => {
      if (current && current.articleIds.length <= 1) {
        const item = validateCslItem({ ...csl, id: current.citationKey });
        const newKey = key ? this.claimKey(key, current.id) : key === '' ? this.freeKey(suggestCitationKey(item), current.id) : current.citationKey;
        this.store
          .stmt(
            `UPDATE sources SET type = ?, title = ?, container_title = ?, authors = ?, issued = ?, url = ?, accessed = ?,
               publisher = ?, doi = ?, language = ?, csl = ?, citation_key = ?, updated_at = ? WHERE id = ?`,
          )
          .run(...columns(item), newKey, nowIso(), current.id);
        return this.byId(current.id);
      }
      if (key) this.claimKey(key);
      const uuid = newUuid();
      const now = nowIso();
      const fresh: Record<string, unknown> = { ...csl, id: csl.id ?? uuid };
      if (key) fresh['citation-key'] = key;
      const id = this.insert({ uuid, csl: fresh, createdAt: now, updatedAt: now });
      this.link(articleId, id);
      return this.byId(id);
    });
  }

  /** Whether a source other than `except` has this citation key (ignoring case). */
  keyInUse(key: string, except?: number): boolean {
    const row = this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE citation_key = ? COLLATE NOCASE').get(key);
    return row !== undefined && row.id !== except;
  }

  /** `key` itself, refused with `conflict` when another source has it. */
  private claimKey(key: string, except?: number): string {
    if (this.keyInUse(key, except)) {
      throw new ApostilError('conflict', `Another source already has the citation key "${key}" (keys are compared ignoring case). Choose a different key.`);
    }
    return key;
  }

  /** `base`, or the first of `base-2`, `base-3`… that no other source has. */
  private freeKey(base: string, except?: number): string {
    return uniqueCitationKey(base, (k) => this.keyInUse(k, except));
  }

  /** The key a new source gets: its chosen key when free, else one made from its fields. */
  private keyFor(item: CslItem): string {
    for (const chosen of [item['citation-key'], item.id]) if (isChosenKey(chosen) && !this.keyInUse(chosen)) return chosen;
    return this.freeKey(suggestCitationKey(item));
  }

  /**
   * Gives each source without a citation key one, oldest first, so the same library
   * always gets the same keys; keys already given never change.
   */
  assignMissingKeys(): void {
    // A library opened with older migrations (tests of the upgrade path) has no keys yet.
    if (!this.store.stmt("SELECT 1 FROM pragma_table_info('sources') WHERE name = 'citation_key'").get()) return;
    const missing = this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE citation_key IS NULL LIMIT 1');
    if (!missing.get()) return;
    this.store.tx(() => {
      const rows = this.store.stmt<{ id: number; csl: string }>('SELECT id, csl FROM sources WHERE citation_key IS NULL ORDER BY id').all();
      const update = this.store.stmt('UPDATE sources SET citation_key = ? WHERE id = ?');
      for (const row of rows) update.run(this.keyFor(JSON.parse(row.csl) as CslItem), row.id);
    });
  }

  /** Adds a source row as given (validating its CSL item); returns its id. */
  insert(record: SourceRecord): number {
    const item = validateCslItem(record.csl);
    const fixedId = record.id !== undefined && !this.store.stmt('SELECT 1 FROM sources WHERE id = ?').get(record.id) ? record.id : null;
    return Number(
      this.store
        .stmt(
          `INSERT INTO sources (id, uuid, type, title, container_title, authors, issued, url, accessed, publisher, doi, language, csl,
             citation_key, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(fixedId, record.uuid, ...columns(item), this.keyFor(item), record.createdAt, record.updatedAt).lastInsertRowid,
    );
  }

  /** Points an article at an existing source, or at none with `null`. */
  link(articleId: number, sourceId: number | null): Source | null {
    this.articles.summary(articleId);
    if (sourceId !== null) this.byId(sourceId);
    this.store.stmt('UPDATE articles SET source_id = ?, updated_at = ? WHERE id = ?').run(sourceId, nowIso(), articleId);
    return sourceId === null ? null : this.byId(sourceId);
  }

  /**
   * The id of a stored source that cites the same work as `csl` (same DOI, else same URL,
   * else same id or citation key, type, title and issued date), so that imports do not duplicate sources.
   */
  findSame(csl: CslItem): number | undefined {
    const row = csl.DOI
      ? this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE lower(doi) = lower(?)').get(csl.DOI)
      : csl.URL
        ? this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE url = ?').get(csl.URL)
        : this.store
            .stmt<{ id: number }>(
              "SELECT id FROM sources WHERE (json_extract(csl, '$.id') = ? OR citation_key = ?) AND type = ? AND title IS ? AND issued IS ?",
            )
            .get(String(csl.id), String(csl.id), csl.type, csl.title ?? null, cslDateText(csl.issued));
    return row?.id;
  }

  /** The live article whose source has this URL (the most recently imported, if several). */
  articleForUrl(url: string): number | undefined {
    return this.store
      .stmt<{ id: number }>(
        'SELECT a.id FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.url = ? AND a.deleted_at IS NULL ORDER BY a.id DESC LIMIT 1',
      )
      .get(url)?.id;
  }

  /** The live article whose title equals `title` and has no source yet, when exactly one does. */
  articleForTitle(title: string | undefined): number | undefined {
    if (!title) return undefined;
    const rows = this.store
      .stmt<{ id: number }>('SELECT id FROM articles WHERE title = ? AND source_id IS NULL AND deleted_at IS NULL')
      .all(title.replace(/\s+/g, ' ').trim());
    return rows.length === 1 ? rows[0]!.id : undefined;
  }
}

/** Fails unless `value` is a plain object, as every CSL item must be. */
export function assertObject(value: unknown, what: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ApostilError('invalid_request', `${what} must be an object.`);
  }
}
