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
    // Who made the quote and, when someone else, who wrote the comment: in a shared library only.
    quote.author
      ? h(
          'div',
          { class: 'tooltip-author' },
          t('quote.author', { name: quote.author.name }),
          quote.comment && quote.commentBy && quote.commentBy.id !== quote.author.id ? ` · ${t('quote.commentBy', { name: quote.commentBy.name })}` : '',
        )
      : null,
    h('div', { class: 'tooltip-hint' }, t('quote.tooltip.hint', { date: formatDate(quote.createdAt) })),
  ].filter((n): n is HTMLDivElement => n !== null);
}

/** What a screen reader says about highlights the caret moved into: each quote's tags and comment. */
export function highlightLabel(quotes: Quote[]): string {
  return quotes
    .map((q) =>
      t('reader.announce.quote', {
        tags: q.tags.length ? q.tags.map((tag) => `#${tag}`).join(' ') : t('quote.noTags'),
        comment: q.comment || t('quote.noComment'),
      }),
    )
    .join(' ');
}

/** The citation under an embedded quote: its source line (with the article's date when the source has none), or the article title and date. */
export function embedCitation(quote: Quote, catalog: Catalog, source: Source | undefined): string {
  const article = catalog.article(quote.articleId);
  const date = article?.date ? formatDate(article.date) : '';
  if (!source) return [article?.title ?? t('quote.article', { id: String(quote.articleId) }), date].filter(Boolean).join(' · ');
  const line = citationLine(source.csl) || source.csl.title || article?.title || '';
  return [line, source.csl.issued ? '' : date].filter(Boolean).join(' · ');
}

/** What an embed of `quote` shows: its current text, its citation, and whether it is in the trash. */
export function embedInfo(quote: Quote, catalog: Catalog, source: Source | null | undefined): EmbedInfo {
  return {
    text: quote.exact,
    citation: embedCitation(quote, catalog, source ?? undefined),
    lang: catalog.article(quote.articleId)?.lang ?? null,
    deleted: quote.deletedAt !== null,
    color: catalog.quoteColor(quote),
  };
}
