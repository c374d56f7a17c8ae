import { MY_ID_SQL, MY_NAME_SQL } from './authorship';
import { checkColor } from './color';
import { ApostilError, notFound } from './errors';
import { MAX_TAG_DEPTH, MAX_TAG_NAME_CHARS } from './limits';
import type { Tag } from './model';
import type { Store } from './store';
import { nowIso } from './text';
import { newUuid } from './uid';

interface TagRow {
  id: number;
  uuid: string;
  name: string;
  parent_id: number | null;
  color: string | null;
  quote_count: number;
  total_count: number;
  path: string;
}

/** Tag rows with their paths, built from the hierarchy's closure (`tag_tree`) by index. */
const TAG_SELECT = `SELECT t.id, t.uuid, t.name, t.parent_id, t.color, t.quote_count, t.total_count,
  (SELECT group_concat(a.name, '/' ORDER BY tt.depth DESC) FROM tag_tree tt JOIN tags a ON a.id = tt.ancestor_id
    WHERE tt.tag_id = t.id) AS path
  FROM tags t`;

/** Orders tags by path as `localeCompare` does, without building a collator per comparison. */
const byPath = new Intl.Collator();

function toTag(r: TagRow): Tag {
  return { id: r.id, uuid: r.uuid, name: r.name, path: r.path, parentId: r.parent_id, color: r.color, count: r.quote_count, total: r.total_count };
}

/**
 * The full paths of the given tag ids, read through the closure table: the cost follows
 * the tags asked for, not the size of the tree or the library.
 */
export function tagPaths(store: Store, tagIds: Iterable<number>): Map<number, string> {
  const ids = [...new Set(tagIds)];
  if (ids.length === 0) return new Map();
  const rows = store
    .stmt<{ id: number; path: string }>(
      `SELECT tt.tag_id AS id, group_concat(a.name, '/' ORDER BY tt.depth DESC) AS path
         FROM tag_tree tt JOIN tags a ON a.id = tt.ancestor_id
        WHERE tt.tag_id IN (SELECT value FROM json_each(?)) GROUP BY tt.tag_id`,
    )
    .all(JSON.stringify(ids));
  return new Map(rows.map((r) => [r.id, r.path]));
}

/** Splits a tag path such as `region/Korea` into clean segments, or explains why it is not one. */
export function parseTagPath(path: string): string[] {
  const segments = path.split('/').map((s) => s.replace(/\s+/g, ' ').trim());
  if (segments.some((s) => s.length === 0)) {
    throw new ApostilError('invalid_request', `"${path}" is not a tag name: use words separated by "/", like region/Korea.`);
  }
  if (segments.length > MAX_TAG_DEPTH) throw new ApostilError('invalid_request', `Tags nest at most ${MAX_TAG_DEPTH} levels deep.`);
  for (const s of segments) {
    if (s.length > MAX_TAG_NAME_CHARS) throw new ApostilError('too_large', `A tag name is limited to ${MAX_TAG_NAME_CHARS} characters.`);
  }
  return segments;
}

const sameName = (a: string, b: string) => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;

/** What deleting a tag removed: the tags of its subtree and the quotes that lost one of them. */
export interface TagDeletion {
  tags: number;
  quotes: number;
}

/**
 * The tag hierarchy: paths, lookup, creation, and management (rename, recolour,
 * move, merge, delete). Names are unique among siblings, ignoring case.
 */
export class Tags {
  constructor(private readonly store: Store) {}

  /** Every tag with its full path and live-quote counts (its own, and with the tags under it), sorted by path. */
  list(): Tag[] {
    const rows = this.store.stmt<Omit<TagRow, 'path'>>('SELECT id, uuid, name, parent_id, color, quote_count, total_count FROM tags').all();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const paths = new Map<number, string>();
    const pathOf = (r: Omit<TagRow, 'path'>): string => {
      let p = paths.get(r.id);
      if (p === undefined) {
        const parent = r.parent_id === null ? undefined : byId.get(r.parent_id);
        p = parent ? `${pathOf(parent)}/${r.name}` : r.name;
        paths.set(r.id, p);
      }
      return p;
    };
    return rows.map((r) => toTag({ ...r, path: pathOf(r) })).sort((a, b) => byPath.compare(a.path, b.path));
  }

