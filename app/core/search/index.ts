import type Database from 'better-sqlite3';
import { performance } from 'node:perf_hooks';
import type { Store } from '../store';
import { foldTable } from './fold-table';
import { fold } from './normalize';
import { pairText, shadowText } from './tokenize';
import type { SearchKind } from './types';

/**
 * The search index lives in SQLite (migrations/0002_search.sql): FTS5 tables over
 * shadow text, filled by triggers and by the `*_fts_source` views. This module
 * provides the SQL functions those need and rebuilds the index when its format changes.
 */

/** Bumped whenever the shadow text or the views change, so existing indexes are rebuilt. */
const SHADOW_FORMAT = 2;
/** The settings key that records which index format the database holds. */
export const INDEX_SETTING = 'search_index';

/** Marks meta tokens; no search term contains it, so text queries never match a filter token. */
const META = '\ue001';

/** Tokens of the `meta` column (written by the views), through which filters become index lookups. */
export const meta = {
  all: `${META}all`,
  article: (id: number) => `${META}a${id}`,
  tag: (id: number) => `${META}t${id}`,
  note: (id: number) => `${META}n${id}`,
};

/** The last texts folded, so that the token and pair columns of one text fold it once. */
const recent: { text: string; folded: string }[] = [];

function foldOnce(text: string): string {
  const hit = recent.find((r) => r.text === text);
  if (hit) return hit.folded;
  const folded = fold(text);
  recent.unshift({ text, folded });
  recent.length = Math.min(recent.length, 2);
  return folded;
}

/** What FTS5 stores for a piece of text: folded, tokenized, space-separated. */
export function shadow(text: string): string {
  return shadowText(foldOnce(text));
}

/** What FTS5 stores in the pair columns: adjacent CJK characters two by two. */
export function pairs(text: string): string {
  return pairText(foldOnce(text));
}

/**
 * Registers `apostil_shadow(text)` and `apostil_pairs(text)` (used by the index
 * triggers and views) and `apostil_fold(text)` on a connection; every connection that
 * writes must have them.
 */
