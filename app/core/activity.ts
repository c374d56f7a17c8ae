import { MY_ID_SQL } from './authorship';
import { ApostilError } from './errors';
import type { Person } from './authorship';
import type { Store } from './store';
import { tagPaths } from './tags';

/** What another person did: made a quote, wrote a comment, renamed or merged a tag, edited a note. */
export type ActivityKind = 'quote' | 'comment' | 'rename' | 'merge' | 'note';

/** One thing another person changed, with what the activity view shows of it and where it opens. */
export interface ActivityEntry {
  seq: number;
  kind: ActivityKind;
  /** When it arrived here (ISO 8601). */
  at: string;
  person: Person;
  /** The quote it opens (quote and comment entries). */
  quoteId?: number;
  /** The tag it opens (a merge: the tag kept). */
  tagPath?: string;
  /** The note it opens. */
  noteId?: number;
  /** The quote's text, the comment, or the note's title. */
  text: string;
  /** A rename: the former name; a merge: the name of the tag merged away; a quote or comment: the quote's comment. */
  detail?: string;
}

/** The entries of one article (quotes and comments), or of the library's tags or notes. */
export interface ActivityGroup {
  kind: 'article' | 'tags' | 'notes';
  /** The article (article groups). */
  articleId?: number;
  title?: string;
  entries: ActivityEntry[];
}

/** What others changed after a mark, newest first, grouped. */
export interface ActivityList {
  groups: ActivityGroup[];
  /** How many entries follow the mark (live or not); at most the log's length. */
  unseen: number;
  /** The mark the list starts after (0: the whole log). */
  after: number;
  /** The newest entry's sequence number: pass it to `markSeen` once the list has been looked at. */
  latest: number;
  /** More entries follow the mark than the list holds. */
  more: boolean;
}

/** Most entries one list returns. */
export const MAX_ACTIVITY = 500;

interface ActivityRow {
  seq: number;
  kind: ActivityKind;
  ref_id: number;
  article_id: number | null;
  person_id: string;
  person_name: string;
  detail: string;
  at: string;
}

/**
 * Records a tag that someone else merged into tag `intoId` (sync learns of merges from the
 * merged tag's entry). Changes by this library's own person are not activity.
 */
export function recordMerge(store: Store, m: { intoId: number; name: string; personId: string; personName: string }): void {
  store
    .stmt(
      `INSERT OR REPLACE INTO activity (kind, ref_id, person_id, person_name, detail, at)
       SELECT 'merge', ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') WHERE ? <> '' AND ? <> ${MY_ID_SQL}`,
    )
    .run(m.intoId, m.personId, m.personName, m.name, m.personId, m.personId);
}

/**
 * The activity log (migration 0010): what other people changed, kept by triggers as sync
 * writes their rows, and the mark up to which this person has looked at it
 * (settings.activity_seen). Every read is a range of the log's key, limited.
 */
export class Activity {
  constructor(private readonly store: Store) {}

  /** The sequence number up to which the log has been looked at. */
  mark(): number {
    const v = this.store.stmt<{ value: string }>("SELECT value FROM settings WHERE key = 'activity_seen'").get()?.value;
    return v === undefined ? 0 : Number(v) || 0;
  }

  /** How many entries follow the mark. */
  unseen(): number {
    return this.store.stmt<{ n: number }>('SELECT count(*) AS n FROM activity WHERE seq > ?').get(this.mark())!.n;
  }

  /** Moves the mark forward to `seq` (never back, never past the newest entry); returns the mark. */
  markSeen(seq: number): number {
    const newest = this.store.stmt<{ seq: number }>('SELECT coalesce(max(seq), 0) AS seq FROM activity').get()!.seq;
    if (!Number.isSafeInteger(seq) || seq < 0) throw new ApostilError('invalid_request', 'The activity mark must be a whole number.');
    const next = Math.max(this.mark(), Math.min(seq, newest));
    this.store.stmt("INSERT INTO settings (key, value) VALUES ('activity_seen', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(next));
    return next;
  }

  /**
   * What others changed after the mark (with `all`, the newest of the whole log), newest
   * first, at most `limit` entries, grouped by article (then the library's tags, then its
   * notes). Entries whose quote or note is in the trash are left out.
   */
  list(options: { limit?: number; all?: boolean } = {}): ActivityList {
    const limit = Math.min(Math.max(1, options.limit ?? 200), MAX_ACTIVITY);
    const after = options.all ? 0 : this.mark();
    const rows = this.store.stmt<ActivityRow>('SELECT * FROM activity WHERE seq > ? ORDER BY seq DESC LIMIT ?').all(after, limit + 1);
    const more = rows.length > limit;
    if (more) rows.pop();
    const unseen = this.unseen();
    const latest = rows[0]?.seq ?? after;
    const ids = (kinds: ActivityKind[]) => JSON.stringify(rows.filter((r) => kinds.includes(r.kind)).map((r) => r.ref_id));
    const quotes = new Map(
      this.store
        .stmt<{ id: number; exact: string; comment: string; article_id: number }>(
          'SELECT id, exact, comment, article_id FROM quotes WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL',
        )
        .all(ids(['quote', 'comment']))
        .map((q) => [q.id, q]),
    );
    const notes = new Map(
      this.store
        .stmt<{ id: number; title: string; text: string }>(
          'SELECT id, title, substr(text, 1, 200) AS text FROM notes WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL',
        )
        .all(ids(['note']))
        .map((n) => [n.id, n]),
    );
    const paths = tagPaths(
      this.store,
      rows.filter((r) => r.kind === 'rename' || r.kind === 'merge').map((r) => r.ref_id),
    );
    const articleIds = [...new Set([...quotes.values()].map((q) => q.article_id))];
    const titles = new Map(
      this.store
        .stmt<{ id: number; title: string }>('SELECT id, title FROM articles WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL')
        .all(JSON.stringify(articleIds))
        .map((a) => [a.id, a.title]),
    );
    const groups = new Map<string, ActivityGroup>();
    const groupOf = (key: string, make: () => ActivityGroup): ActivityGroup => {
      let g = groups.get(key);
      if (!g) groups.set(key, (g = make()));
      return g;
    };
    for (const r of rows) {
      const base = { seq: r.seq, kind: r.kind, at: r.at, person: { id: r.person_id, name: r.person_name } };
      if (r.kind === 'quote' || r.kind === 'comment') {
        const q = quotes.get(r.ref_id);
        const title = q && titles.get(q.article_id);
        if (!q || title === undefined) continue;
        const entry: ActivityEntry = { ...base, quoteId: q.id, text: q.exact };
        if (q.comment) entry.detail = q.comment;
        groupOf(`a${q.article_id}`, () => ({ kind: 'article', articleId: q.article_id, title, entries: [] })).entries.push(entry);
      } else if (r.kind === 'note') {
        const n = notes.get(r.ref_id);
        if (!n) continue;
        groupOf('notes', () => ({ kind: 'notes', entries: [] })).entries.push({ ...base, noteId: n.id, text: n.title || n.text });
      } else {
        const path = paths.get(r.ref_id);
        if (path === undefined) continue;
        groupOf('tags', () => ({ kind: 'tags', entries: [] })).entries.push({ ...base, tagPath: path, text: path, detail: r.detail });
      }
    }
    // Articles first (the one changed last on top), then the library's tags, then its notes.
    const rank = { article: 0, tags: 1, notes: 2 };
    return { groups: [...groups.values()].sort((x, y) => rank[x.kind] - rank[y.kind]), unseen, after, latest, more };
  }
}
