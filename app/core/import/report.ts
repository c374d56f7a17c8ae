import type { ArticleSummary, StatusCounts } from '../model';
import type { WatchCheck } from '../watch';

/** The formats `import` recognises, by content. */
export type ImportFormat = 'apostil' | 'w3c' | 'csl-json' | 'bibtex' | 'ris' | 'html' | 'docx' | 'pdf' | 'text' | 'markdown';

/** An annotation that could not be placed on any article, reported instead of dropped. */
export interface Unmatched {
  /** The annotation's id in the file, when it had one. */
  id: string | null;
  exact: string;
  reason: string;
}

/** What one imported file added to the library, and what it could not place. */
export interface ImportReport {
  name: string;
  format: ImportFormat;
  /** Articles the file brought, new or already present; `revision` when it was a new version of one; `repeated` when the file held the text twice. */
  articles: { article: ArticleSummary; created: boolean; revision?: { revision: number; counts: StatusCounts }; repeated?: true }[];
  /** `existing`: already in the library before this file; `repeated`: duplicates inside the file of one it added (absent when none). */
  sources: { created: number; existing: number; linked: number; repeated?: number };
  tags: { created: number };
  /** `existing`: already in the library before this file; `repeated`: duplicates inside the file of one it added (absent when none). */
  quotes: { created: number; existing: number; unmatched: Unmatched[]; repeated?: number };
  notes: { created: number; existing: number };
  /** Articles checked for a new version, when the job was a check rather than a file. */
  checks?: WatchCheck[];
}

/** Counts one more duplicate inside the file of something it added (not counted as `existing`). */
export function countRepeated(counts: { repeated?: number }): void {
  counts.repeated = (counts.repeated ?? 0) + 1;
}

/** An empty report for a file. */
export function newReport(name: string, format: ImportFormat): ImportReport {
  return {
    name,
    format,
    articles: [],
    sources: { created: 0, existing: 0, linked: 0 },
    tags: { created: 0 },
    quotes: { created: 0, existing: 0, unmatched: [] },
    notes: { created: 0, existing: 0 },
  };
}

/** How many records an import handles between two progress reports. */
export const PROGRESS_EVERY = 500;

/**
 * Told how far an import has come: `done` of `total` records (quotes or annotations).
 * Throwing from it stops the import, which then changes nothing (it is one transaction).
 */
export type ImportProgress = (done: number, total: number) => void;

/**
 * Splits the progress of an import of `n` records into adding them and then indexing
 * them for search, which take about as long as each other: half of the bar each.
 */
export function addThenIndex(n: number, progress: ImportProgress | undefined): { adding?: ImportProgress; indexing?: ImportProgress } {
  if (!progress) return {};
  return {
    adding: (done) => progress(done, 2 * n),
    indexing: (done, total) => progress(n + Math.round((done / Math.max(total, 1)) * n), 2 * n),
  };
}
