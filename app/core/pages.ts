import type { Store } from './store';

/**
 * Pages of articles read from PDFs. Where each page starts in a revision's text is kept
 * in `revision_pages` (migration 0008); a quote's pages follow from its offsets in the
 * revision they refer to. Articles from anywhere else have no pages.
 */

/** The pages a passage covers: `first` = `last` when it lies on one page. */
export interface PageSpan {
  first: number;
  last: number;
}

/** The page (1-based) on which a UTF-16 offset of a PDF article's text lies, given where pages 1, 2, … start. */
export function pageAt(pageStarts: readonly number[], offset: number): number {
  let lo = 0;
  let hi = pageStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (pageStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo + 1;
}

/** The pages the text `[start, end)` covers; its last page is the one of its last character. */
export function pageSpan(pageStarts: readonly number[], start: number, end: number): PageSpan {
  return { first: pageAt(pageStarts, start), last: pageAt(pageStarts, Math.max(start, end - 1)) };
}

/** A page span as a locator's value: `12`, or `12–13` (an en dash) across a page break. */
export function pageRangeText(span: PageSpan): string {
  return span.first === span.last ? String(span.first) : `${span.first}–${span.last}`;
}

/** Reads where the pages of article revisions start, each revision once (a reader per export or request). */
export class PageStarts {
  private readonly known = new Map<string, number[] | null>();

  constructor(private readonly store: Store) {}

  /** Where the pages of an article's revision start, or null when that revision did not come from a PDF. */
  of(articleId: number, revision: number): number[] | null {
    const key = `${articleId}:${revision}`;
    let starts = this.known.get(key);
    if (starts === undefined) {
      const row = this.store.stmt<{ starts: string }>('SELECT starts FROM revision_pages WHERE article_id = ? AND revision = ?').get(articleId, revision);
      starts = row ? parseStarts(row.starts) : null;
      this.known.set(key, starts);
    }
    return starts;
  }

  /**
   * The pages a quote covers, from its offsets in the revision they refer to; null when
   * that revision has no pages or the quote is orphaned (its offsets point at no text).
   */
  ofQuote(quote: { articleId: number; revision: number; start: number; end: number; status: string }): PageSpan | null {
    if (quote.status === 'orphaned') return null;
    const starts = this.of(quote.articleId, quote.revision);
    return starts ? pageSpan(starts, quote.start, quote.end) : null;
  }
}

/** A stored page list, checked: increasing non-negative offsets, page 1 first; anything else counts as none. */
function parseStarts(json: string): number[] | null {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return null;
  }
  if (!Array.isArray(value) || value.length === 0) return null;
  const ok = value.every((v, i): v is number => Number.isSafeInteger(v) && (v as number) >= 0 && (i === 0 || (v as number) >= (value as number[])[i - 1]!));
  return ok ? (value as number[]) : null;
}
