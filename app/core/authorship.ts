import type { Store } from './store';

/** SQL for this library's person id (settings.person_id, made by migration 0009), '' when missing. */
export const MY_ID_SQL = "coalesce((SELECT value FROM settings WHERE key = 'person_id'), '')";
/** SQL for the display name given at `sync connect` (settings.person_name), '' until then. */
export const MY_NAME_SQL = "coalesce((SELECT value FROM settings WHERE key = 'person_name'), '')";

/** Who made something: a stable person id and the display name it had then. */
export interface Person {
  id: string;
  name: string;
}

/**
 * Gives `name` to every row this person (`me`) made before a display name was known:
 * quotes, comments, tag links, tag edits and note edits. Rows of other people and rows
 * already named are left as they are.
 */
export function nameMyRows(store: Store, me: string, name: string): void {
  if (!me || !name) return;
  store.tx(() => {
    store.stmt("UPDATE quotes SET author_name = ? WHERE author_id = ? AND author_name = ''").run(name, me);
    store.stmt("UPDATE quotes SET comment_by_name = ? WHERE comment_by_id = ? AND comment_by_name = ''").run(name, me);
    store.stmt("UPDATE quote_tags SET author_name = ? WHERE author_id = ? AND author_name = ''").run(name, me);
    store.stmt("UPDATE tags SET editor_name = ? WHERE editor_id = ? AND editor_name = ''").run(name, me);
    store.stmt("UPDATE notes SET editor_name = ? WHERE editor_id = ? AND editor_name = ''").run(name, me);
  });
}

/** The display names of everyone who made a live quote, most quotes first (for the author filters). */
export function quoteAuthors(store: Store): { name: string; quotes: number }[] {
  return store
    .stmt<{
      name: string;
      quotes: number;
    }>(
      "SELECT author_name AS name, count(*) AS quotes FROM quotes WHERE author_name <> '' AND deleted_at IS NULL GROUP BY author_name COLLATE NOCASE ORDER BY quotes DESC, name",
    )
    .all();
}
