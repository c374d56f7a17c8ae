import type { MessageKey } from '../i18n/messages.en';
import type { Quote } from '../../core/model';

/** The orders a quote list offers. */
export type QuoteOrder = 'text' | 'newest' | 'oldest';

/** Labels of the orders, for the sort menu. */
export const ORDER_LABELS: Record<QuoteOrder, MessageKey> = {
  text: 'order.text',
  newest: 'order.newest',
  oldest: 'order.oldest',
};

/** Quotes in the given order: text order is article, then position in it. */
export function sortQuotes(quotes: Quote[], order: QuoteOrder): Quote[] {
  const byText = (a: Quote, b: Quote) => a.articleId - b.articleId || a.start - b.start || a.end - b.end || a.id - b.id;
  const byDate = (a: Quote, b: Quote) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id;
  const sorted = [...quotes];
  if (order === 'text') return sorted.sort(byText);
  sorted.sort(byDate);
  return order === 'newest' ? sorted.reverse() : sorted;
}

/** `path` and each of its ancestors: `a/b/c` → `a`, `a/b`, `a/b/c`. */
function withAncestors(path: string): string[] {
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

/** True when the quote carries `tag` or one of its descendants. */
export function hasTag(quote: Pick<Quote, 'tags'>, tag: string): boolean {
  return quote.tags.some((t) => t === tag || t.startsWith(`${tag}/`));
}

/** How many of `quotes` carry each tag (a quote tagged `a/b` counts for `a` too), sorted by path. */
export function tagCounts(quotes: Pick<Quote, 'tags'>[]): { path: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const q of quotes) {
    for (const path of new Set(q.tags.flatMap(withAncestors))) counts.set(path, (counts.get(path) ?? 0) + 1);
  }
  return [...counts].map(([path, count]) => ({ path, count })).sort((a, b) => a.path.localeCompare(b.path));
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** True when the quote's text, comment or tags contain `text` (ignoring case and width). */
export function matchesText(quote: Pick<Quote, 'exact' | 'comment' | 'tags'>, text: string): boolean {
  const q = fold(text.trim());
  return !q || [quote.exact, quote.comment, ...quote.tags].some((s) => fold(s).includes(q));
}