export function registerSearchFunctions(db: Database.Database): void {
  const text = (make: (s: string) => string) => (s: unknown) => (typeof s === 'string' ? make(s) : '');
  db.function('apostil_shadow', { deterministic: true }, text(shadow));
  db.function('apostil_pairs', { deterministic: true }, text(pairs));
  db.function('apostil_fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? fold(s) : null));
}

/** The format of the index this version writes: shadow format plus fold-table fingerprint. */
export function indexVersion(): string {
  return `${SHADOW_FORMAT}-${foldTable().fingerprint}`;
}

/** How many rows of each kind a rebuild indexed, and how long each kind took. */
export interface RebuildReport {
  quotes: number;
  articles: number;
  notes: number;
  ms: Record<SearchKind, number>;
}

/** Ids of the rows a write added, per kind, for {@link SearchIndex.adding} to index. */
export type AddedRows = Record<SearchKind, number[]>;

/** Ids of the rows a write added and of those it changed or removed, per kind, for {@link SearchIndex.rewriting}. */
export interface RewrittenRows {
  added: AddedRows;
  changed: AddedRows;
}

const TABLES = [
  { kind: 'quotes', fts: 'quotes_fts', columns: 'exact, comment, exact_pairs, comment_pairs, meta' },
  { kind: 'articles', fts: 'articles_fts', columns: 'title, body, meta' },
  { kind: 'notes', fts: 'notes_fts', columns: 'title, text, meta' },
] as const;

const AUTOMERGE = 4;
/** Rows indexed per statement by {@link SearchIndex.adding}, between two progress reports. */
const INDEX_BATCH = 2000;

/**
 * Rebuilds and checks the search index of one database. Triggers already keep it
 * current on every write; the per-row methods re-index a row explicitly and are
 * harmless to call inside any write transaction.
 */
export class SearchIndex {
  constructor(private readonly store: Store) {}

  private refresh(table: (typeof TABLES)[number], id: number): void {
    const { fts, columns } = table;
    this.store.stmt(`DELETE FROM ${fts} WHERE rowid = ?`).run(id);
    this.store.stmt(`INSERT INTO ${fts} (rowid, ${columns}) SELECT id, ${columns} FROM ${fts}_source WHERE id = ?`).run(id);
  }

  /** Re-indexes one quote from its row (dropping it when it is in the trash or gone). */
  quote(id: number): void {
    this.refresh(TABLES[0], id);
  }

  /** Re-indexes one article from its row. */
  article(id: number): void {
    this.refresh(TABLES[1], id);
  }

  /** Re-indexes one note from its row. */
  note(id: number): void {
    this.refresh(TABLES[2], id);
  }

  /** Marks the index stale: the triggers stand still until the next {@link rebuild}. */
  suspend(): void {
    this.store.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(INDEX_SETTING, 'stale');
  }

  /**
   * Runs a large write (an import of thousands of rows) with the triggers standing
   * still, then rebuilds the index once, all in one transaction: faster than
   * indexing row by row.
   */
  bulk<T>(write: () => T): T {
    return this.store.tx(() => {
      this.suspend();
      const result = write();
      this.rebuild();
      return result;
    });
  }

  /**
   * Runs a write that adds many rows (an import) with the triggers standing still, then
   * indexes once each row it reported in `added`, all in one transaction: a quote with
   * tags is indexed once instead of once per tag. The write must only add rows, not
   * change existing ones. When the index is already stale it stays so, for a rebuild.
   * `progress` hears how many of the added rows are indexed, batch by batch.
   */
  adding<T>(write: (added: AddedRows) => T, progress?: (done: number, total: number) => void): T {
    return this.store.tx(() => {
      const added: AddedRows = { quotes: [], articles: [], notes: [] };
      const state = this.store.stmt<{ value: string }>('SELECT value FROM settings WHERE key = ?').get(INDEX_SETTING)?.value;
      if (state === 'stale') return write(added);
      this.suspend();
      const result = write(added);
      const total = added.quotes.length + added.articles.length + added.notes.length;
      let done = 0;
      for (const { kind, fts, columns } of TABLES) {
        const insert = this.store.stmt(
          `INSERT INTO ${fts} (rowid, ${columns}) SELECT id, ${columns} FROM ${fts}_source WHERE id IN (SELECT value FROM json_each(?))`,
        );
        for (let i = 0; i < added[kind].length; i += INDEX_BATCH) {
          const batch = added[kind].slice(i, i + INDEX_BATCH);
          insert.run(JSON.stringify(batch));
          done += batch.length;
          progress?.(done, total);
        }
      }
      if (state === undefined) this.store.stmt('DELETE FROM settings WHERE key = ?').run(INDEX_SETTING);
      else this.store.stmt('UPDATE settings SET value = ? WHERE key = ?').run(state, INDEX_SETTING);
      return result;
    });
  }

  /**
   * Runs a write that adds, changes or removes rows (a sync projecting thousands of
   * quotes) with the triggers standing still, then re-indexes once each row it reported:
   * `added` rows are indexed, `changed` rows (edited, re-tagged, trashed or deleted) are
   * dropped from the index and indexed again from their source view, all in the caller's
   * transaction. A row changed several times is indexed once. When the index is already
   * stale it stays so, for a rebuild.
   */
  rewriting<T>(write: (rows: RewrittenRows) => T): T {
    return this.store.tx(() => {
      const rows: RewrittenRows = { added: { quotes: [], articles: [], notes: [] }, changed: { quotes: [], articles: [], notes: [] } };
      const state = this.store.stmt<{ value: string }>('SELECT value FROM settings WHERE key = ?').get(INDEX_SETTING)?.value;
      if (state === 'stale') return write(rows);
      this.suspend();
      const result = write(rows);
      for (const { kind, fts, columns } of TABLES) {
        const added = new Set(rows.added[kind]);
        const changed = [...new Set(rows.changed[kind])].filter((id) => !added.has(id));
        const drop = this.store.stmt(`DELETE FROM ${fts} WHERE rowid IN (SELECT value FROM json_each(?))`);
        const insert = this.store.stmt(
          `INSERT INTO ${fts} (rowid, ${columns}) SELECT id, ${columns} FROM ${fts}_source WHERE id IN (SELECT value FROM json_each(?))`,
        );
        for (let i = 0; i < changed.length; i += INDEX_BATCH) drop.run(JSON.stringify(changed.slice(i, i + INDEX_BATCH)));
        const all = [...added, ...changed];
        for (let i = 0; i < all.length; i += INDEX_BATCH) insert.run(JSON.stringify(all.slice(i, i + INDEX_BATCH)));
      }
      if (state === undefined) this.store.stmt('DELETE FROM settings WHERE key = ?').run(INDEX_SETTING);
      else this.store.stmt('UPDATE settings SET value = ? WHERE key = ?').run(state, INDEX_SETTING);
      return result;
    });
  }

  /** Rebuilds every index from its source view in one transaction, and records the format. */
  rebuild(): RebuildReport {
    return this.store.tx(() => {
      const report: RebuildReport = { quotes: 0, articles: 0, notes: 0, ms: { quotes: 0, articles: 0, notes: 0 } };
      for (const { kind, fts, columns } of TABLES) {
        const start = performance.now();
        const run = (sql: string) => this.store.db.prepare(sql).run();
        run(`INSERT INTO ${fts} (${fts}) VALUES ('delete-all')`);
        run(`INSERT INTO ${fts} (${fts}, rank) VALUES ('automerge', 0)`);
        report[kind] = run(`INSERT INTO ${fts} (rowid, ${columns}) SELECT id, ${columns} FROM ${fts}_source`).changes;
        run(`INSERT INTO ${fts} (${fts}) VALUES ('optimize')`);
        run(`INSERT INTO ${fts} (${fts}, rank) VALUES ('automerge', ${AUTOMERGE})`);
        report.ms[kind] = Math.round(performance.now() - start);
      }
      this.store
        .stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
        .run(INDEX_SETTING, indexVersion());
      return report;
    });
  }

  /** True when the database holds an index in this version's format. */
  isCurrent(): boolean {
    return this.store.stmt<{ value: string }>('SELECT value FROM settings WHERE key = ?').get(INDEX_SETTING)?.value === indexVersion();
  }

  /**
   * Rebuilds the index when a migration marked it stale or it was written in another
   * format; does nothing on a schema without search tables (a migrations subset).
   */
  ensureCurrent(): RebuildReport | undefined {
    const hasIndex = this.store.stmt("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'quotes_fts'").get();
    return !hasIndex || this.isCurrent() ? undefined : this.rebuild();
  }
}
