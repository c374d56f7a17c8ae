import type { CslItem } from '../cslItem';
import type { DocNode } from '../notes';
import type { Library } from '../library';
import { codePointLength, utf16ToCodePoint } from '../text';
import type { ExportFormat } from './format';
import { batches, quoteRecords } from './rows';

/** Identifies an Apostil backup file. */
export const BACKUP_FORMAT = 'apostil-backup';
/** The backup format version this Apostil writes and reads. */
export const BACKUP_VERSION = 1;

/** A source in a backup. */
export interface BackupSource {
  id: number;
  uuid: string;
  /** Its CSL item, whose `citation-key` (and `id`) is the source's citation key. */
  csl: CslItem;
  createdAt: string;
  updatedAt: string;
}

/** How a quote is anchored in a revision of its article's text. */
export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphaned';

/** An earlier version of an article's text. */
export interface BackupRevision {
  revision: number;
  title: string;
  body: string;
  date: string | null;
  importedAt: string;
}

/** An article in a backup, with its current text and its earlier revisions. */
export interface BackupArticle {
  id: number;
  uuid: string;
  title: string;
  /** The text of revision `revision`, the current one. */
  body: string;
  revision: number;
  /** Earlier revisions, oldest first. */
  history: BackupRevision[];
  lang: string | null;
  date: string | null;
  sourceId: number | null;
  importedAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A tag in a backup; `parentId` refers to another tag of the same file. */
export interface BackupTag {
  id: number;
  uuid: string;
  name: string;
  parentId: number | null;
  color: string | null;
  createdAt: string;
}

/** Where a quote was anchored in one revision; offsets as in {@link BackupQuote}. */
export interface BackupAnchor {
  revision: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  status: AnchorStatus;
  similarity: number;
}

/**
 * A quote in a backup. `start`/`end` count Unicode code points of the text of revision
 * `revision`; an orphaned quote (and anchor) keeps the offsets it had in the last
 * revision where it was anchored, see {@link baseRevision}.
 */
export interface BackupQuote {
  id: number;
  uuid: string;
  articleId: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  comment: string;
  color: string | null;
  tagIds: number[];
  revision: number;
  status: AnchorStatus;
  similarity: number;
  reviewedAt: string | null;
  /** Who made the quote (person id and display name; empty when it was never said). */
  authorId: string;
  authorName: string;
  /** Who last wrote the comment (present only when known). */
  commentById?: string;
  commentByName?: string;
  /** Who made each tag link, by tag id: `[personId, displayName]` (present only when any is known). */
  tagBy?: Record<string, [string, string]>;
  /** The quote's anchor in each revision it has been through, oldest first. */
  anchors: BackupAnchor[];
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A note in a backup; quote embeds refer to quote ids of the same file. */
export interface BackupNote {
  id: number;
  uuid: string;
  title: string;
  doc: DocNode;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** The whole backup document. */
export interface Backup {
  format: typeof BACKUP_FORMAT;
  version: number;
  offsets: 'codepoints';
  sources: BackupSource[];
  articles: BackupArticle[];
  tags: BackupTag[];
  quotes: BackupQuote[];
  notes: BackupNote[];
}

/**
 * The revision whose text an anchor's offsets index: its own, unless it is orphaned,
 * in which case that of the latest earlier anchor that was not (an orphaned quote
 * keeps the place it last had).
 */
export function baseRevision(entry: { revision: number; status: AnchorStatus }, anchors: { revision: number; status: AnchorStatus }[]): number {
  if (entry.status !== 'orphaned') return entry.revision;
  const anchored = anchors.filter((a) => a.status !== 'orphaned' && a.revision <= entry.revision).sort((a, b) => b.revision - a.revision)[0];
  return anchored?.revision ?? entry.revision;
}

/** Code-point offsets into any revision of any article, reading each text once while it is in use. */
function revisionOffsets(lib: Library) {
  const text = lib.store.stmt<{ body: string }>('SELECT body FROM article_revisions WHERE article_id = ? AND revision = ?');
  const cache = new Map<string, string>();
  return (articleId: number, revision: number, offset: number): number => {
    const key = `${articleId}:${revision}`;
    let body = cache.get(key);
    if (body === undefined) {
      if (cache.size > 16) cache.clear();
      body = text.get(articleId, revision)?.body ?? '';
      cache.set(key, body);
    }
    return utf16ToCodePoint(body, offset);
  };
}

type AnchorRow = BackupAnchor;

interface ArticleRow {
  id: number;
  revision: number;
  uuid: string;
  title: string;
  body: string;
  lang: string | null;
  date: string | null;
  source_id: number | null;
  imported_at: string;
  updated_at: string;
  deleted_at: string | null;
}

/**
 * Apostil JSON: the complete, versioned, lossless backup (articles with their text,
 * sources, the tag tree with colours, quotes with tags, notes, trash state, ids and
 * timestamps). Written one record per line and streamed; quotes in article and text order.
 */
export const backup: ExportFormat = {
  extension: 'json',
  mime: 'application/json',
  trash: true,
  run(ctx) {
    const { lib, selection, write } = ctx;
    const inIds = 'WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id';
    const list = <T>(key: keyof Backup, items: Iterable<T>, last = false) => {
      write(`"${key}":[`);
      let first = true;
      for (const item of items) {
        write(`${first ? '\n' : ',\n'}${JSON.stringify(item)}`);
        first = false;
      }
      write(`${first ? '' : '\n'}]${last ? '' : ',\n'}`);
    };
    write(`{"format":"${BACKUP_FORMAT}","version":${BACKUP_VERSION},"offsets":"codepoints",\n`);

    const sourceIds =
      selection.scope.kind === 'all'
        ? lib.store.db
            .prepare<[], { id: number }>('SELECT id FROM sources ORDER BY id')
            .all()
            .map((r) => r.id)
        : lib.store.db
            .prepare<[string], { id: number }>(
              `SELECT DISTINCT source_id AS id FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND source_id IS NOT NULL ORDER BY source_id`,
            )
            .all(JSON.stringify(selection.articleIds))
            .map((r) => r.id);
    list<BackupSource>(
      'sources',
      sourceIds.map((id) => {
        const s = lib.sources.byId(id);
        return { id: s.id, uuid: s.uuid, csl: { ...s.csl, 'citation-key': s.citationKey }, createdAt: s.createdAt, updatedAt: s.updatedAt };
      }),
    );

    const articleRow = lib.store.stmt<ArticleRow>('SELECT * FROM articles WHERE id = ?');
    const history = lib.store.stmt<{ revision: number; title: string; body: string; date: string | null; imported_at: string }>(
      'SELECT revision, title, body, date, imported_at FROM article_revisions WHERE article_id = ? AND revision != ? ORDER BY revision',
    );
    list<BackupArticle>(
      'articles',
      (function* () {
        for (const id of selection.articleIds) {
          const a = articleRow.get(id)!;
          yield {
            id: a.id,
            uuid: a.uuid,
            title: a.title,
            body: a.body,
            revision: a.revision,
            history: history
              .all(a.id, a.revision)
              .map((r) => ({ revision: r.revision, title: r.title, body: r.body, date: r.date, importedAt: r.imported_at })),
            lang: a.lang,
            date: a.date,
            sourceId: a.source_id,
            importedAt: a.imported_at,
            updatedAt: a.updated_at,
            deletedAt: a.deleted_at,
          };
        }
      })(),
    );

    list<BackupTag>(
      'tags',
      lib.store.db
        .prepare<[], { id: number; uuid: string; name: string; parent_id: number | null; color: string | null; created_at: string }>(
          'SELECT * FROM tags ORDER BY id',
        )
        .all()
        .map((t) => ({ id: t.id, uuid: t.uuid, name: t.name, parentId: t.parent_id, color: t.color, createdAt: t.created_at })),
    );

    const anchorRows = lib.store.stmt<AnchorRow>(
      'SELECT revision, exact, prefix, suffix, start, "end", status, similarity FROM quote_anchors WHERE quote_id = ? ORDER BY revision',
    );
    const authorOf = lib.store.stmt<{ author_id: string; author_name: string; comment_by_id: string; comment_by_name: string; tag_by: string | null }>(
      `SELECT author_id, author_name, comment_by_id, comment_by_name,
              (SELECT json_group_object(tag_id, json_array(author_id, author_name)) FROM quote_tags WHERE quote_id = q.id AND author_id <> '') AS tag_by
         FROM quotes q WHERE id = ?`,
    );
    const offset = revisionOffsets(lib);
    list<BackupQuote>(
      'quotes',
      (function* () {
        for (const q of quoteRecords(lib, selection.quoteIds, new Map())) {
          const rows = anchorRows.all(q.id);
          const author = authorOf.get(q.id) ?? { author_id: '', author_name: '', comment_by_id: '', comment_by_name: '', tag_by: null };
          const tagBy = JSON.parse(author.tag_by ?? '{}') as Record<string, [string, string]>;
          const place = (e: AnchorRow | { revision: number; status: AnchorStatus; start: number; exact: string }, currentCp?: number) => {
            const base = baseRevision(e, rows);
            const start = currentCp ?? offset(q.articleId, base, e.start);
            return { start, end: start + codePointLength(e.exact) };
          };
          const anchors = rows.map((a) => ({ ...a, ...place(a) }));
          const current = q.status === 'orphaned' ? place(q) : place(q, q.startCp);
          yield {
            id: q.id,
            uuid: q.uuid,
            articleId: q.articleId,
            exact: q.exact,
            prefix: q.prefix,
            suffix: q.suffix,
            ...current,
            comment: q.comment,
            color: q.color,
            tagIds: q.tagIds,
            revision: q.revision,
            status: q.status,
            similarity: q.similarity,
            reviewedAt: q.reviewedAt,
            authorId: author.author_id,
            authorName: author.author_name,
            ...(author.comment_by_id ? { commentById: author.comment_by_id, commentByName: author.comment_by_name } : {}),
            ...(Object.keys(tagBy).length ? { tagBy } : {}),
            anchors,
            createdAt: q.createdAt,
            updatedAt: q.updatedAt,
            deletedAt: q.deletedAt,
          };
        }
      })(),
    );

    const noteRow = lib.store.stmt<{ id: number; uuid: string; title: string; doc: string; created_at: string; updated_at: string; deleted_at: string | null }>(
      `SELECT * FROM notes ${inIds}`,
    );
    list<BackupNote>(
      'notes',
      (function* () {
        for (const batch of batches(selection.noteIds)) {
          for (const n of noteRow.all(JSON.stringify(batch))) {
            yield {
              id: n.id,
              uuid: n.uuid,
              title: n.title,
              doc: JSON.parse(n.doc) as DocNode,
              createdAt: n.created_at,
              updatedAt: n.updated_at,
              deletedAt: n.deleted_at,
            };
          }
        }
      })(),
      true,
    );
    write('}\n');
  },
};
