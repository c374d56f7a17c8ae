import type { AnchorStatus, Quote } from '../../core/model';
import { h } from '../dom';

/** How each anchoring status is named and explained to people. */
export const STATUS_TEXT: Record<AnchorStatus, { label: string; hint: string }> = {
  exact: { label: 'Exact', hint: 'Found at the same place in the current revision.' },
  moved: { label: 'Moved', hint: 'Found unchanged, at another place in the current revision.' },
  fuzzy: { label: 'Fuzzy', hint: 'The current revision has a similar passage; review it.' },
  orphaned: { label: 'Orphaned', hint: 'Not found in the current revision; its text, tags and comment are kept.' },
};

/** Every status, in the order counts are shown. */
export const STATUSES: AnchorStatus[] = ['exact', 'moved', 'fuzzy', 'orphaned'];

/** True when a quote can be drawn in the current text (orphans point into an older revision). */
export function isAnchored(quote: Pick<Quote, 'status'>): boolean {
  return quote.status !== 'orphaned';
}

/** True when a quote waits for the user to look at its new anchor. */
export function needsReview(quote: Pick<Quote, 'status' | 'reviewedAt'>): boolean {
  return (quote.status === 'fuzzy' || quote.status === 'orphaned') && quote.reviewedAt === null;
}

/** The small badge a quote card shows for a moved, fuzzy or orphaned quote; null for an exact one. */
export function statusBadge(quote: Pick<Quote, 'status' | 'similarity' | 'reviewedAt'>): HTMLElement | null {
  if (quote.status === 'exact') return null;
  const { label, hint } = STATUS_TEXT[quote.status];
  const text = quote.status === 'fuzzy' ? `${label} ${Math.round(quote.similarity * 100)}%` : label;
  return h('span', { class: `status-badge status-${quote.status}${needsReview(quote) ? ' unreviewed' : ''}`, title: hint }, text);
}