  private children(parentId: number | null): { id: number; name: string }[] {
    return this.store.stmt<{ id: number; name: string }>('SELECT id, name FROM tags WHERE parent_id IS ?').all(parentId);
  }

  private child(parentId: number | null, name: string): { id: number; name: string } | undefined {
    return this.children(parentId).find((s) => sameName(s.name, name));
  }

  /** The id of the tag at `path`, or undefined when it does not exist. Matching ignores case. */
  find(path: string): number | undefined {
    let parent: number | null = null;
    for (const segment of parseTagPath(path)) {
      const found = this.child(parent, segment);
      if (!found) return undefined;
      parent = found.id;
    }
    return parent ?? undefined;
  }

  /** The id of the tag at `path`, creating it and any missing ancestors. */
  ensure(path: string): number {
    return this.store.tx(() => {
      let parent: number | null = null;
      for (const segment of parseTagPath(path)) {
        const found = this.child(parent, segment);
        parent = found
          ? found.id
          : Number(
              this.store.stmt('INSERT INTO tags (uuid, name, parent_id, created_at) VALUES (?, ?, ?, ?)').run(newUuid(), segment, parent, nowIso())
                .lastInsertRowid,
            );
      }
      return parent!;
    });
  }

  /** The id of an existing tag at `path`, failing with `not_found` otherwise. */
  require(path: string): number {
    const id = this.find(path);
    if (id === undefined) throw new ApostilError('not_found', `No tag named "${path}".`);
    return id;
  }

  /** The ids of the tag at `path` and all of its descendants. */
  subtree(path: string): number[] {
    return this.subtreeIds(this.require(path));
  }

  /** One tag with its path and count. */
  get(id: number): Tag {
    const row = this.store.stmt<TagRow>(`${TAG_SELECT} WHERE t.id = ?`).get(id);
    if (!row) notFound('tag', id);
    return toTag(row);
  }

  private parentOf(id: number): number | null {
    const row = this.store.stmt<{ parent_id: number | null }>('SELECT parent_id FROM tags WHERE id = ?').get(id);
    if (!row) notFound('tag', id);
    return row.parent_id;
  }

  /** Fails with `conflict` when another tag under `parentId` already has `name` (ignoring case). */
  private refuseClash(parentId: number | null, name: string, self?: number): void {
    const clash = this.children(parentId).find((s) => s.id !== self && sameName(s.name, name));
    if (!clash) return;
    const where = parentId === null ? 'at the top level' : `under "${this.get(parentId).path}"`;
    throw new ApostilError('conflict', `There is already a tag "${clash.name}" ${where}.`);
  }

  /** Levels from the root to `id` (a top-level tag is at depth 1). */
  private depth(id: number | null): number {
    let n = 0;
    for (let t = id; t !== null; t = this.parentOf(t)) n++;
    return n;
  }

  /** Levels from `id` down to its deepest descendant (a leaf has height 1). */
  private height(id: number): number {
    return this.store
      .stmt<{ h: number }>(
        `WITH RECURSIVE sub(id, h) AS (SELECT ?, 1 UNION ALL SELECT t.id, sub.h + 1 FROM tags t JOIN sub ON t.parent_id = sub.id)
         SELECT max(h) AS h FROM sub`,
      )
      .get(id)!.h;
  }

  private subtreeIds(id: number): number[] {
    return this.store
      .stmt<{ id: number }>('SELECT tag_id AS id FROM tag_tree WHERE ancestor_id = ?')
      .all(id)
      .map((r) => r.id);
  }

  /** How many live and trashed quotes carry any tag of the subtree rooted at `id`. */
  private quotesUnder(id: number): number {
    return this.store
      .stmt<{ n: number }>('SELECT count(DISTINCT qt.quote_id) AS n FROM tag_tree tt JOIN quote_tags qt ON qt.tag_id = tt.tag_id WHERE tt.ancestor_id = ?')
      .get(id)!.n;
  }

  private refuseTooDeep(parentId: number | null, subtreeRoot: number): void {
    if (this.depth(parentId) + this.height(subtreeRoot) > MAX_TAG_DEPTH) {
      throw new ApostilError('invalid_request', `Tags nest at most ${MAX_TAG_DEPTH} levels deep.`);
    }
  }

