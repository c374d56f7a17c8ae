import { t } from './i18n/i18n';
import type { Quote, Source } from '../core/model';
import type { Catalog } from './catalog';
import { formatDate, h } from './dom';
import type { EmbedInfo } from './notes/embed';
import { citationLine } from './sources/cite';
import { tagChip } from './widgets/tagInput';

/** What the tooltip of a highlight shows: tags, comment, and how to act on it. */
export function highlightTooltip(quote: Quote, catalog: Catalog): Node[] {
  return [
    quote.tags.length
      ? h('div', { class: 'tooltip-tags' }, ...quote.tags.map((tag) => tagChip(tag, catalog.tagColor(tag))))
      : h('div', { class: 'tooltip-muted' }, t('quote.noTags')),
    quote.comment ? h('p', { class: 'tooltip-comment' }, quote.comment) : h('p', { class: 'tooltip-muted' }, t('quote.noComment')),
    h('div', { class: 'tooltip-hint' }, t('quote.tooltip.hint', { date: formatDate(quote.createdAt) })),
  ];
}

/** The citation under an embedded quote: its source line (with the article's date when the source has none), or the article title and date. */
export function embedCitation(quote: Quote, catalog: Catalog, source: Source | undefined): string {
  const article = catalog.article(quote.articleId);
  const date = article?.date ? formatDate(article.date) : '';
  if (!source) return [article?.title ?? t('quote.article', { id: String(quote.articleId) }), date].filter(Boolean).join(' · ');
  const line = citationLine(source.csl) || source.csl.title || article?.title || '';
  return [line, source.csl.issued ? '' : date].filter(Boolean).join(' · ');
}

/**
 * The quotes that notes embed, with the sources that cite them: what a quote
 * embed needs to draw itself, kept current as quotes change.
 */
export class QuoteDirectory {
  private quotes = new Map<number, Quote>();
  private sources = new Map<number, Source>();

  constructor(private readonly catalog: Catalog) {}

  /** Replaces everything known (all quotes, live and trashed, and all sources). */
  load(quotes: Quote[], sources: Source[]): void {
    this.quotes = new Map(quotes.map((q) => [q.id, q]));
    this.sources = new Map(sources.flatMap((s) => s.articleIds.map((a) => [a, s] as const)));
  }

  /** Records a changed quote. */
  set(quote: Quote): void {
    this.quotes.set(quote.id, quote);
  }

  /** A quote, live or trashed. */
  get(id: number): Quote | undefined {
    return this.quotes.get(id);
  }

  /** Every live quote, for the quote picker. */
  live(): Quote[] {
    return [...this.quotes.values()].filter((q) => !q.deletedAt);
  }

  /** What an embed of quote `id` shows. */
  info(id: number): EmbedInfo | undefined {
    const q = this.quotes.get(id);
    if (!q) return undefined;
    return {
      text: q.exact,
      citation: embedCitation(q, this.catalog, this.sources.get(q.articleId)),
      lang: this.catalog.article(q.articleId)?.lang ?? null,
      deleted: q.deletedAt !== null,
    };
  }
}
