import { ApostilError } from './errors';
import { MAX_TAG_DEPTH, MAX_TAG_NAME_CHARS } from './limits';
import type { Tag } from './model';
import type { Store } from './store';
import { nowIso } from './text';
import { newUuid } from './uid';

interface TagRow {
  id: number;
  name: string;
  parent_id: number | null;
  color: string | null;
  count: number;
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

/** The tag hierarchy: paths, lookup and creation. */
export class Tags {
  constructor(private readonly store: Store) {}

  private rows(): TagRow[] {
    return this.store
      .stmt<TagRow>(
        `SELECT t.id, t.name, t.parent_id, t.color,
           (SELECT count(*) FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id
             WHERE qt.tag_id = t.id AND q.deleted_at IS NULL) AS count
         FROM tags t`,
      )
      .all();
  }

  /** Every tag with its full path and live-quote count, sorted by path. */
  list(): Tag[] {
    const rows = this.rows();
    const byId = new Map(rows.map((r) => [r.id, r]));
    const pathOf = (r: TagRow): string => {
      const parts: string[] = [];
      for (let t: TagRow | undefined = r; t; t = t.parent_id === null ? undefined : byId.get(t.parent_id)) parts.unshift(t.name);
      return parts.join('/');
    };
    return rows
      .map((r) => ({ id: r.id, name: r.name, path: pathOf(r), parentId: r.parent_id, color: r.color, count: r.count }))
      .sort((a, b) => a.path.localeCompare(b.path));
  }

  private child(parentId: number | null, name: string): { id: number; name: string } | undefined {
    const siblings = this.store
      .stmt<{ id: number; name: string }>('SELECT id, name FROM tags WHERE parent_id IS ?')
      .all(parentId);
    return siblings.find((s) => sameName(s.name, name));
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
              this.store
                .stmt('INSERT INTO tags (uuid, name, parent_id, created_at) VALUES (?, ?, ?, ?)')
                .run(newUuid(), segment, parent, nowIso()).lastInsertRowid,
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
    const root = this.require(path);
    return this.store
      .stmt<{ id: number }>(
        `WITH RECURSIVE sub(id) AS (SELECT ? UNION ALL SELECT t.id FROM tags t JOIN sub ON t.parent_id = sub.id)
         SELECT id FROM sub`,
      )
      .all(root)
      .map((r) => r.id);
  }
}
