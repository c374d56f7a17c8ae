import type Database from 'better-sqlite3';
import type { Store } from '../store';
import { foldTable } from './fold-table';
import { fold } from './normalize';
import { shadowText } from './tokenize';
import { SEARCH_KINDS, type SearchKind } from './types';

/**
 * The search index lives in SQLite (migrations/0002_search.sql): FTS5 tables over
 * shadow text, filled by triggers and by the `*_fts_source` views. This module
 * provides the SQL functions those need and rebuilds the index when its format changes.
 */

/** Bumped whenever the shadow text or the views change, so existing indexes are rebuilt. */
const SHADOW_FORMAT = 1;
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

/** What FTS5 stores for a piece of text: folded, tokenized, space-separated. */
export function shadow(text: string): string {
  return shadowText(fold(text));
}

/**
 * Registers `apostil_shadow(text)` (used by the index triggers and views) and
 * `apostil_fold(text)` on a connection; every connection that writes must have them.
 */
export function registerSearchFunctions(db: Database.Database): void {
  db.function('apostil_shadow', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? shadow(s) : ''));
  db.function('apostil_fold', { deterministic: true }, (s: unknown) => (typeof s === 'string' ? fold(s) : null));
}

/** The format of the index this version writes: shadow format plus fold-table fingerprint. */
export function indexVersion(): string {
  return `${SHADOW_FORMAT}-${foldTable().fingerprint}`;
}

/** How many rows of each kind a rebuild indexed. */
export interface RebuildReport {
  quotes: number;
  articles: number;
  notes: number;
}

const TABLES = [
  { kind: 'quotes', fts: 'quotes_fts', columns: 'exact, comment, meta' },
  { kind: 'articles', fts: 'articles_fts', columns: 'title, body, meta' },
  { kind: 'notes', fts: 'notes_fts', columns: 'title, text, meta' },
] as const;

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

  /**
   * Rebuilds the indexes from their source views in one transaction; when all kinds
   * are rebuilt (the default) the index is recorded as current.
   */
  rebuild(kinds: readonly SearchKind[] = SEARCH_KINDS): RebuildReport {
    return this.store.tx(() => {
      const report: RebuildReport = { quotes: 0, articles: 0, notes: 0 };
      for (const { kind, fts, columns } of TABLES.filter((t) => kinds.includes(t.kind))) {
        this.store.db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('delete-all')`).run();
        report[kind] = this.store.db.prepare(`INSERT INTO ${fts} (rowid, ${columns}) SELECT id, ${columns} FROM ${fts}_source`).run().changes;
        this.store.db.prepare(`INSERT INTO ${fts} (${fts}) VALUES ('optimize')`).run();
      }
      if (SEARCH_KINDS.every((k) => kinds.includes(k))) {
        this.store
          .stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
          .run(INDEX_SETTING, indexVersion());
      }
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
