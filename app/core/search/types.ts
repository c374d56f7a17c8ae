/**
 * Shapes of search requests and results as the api hands them out. Pure types, so
 * the renderer can import them. Offsets are UTF-16 code units.
 */

/** What can be searched. */
export type SearchKind = 'quotes' | 'articles' | 'notes';

/** Every searchable kind, in the order results are grouped. */
export const SEARCH_KINDS: readonly SearchKind[] = ['quotes', 'articles', 'notes'];

/** A passage of a hit's text with the parts that matched the query. */
export interface Snippet {
  text: string;
  /** `[start, end)` ranges of `text` that matched, in order, not overlapping. */
  highlights: [number, number][];
  /** True when text was cut before / after the passage shown. */
  cutStart: boolean;
  cutEnd: boolean;
}

/** One search result. */
export interface SearchHit {
  type: 'quote' | 'article' | 'note';
  id: number;
  /** The article a quote belongs to, the article itself, or null for a note. */
  articleId: number | null;
  /** The whole quote; the title of an article or note. */
  text: string;
  /** Which field the snippet was taken from. */
  field: 'text' | 'comment' | 'title' | 'body';
  snippet: Snippet;
  /** Tag paths of a quote, sorted; empty for articles and notes. */
  tags: string[];
  /** Where a quote sits in its article (UTF-16 offsets of the body); null otherwise. */
  start: number | null;
  end: number | null;
  /** Relevance as bm25 (lower is better); null when the hit was not ranked by text. */
  score: number | null;
}

/** The answer to a search. */
export interface SearchResult {
  /** Number of hits of every searched kind together. */
  total: number;
  /** Hits per searched kind. */
  counts: Partial<Record<SearchKind, number>>;
  /** The requested page of each kind, kinds in {@link SEARCH_KINDS} order, best first. */
  results: SearchHit[];
  /** Sentences about how the query was read (ignored operators, unknown tags …). */
  notices: string[];
}
