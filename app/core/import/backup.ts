import { z } from 'zod';
import { contentHash } from '../articles';
import { ApostilError } from '../errors';
import { BACKUP_FORMAT, BACKUP_VERSION, baseRevision, type Backup, type BackupAnchor, type BackupArticle, type BackupTag } from '../export/backup';
import type { Library } from '../library';
import { MAX_ARTICLE_CHARS, MAX_COMMENT_CHARS, MAX_TAG_NAME_CHARS, QUOTE_CONTEXT_CHARS } from '../limits';
import { firstCodePoints, lastCodePoints } from '../text';
import { remapQuoteIds, type DocNode } from '../notes';
import { addThenIndex, PROGRESS_EVERY, type ImportProgress, type ImportReport } from './report';
import type { AddedRows } from '../search/index';
import { anchorSelectors } from './w3c';

const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const uuid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'a UUID');
const time = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$/, 'an ISO-8601 UTC time');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2026-01-02');
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #ffcc00');
const offset = z.number().int().min(0);
const revision = z.number().int().positive();
const status = z.enum(['exact', 'moved', 'fuzzy', 'orphaned']);
const similarity = z.number().min(0).max(1);
const context = z.string().max(10_000);

const schema = z.strictObject({
  format: z.literal(BACKUP_FORMAT),
  version: z.literal(BACKUP_VERSION),
  offsets: z.literal('codepoints'),
  sources: z.array(z.strictObject({ id, uuid, csl: z.record(z.string(), z.unknown()), createdAt: time, updatedAt: time })),
  articles: z.array(
    z.strictObject({
      id,
      uuid,
      title: z.string().min(1).max(10_000),
      body: z.string().min(1).max(MAX_ARTICLE_CHARS),
      revision,
      history: z.array(
        z.strictObject({
          revision,
          title: z.string().min(1).max(10_000),
          body: z.string().min(1).max(MAX_ARTICLE_CHARS),
          date: day.nullable(),
          importedAt: time,
        }),
      ),
      lang: z.string().max(100).nullable(),
      date: day.nullable(),
      sourceId: id.nullable(),
      importedAt: time,
      updatedAt: time,
      deletedAt: time.nullable(),
    }),
  ),
  tags: z.array(
    z.strictObject({
      id,
      uuid,
      name: z
        .string()
        .min(1)
        .max(MAX_TAG_NAME_CHARS)
        .refine((n) => !n.includes('/'), 'a name without "/"'),
      parentId: id.nullable(),
      color: color.nullable(),
      createdAt: time,
    }),
  ),
  quotes: z.array(
    z.strictObject({
      id,
      uuid,
      articleId: id,
      exact: z.string().min(1),
      prefix: context,
      suffix: context,
      start: offset,
      end: offset,
      comment: z.string().max(MAX_COMMENT_CHARS),
      color: color.nullable(),
      tagIds: z.array(id),
      revision,
      status,
      similarity,
      reviewedAt: time.nullable(),
      authorId: z.string().max(200).optional(),
      authorName: z.string().max(500).optional(),
      commentById: z.string().max(200).optional(),
      commentByName: z.string().max(500).optional(),
      tagBy: z.record(z.string().max(20), z.tuple([z.string().max(200), z.string().max(500)])).optional(),
      anchors: z.array(
        z.strictObject({ revision, exact: z.string().min(1), prefix: context, suffix: context, start: offset, end: offset, status, similarity }),
      ),
      createdAt: time,
      updatedAt: time,
      deletedAt: time.nullable(),
    }),
  ),
  notes: z.array(
    z.strictObject({
      id,
      uuid,
      title: z.string().max(10_000),
      doc: z.record(z.string(), z.unknown()),
      createdAt: time,
      updatedAt: time,
      deletedAt: time.nullable(),
    }),
  ),
});

function bad(name: string, problem: string): never {
  throw new ApostilError('bad_file', `${name} is not a usable Apostil backup: ${problem}. Nothing was imported.`);
}

