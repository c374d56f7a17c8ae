import type { ArticleSummary, StatusCounts } from '../model';

/** The formats `import` recognises, by content. */
export type ImportFormat = 'apostil' | 'w3c' | 'csl-json' | 'bibtex' | 'ris' | 'html' | 'docx' | 'text' | 'markdown';

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
  /** Articles the file brought, new or already present; `revision` when it was a new version of one. */
  articles: { article: ArticleSummary; created: boolean; revision?: { revision: number; counts: StatusCounts } }[];
  sources: { created: number; existing: number; linked: number };
  tags: { created: number };
  quotes: { created: number; existing: number; unmatched: Unmatched[] };
  notes: { created: number; existing: number };
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
