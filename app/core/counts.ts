import { Activity } from './activity';
import type { Store } from './store';

/** How many rows of each kind the library holds, live and in the trash. */
export interface LibraryCounts {
  quotes: { live: number; trash: number };
  notes: { live: number; trash: number };
  articles: { live: number; trash: number };
  tags: number;
  /** Entries of the activity log (what others changed) after the last-looked mark. */
  activity: number;
}

/** The library's counts, read from the counters triggers keep (migration 0005): one small read whatever the size. */
export function libraryCounts(store: Store): LibraryCounts {
  const rows = store.stmt<{ name: string; value: number }>('SELECT name, value FROM counters').all();
  const c = new Map(rows.map((r) => [r.name, r.value]));
  const n = (name: string) => c.get(name) ?? 0;
  return {
    quotes: { live: n('quotes_live'), trash: n('quotes_trash') },
    notes: { live: n('notes_live'), trash: n('notes_trash') },
    articles: { live: n('articles_live'), trash: n('articles_trash') },
    tags: n('tags'),
    activity: new Activity(store).unseen(),
  };
}
