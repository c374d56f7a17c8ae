/** Where a quote is in its work: the page of a PDF, else the paragraph of its article. */
import type { Library } from '../library';
import { PageStarts, pageRangeText } from '../pages';
import type { Locator } from './types';

/** The block (paragraph) of an article body in which an offset lies, counting from 1; blocks are separated by blank lines. */
export function paragraphAt(body: string, offset: number): number {
  let n = 1;
  const gaps = /\n\s*\n/g;
  for (let m = gaps.exec(body); m && m.index < offset; m = gaps.exec(body)) n++;
  return n;
}

/** What {@link quoteLocators} needs of a quote. */
export interface LocatedQuote {
  id: number;
  articleId: number;
  revision: number;
  start: number;
  end: number;
  status: string;
}

/**
 * Each quote's locator, by quote id: its page (or pages, `12–13`) when the revision it
 * refers to came from a PDF, else the paragraph of its article; none for an orphaned quote.
 */
export function quoteLocators(lib: Library, quotes: Iterable<LocatedQuote>): Map<number, Locator> {
  const pages = new PageStarts(lib.store);
  const bodies = new Map<number, string>();
  const out = new Map<number, Locator>();
  for (const quote of quotes) {
    if (quote.status === 'orphaned') continue;
    const span = pages.ofQuote(quote);
    if (span) {
      out.set(quote.id, { label: 'page', value: pageRangeText(span) });
      continue;
    }
    let body = bodies.get(quote.articleId);
    if (body === undefined) {
      body = lib.store.stmt<{ body: string }>('SELECT body FROM articles WHERE id = ?').get(quote.articleId)?.body ?? '';
      bodies.set(quote.articleId, body);
    }
    out.set(quote.id, { label: 'paragraph', value: String(paragraphAt(body, quote.start)) });
  }
  return out;
}

/** A locator as Apostil's plain citation line and pandoc's citations write it: `p. 12`, `pp. 12–13`, `para. 3`. */
export function locatorText(locator: Locator): string {
  if (locator.label === 'paragraph') return `para. ${locator.value}`;
  return /[–-]/.test(locator.value) ? `pp. ${locator.value}` : `p. ${locator.value}`;
}
