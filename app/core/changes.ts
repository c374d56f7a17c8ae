import type { Store } from './store';

/** The kinds of rows the change log names. */
export type ChangeKind = 'article' | 'quote' | 'tag' | 'note' | 'source';

/** One entry of the change log: row `id` of `kind` was written (`put`) or removed for good (`delete`). */
export interface Change {
  seq: number;
  kind: ChangeKind;
  id: number;
  op: 'put' | 'delete';
}

/** A slice of the change log after a cursor. */
export interface ChangeBatch {
  changes: Change[];
  /** Pass this as `after` next time. */
  cursor: number;
  /** True when more changes follow; ask again at once. */
  more: boolean;
  /** True when the log no longer reaches back to `after`: reload what is shown. */
  reset: boolean;
}

/** Most changes one call returns. */
export const MAX_CHANGES_PER_CALL = 1000;

/**
 * Reads the change log that triggers append to in every write's transaction (migration
 * 0005), so any window, the import worker or sync learns which rows to refetch.
 */
export class Changes {
  constructor(private readonly store: Store) {}

  /** The newest sequence number written so far (0 for a library that never changed). */
  cursor(): number {
    return this.store.stmt<{ seq: number }>("SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'changes'), 0) AS seq").get()!.seq;
  }

  /**
   * Changes after `after`, oldest first, one entry per row (the last write wins). Without
   * `after`, no changes and the current cursor, for a reader that starts now.
   */
  since(after?: number): ChangeBatch {
    const latest = this.cursor();
    if (after === undefined || after >= latest) return { changes: [], cursor: latest, more: false, reset: after !== undefined && after > latest };
    const oldest = this.store.stmt<{ seq: number | null }>('SELECT min(seq) AS seq FROM changes').get()!.seq;
    if (oldest === null || oldest > after + 1) return { changes: [], cursor: latest, more: false, reset: true };
    const rows = this.store.stmt<Change>('SELECT seq, kind, id, op FROM changes WHERE seq > ? ORDER BY seq LIMIT ?').all(after, MAX_CHANGES_PER_CALL);
    const last = new Map<string, Change>();
    for (const r of rows) {
      const key = `${r.kind}:${r.id}`;
      last.delete(key);
      last.set(key, r);
    }
    const cursor = rows.length ? rows[rows.length - 1]!.seq : latest;
    return { changes: [...last.values()], cursor, more: cursor < latest, reset: false };
  }
}