  /** Gives a tag a new name (one segment: no "/"); its children and quotes follow. */
  rename(id: number, name: string): Tag {
    const segments = parseTagPath(name);
    if (segments.length !== 1) throw new ApostilError('invalid_request', 'A tag name cannot contain "/"; use Move to nest a tag.');
    const clean = segments[0]!;
    return this.store.tx(() => {
      this.refuseClash(this.parentOf(id), clean, id);
      this.store.stmt(`UPDATE tags SET name = ?, editor_id = ${MY_ID_SQL}, editor_name = ${MY_NAME_SQL} WHERE id = ?`).run(clean, id);
      return this.get(id);
    });
  }

  /** Sets a tag's colour (`#rrggbb`), or clears it with null. */
  setColor(id: number, color: string | null): Tag {
    checkColor(color);
    this.parentOf(id);
    this.store.stmt('UPDATE tags SET color = ? WHERE id = ?').run(color, id);
    return this.get(id);
  }

  /** Puts a tag (with its subtree) under another tag, or at the top level with null; refuses cycles. */
  move(id: number, parentId: number | null): Tag {
    return this.store.tx(() => {
      if (this.parentOf(id) === parentId) return this.get(id);
      if (parentId !== null) {
        this.parentOf(parentId);
        if (this.subtreeIds(id).includes(parentId)) {
          throw new ApostilError('invalid_request', `"${this.get(id).path}" cannot move inside itself or one of its own tags.`);
        }
      }
      const { name } = this.get(id);
      this.refuseClash(parentId, name, id);
      this.refuseTooDeep(parentId, id);
      this.store.stmt(`UPDATE tags SET parent_id = ?, editor_id = ${MY_ID_SQL}, editor_name = ${MY_NAME_SQL} WHERE id = ?`).run(parentId, id);
      return this.get(id);
    });
  }

  /**
   * Folds tag `id` into tag `intoId`: its quotes gain `intoId` (keeping every other
   * tag), its children move under `intoId` (children with the same name merge in
   * turn), then `id` is removed. `intoId` keeps its colour, or takes `id`'s when it has none.
   */
  merge(id: number, intoId: number): Tag {
    if (id === intoId) throw new ApostilError('invalid_request', 'A tag cannot be merged into itself.');
    return this.store.tx(() => {
      this.parentOf(id);
      this.parentOf(intoId);
      if (this.subtreeIds(id).includes(intoId)) {
        throw new ApostilError('invalid_request', `"${this.get(id).path}" cannot be merged into one of its own tags; move that tag out first.`);
      }
      this.refuseTooDeep(this.parentOf(intoId), id);
      this.mergeRows(id, intoId);
      return this.get(intoId);
    });
  }

  private mergeRows(id: number, intoId: number): void {
    // A link moved to the kept tag keeps who made it.
    this.store
      .stmt(
        'INSERT OR IGNORE INTO quote_tags (quote_id, tag_id, author_id, author_name) SELECT quote_id, ?, author_id, author_name FROM quote_tags WHERE tag_id = ?',
      )
      .run(intoId, id);
    this.store.stmt('UPDATE tags SET color = coalesce(color, (SELECT color FROM tags WHERE id = ?)) WHERE id = ?').run(id, intoId);
    for (const c of this.children(id)) {
      const same = this.child(intoId, c.name);
      if (same) this.mergeRows(c.id, same.id);
      else this.store.stmt('UPDATE tags SET parent_id = ? WHERE id = ?').run(intoId, c.id);
    }
    // While connected, sync tells the other devices which tag this one went into, and who merged it.
    this.store
      .stmt(
        `INSERT OR REPLACE INTO tag_merges (uuid, into_uuid, person_id, person_name)
         SELECT t.uuid, i.uuid, ${MY_ID_SQL}, ${MY_NAME_SQL} FROM tags t, tags i
          WHERE t.id = ? AND i.id = ? AND EXISTS (SELECT 1 FROM sync_config WHERE key = 'server')`,
      )
      .run(id, intoId);
    this.store.stmt('DELETE FROM tags WHERE id = ?').run(id);
  }

  /**
   * Deletes a tag and every tag under it. Quotes stay, with their other tags; they
   * only lose the links to the deleted tags.
   */
  delete(id: number): TagDeletion {
    return this.store.tx(() => {
      this.parentOf(id);
      const tags = this.subtreeIds(id).length;
      const quotes = this.quotesUnder(id);
      this.store.stmt('DELETE FROM tags WHERE id = ?').run(id);
      return { tags, quotes };
    });
  }
}
