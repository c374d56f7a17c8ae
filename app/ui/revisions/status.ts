import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import type { AnchorStatus, Quote } from '../../core/model';
import { h } from '../dom';

/** How each anchoring status is named and explained to people. */
export const STATUS_TEXT: Record<AnchorStatus, { label: MessageKey; hint: MessageKey; count: MessageKey }> = {
  exact: { label: 'status.exact', hint: 'status.exact.hint', count: 'status.exact.count' },
  moved: { label: 'status.moved', hint: 'status.moved.hint', count: 'status.moved.count' },
  fuzzy: { label: 'status.fuzzy', hint: 'status.fuzzy.hint', count: 'status.fuzzy.count' },
  orphaned: { label: 'status.orphaned', hint: 'status.orphaned.hint', count: 'status.orphaned.count' },
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
  const text = quote.status === 'fuzzy' ? `${t(label)} ${Math.round(quote.similarity * 100)}%` : t(label);
  return h('span', { class: `status-badge status-${quote.status}${needsReview(quote) ? ' unreviewed' : ''}`, title: t(hint) }, text);
}