/** Checks the document's shape, version and internal references; returns it typed. */
export function validateBackup(json: unknown, name: string): Backup {
  const record = json as Record<string, unknown>;
  if (typeof record.version === 'number' && record.version > BACKUP_VERSION) {
    throw new ApostilError(
      'bad_file',
      `${name} was written by a newer Apostil (backup version ${record.version}; this version reads version ${BACKUP_VERSION}). Update Apostil to import it. Nothing was imported.`,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    bad(name, `${issue.path.map(String).join('.') || 'the document'}: ${issue.message}`);
  }
  const data = parsed.data as unknown as Backup;
  const ids = (kind: string, rows: { id: number; uuid: string }[]) => {
    const seen = new Set<number>();
    const uuids = new Set<string>();
    for (const r of rows) {
      if (seen.has(r.id) || uuids.has(r.uuid.toLowerCase())) bad(name, `${kind} ${r.id} appears twice`);
      seen.add(r.id);
      uuids.add(r.uuid.toLowerCase());
    }
    return seen;
  };
  const sources = ids('source', data.sources);
  const articles = ids('article', data.articles);
  const tags = ids('tag', data.tags);
  ids('quote', data.quotes);
  ids('note', data.notes);
  for (const a of data.articles) if (a.sourceId !== null && !sources.has(a.sourceId)) bad(name, `article ${a.id} refers to missing source ${a.sourceId}`);
  for (const t of data.tags) if (t.parentId !== null && !tags.has(t.parentId)) bad(name, `tag ${t.id} refers to missing parent ${t.parentId}`);
  for (const a of data.articles) {
    const revisions = new Set([a.revision]);
    for (const r of a.history) {
      if (revisions.has(r.revision) || r.revision > a.revision) bad(name, `article ${a.id} has revision ${r.revision} twice or after its current one`);
      revisions.add(r.revision);
    }
  }
  const texts = new RevisionTexts(data.articles);
  for (const q of data.quotes) {
    if (!articles.has(q.articleId)) bad(name, `quote ${q.id} refers to missing article ${q.articleId}`);
    for (const t of q.tagIds) if (!tags.has(t)) bad(name, `quote ${q.id} refers to missing tag ${t}`);
    for (const entry of [q, ...q.anchors]) {
      const rev = baseRevision(entry, q.anchors);
      const range = texts.range(q.articleId, rev, entry.start, entry.end);
      if (!range || texts.body(q.articleId, rev)!.slice(range[0], range[1]) !== entry.exact) {
        bad(name, `quote ${q.id} (${entry.start}–${entry.end}) does not match revision ${rev} of article ${q.articleId}`);
      }
    }
  }
  return data;
}

/** The texts of every revision in a backup, with code-point ranges converted to UTF-16 through small cached tables. */
class RevisionTexts {
  private readonly texts = new Map<string, string>();
  private readonly tables = new Map<string, Uint32Array>();
  constructor(articles: BackupArticle[]) {
    for (const a of articles) {
      this.texts.set(`${a.id}:${a.revision}`, a.body);
      for (const r of a.history) this.texts.set(`${a.id}:${r.revision}`, r.body);
    }
  }

  /** The text of one revision of an article in the backup, if the backup has it. */
  body(articleId: number, revision: number): string | undefined {
    return this.texts.get(`${articleId}:${revision}`);
  }

  /** The UTF-16 `[start, end)` of a code-point range, or null when the revision is missing or the range lies outside it. */
  range(articleId: number, revision: number, start: number, end: number): [number, number] | null {
    const key = `${articleId}:${revision}`;
    let table = this.tables.get(key);
    if (!table) {
      const body = this.texts.get(key);
      if (body === undefined) return null;
      if (this.tables.size >= 64) this.tables.clear();
      const offsets: number[] = [];
      for (let i = 0; i < body.length; i += body.codePointAt(i)! > 0xffff ? 2 : 1) offsets.push(i);
      offsets.push(body.length);
      table = Uint32Array.from(offsets);
      this.tables.set(key, table);
    }
    return start <= end && end < table.length ? [table[start]!, table[end]!] : null;
  }
}

/** Orders tags so that every parent comes before its children, refusing cycles. */
function parentsFirst(tags: BackupTag[], name: string): BackupTag[] {
  const byId = new Map(tags.map((t) => [t.id, t]));
  const done = new Set<number>();
  const out: BackupTag[] = [];
  const visit = (t: BackupTag, path: Set<number>) => {
    if (done.has(t.id)) return;
    if (path.has(t.id)) bad(name, `tag ${t.id} is its own ancestor`);
    path.add(t.id);
    if (t.parentId !== null) visit(byId.get(t.parentId)!, path);
    done.add(t.id);
    out.push(t);
  };
  tags.forEach((t) => visit(t, new Set()));
  return out;
}

/** Where a quote goes: UTF-16 offsets, the text and context there, and how it is anchored. */
type Placement = BackupAnchor;

/** A quote restored with its article: exactly as the backup has it. */
function placeInBackup(texts: RevisionTexts, q: Backup['quotes'][number]): Placement {
  const [start, end] = texts.range(q.articleId, baseRevision(q, q.anchors), q.start, q.end)!;
  return { start, end, exact: q.exact, prefix: q.prefix, suffix: q.suffix, status: q.status, similarity: q.similarity, revision: q.revision };
}

/**
 * A quote merged onto an article the library already has: in place when the text it was
 * made on is the article's current text, else re-anchored by its selectors, else orphaned.
 */
function placeOnExisting(texts: RevisionTexts, q: Backup['quotes'][number], article: { body: string; revision: number }): Placement {
  const own = placeInBackup(texts, q);
  if (texts.body(q.articleId, baseRevision(q, q.anchors)) === article.body) {
    return q.status === 'orphaned' ? { ...own, status: 'exact', similarity: 1, revision: article.revision } : { ...own, revision: article.revision };
  }
  const range = anchorSelectors(
    article.body,
    { quote: { exact: q.exact, prefix: q.prefix, suffix: q.suffix }, position: { start: q.start, end: q.end } },
    true,
  );
  if (!range) return { ...own, status: 'orphaned', similarity: 0, revision: article.revision };
  return {
    ...range,
    exact: article.body.slice(range.start, range.end),
    prefix: lastCodePoints(article.body.slice(0, range.start), QUOTE_CONTEXT_CHARS),
    suffix: firstCodePoints(article.body.slice(range.end), QUOTE_CONTEXT_CHARS),
    status: 'moved',
    similarity: 1,
    revision: article.revision,
  };
}

/**
 * Brings a backup into the library. Into an empty library it is a restore: every id,
 * uuid, timestamp, revision and anchor is kept. Otherwise it merges: rows already
 * present (same uuid; an article with the same text in any revision; a tag with the
 * same name under the same parent; a quote on the same range with the same comment)
 * are reused, new ones added, quotes re-anchored onto articles whose text moved on,
 * and references (including quote embeds in notes) remapped to the ids they get.
 */
export function importBackup(lib: Library, name: string, json: unknown, report: ImportReport, progress?: ImportProgress): void {
  const data = validateBackup(json, name);
  const phases = addThenIndex(data.quotes.length, progress);
  // Rows restored from a file are not news from others: the activity log keeps what it had.
  const before = lib.store.stmt<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM activity').get()!.seq;
  lib.searchIndex.adding((added) => {
    addBackup(lib, name, data, report, added, phases.adding);
    lib.store.stmt('DELETE FROM activity WHERE seq > ?').run(before);
  }, phases.indexing);
}

function addBackup(lib: Library, name: string, data: Backup, report: ImportReport, added: AddedRows, progress?: ImportProgress): void {
  const db = lib.store;
  const free = (table: string, rowId: number) => (db.stmt(`SELECT 1 FROM ${table} WHERE id = ?`).get(rowId) ? null : rowId);
  const byUuid = (table: string, value: string) => db.stmt<{ id: number }>(`SELECT id FROM ${table} WHERE uuid = ?`).get(value)?.id;

  const sourceIds = new Map<number, number>();
  for (const s of data.sources) {
    const existing = byUuid('sources', s.uuid);
    if (existing !== undefined) report.sources.existing++;
    else report.sources.created++;
    sourceIds.set(s.id, existing ?? lib.sources.insert(s));
  }

  const articleIds = new Map<number, number>();
  const restored = new Set<number>();
  /** Articles this file added, so that a text repeated inside it is told from one already in the library. */
  const newArticles = new Set<number>();
  for (const a of data.articles) {
    const hash = contentHash(a.body);
    const sameText = (h: string) =>
      db
        .stmt<{ id: number }>(
          `SELECT a.id FROM article_revisions r JOIN articles a ON a.id = r.article_id WHERE r.content_hash = ?
           ORDER BY a.revision = r.revision DESC LIMIT 1`,
        )
        .get(h)?.id;
    const existing =
      byUuid('articles', a.uuid) ?? [a.body, ...a.history.map((r) => r.body).reverse()].map((b) => sameText(contentHash(b))).find((x) => x !== undefined);
    if (existing !== undefined) {
      articleIds.set(a.id, existing);
      if (a.deletedAt === null)
        report.articles.push({ article: lib.articles.summary(existing), created: false, ...(newArticles.has(existing) ? { repeated: true as const } : {}) });
      continue;
    }
    const newId = Number(
      db
        .stmt(
          `INSERT INTO articles (id, uuid, title, body, revision, lang, date, source_id, content_hash, imported_at, updated_at, deleted_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          free('articles', a.id),
          a.uuid,
          a.title,
          a.body,
          a.revision,
          a.lang,
          a.date,
          a.sourceId === null ? null : sourceIds.get(a.sourceId)!,
          hash,
          a.importedAt,
          a.updatedAt,
          a.deletedAt,
        ).lastInsertRowid,
    );
    for (const r of a.history) {
      db.stmt('INSERT INTO article_revisions (article_id, revision, title, body, date, content_hash, imported_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
        newId,
        r.revision,
        r.title,
        r.body,
        r.date,
        contentHash(r.body),
        r.importedAt,
      );
    }
    articleIds.set(a.id, newId);
    added.articles.push(newId);
    newArticles.add(newId);
    restored.add(a.id);
    if (a.deletedAt === null) report.articles.push({ article: lib.articles.summary(newId), created: true });
  }

  const tagIds = new Map<number, number>();
  for (const t of parentsFirst(data.tags, name)) {
    const parent = t.parentId === null ? null : tagIds.get(t.parentId)!;
    const existing =
      byUuid('tags', t.uuid) ??
      db.stmt<{ id: number }>('SELECT id FROM tags WHERE coalesce(parent_id, 0) = coalesce(?, 0) AND lower(name) = lower(?)').get(parent, t.name)?.id;
    tagIds.set(
      t.id,
      existing ??
        Number(
          db
            .stmt('INSERT INTO tags (id, uuid, name, parent_id, color, created_at) VALUES (?, ?, ?, ?, ?, ?)')
            .run(free('tags', t.id), t.uuid, t.name, parent, t.color, t.createdAt).lastInsertRowid,
        ),
    );
  }

  const quoteIds = new Map<number, number>();
  /** Quotes this import added or matched: none stands for a second quote of the backup. */
  const taken = new Set<number>();
  const texts = new RevisionTexts(data.articles);
  const bodies = new Map<number, { body: string; revision: number }>();
  const current = (articleId: number) => {
    if (!bodies.has(articleId))
      bodies.set(articleId, db.stmt<{ body: string; revision: number }>('SELECT body, revision FROM articles WHERE id = ?').get(articleId)!);
    return bodies.get(articleId)!;
  };
  for (const [i, q] of data.quotes.entries()) {
    if (i % PROGRESS_EVERY === 0) progress?.(i, data.quotes.length);
    const articleId = articleIds.get(q.articleId)!;
    const fresh = restored.has(q.articleId);
    const place = fresh ? placeInBackup(texts, q) : placeOnExisting(texts, q, current(articleId));
    // A quote of another library counts as present when one on the same range with the same
    // comment was there before this import, each such quote standing for one of the backup's;
    // quotes of the backup itself are never merged with each other.
    const existing =
      byUuid('quotes', q.uuid) ??
      (fresh
        ? undefined
        : db
            .stmt<{ id: number }>('SELECT id FROM quotes WHERE article_id = ? AND start = ? AND "end" = ? AND comment = ?')
            .all(articleId, place.start, place.end, q.comment)
            .find((row) => !taken.has(row.id))?.id);
    if (existing !== undefined) {
      quoteIds.set(q.id, existing);
      taken.add(existing);
      report.quotes.existing++;
      continue;
    }
    const newId = Number(
      db
        .stmt(
          `INSERT INTO quotes (id, uuid, article_id, exact, prefix, suffix, start, "end", comment, color, status, similarity, reviewed_at,
             created_at, updated_at, deleted_at, author_id, author_name, comment_by_id, comment_by_name)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          free('quotes', q.id),
          q.uuid,
          articleId,
          place.exact,
          place.prefix,
          place.suffix,
          place.start,
          place.end,
          q.comment,
          q.color,
          place.status,
          place.similarity,
          q.reviewedAt,
          q.createdAt,
          q.updatedAt,
          q.deletedAt,
          q.authorId ?? '',
          q.authorName ?? '',
          q.commentById ?? '',
          q.commentByName ?? '',
        ).lastInsertRowid,
    );
    db.stmt('UPDATE quotes SET revision = ? WHERE id = ?').run(place.revision, newId);
    for (const t of q.tagIds) {
      const [byId, byName] = q.tagBy?.[String(t)] ?? ['', ''];
      db.stmt('INSERT OR IGNORE INTO quote_tags (quote_id, tag_id, author_id, author_name) VALUES (?, ?, ?, ?)').run(newId, tagIds.get(t)!, byId, byName);
    }
    if (fresh) {
      for (const anchor of q.anchors) {
        const [start, end] = texts.range(q.articleId, baseRevision(anchor, q.anchors), anchor.start, anchor.end)!;
        db.stmt(
          `INSERT INTO quote_anchors (quote_id, revision, exact, prefix, suffix, start, "end", status, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        ).run(newId, anchor.revision, anchor.exact, anchor.prefix, anchor.suffix, start, end, anchor.status, anchor.similarity);
      }
    }
    quoteIds.set(q.id, newId);
    taken.add(newId);
    added.quotes.push(newId);
    report.quotes.created++;
  }
  progress?.(data.quotes.length, data.quotes.length);

  for (const n of data.notes) {
    if (byUuid('notes', n.uuid) !== undefined) {
      report.notes.existing++;
      continue;
    }
    const doc = remapQuoteIds(n.doc as unknown as DocNode, (old) => quoteIds.get(old) ?? old);
    added.notes.push(lib.notes.insert({ ...n, doc }));
    report.notes.created++;
  }
}
