import { t, tn } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import { h, quoteShortcutLabel } from '../dom';
import { AuthorFilter } from '../widgets/authorFilter';
import type { QuoteCardOptions } from './quoteCard';
import { QuoteList } from './quoteList';

/** The right pane (region "Quotes"): the open article's quotes, ordered and filtered by tag. */
export class QuotesPanel {
  /** Whose quotes the pane lists: the article's title, under the pane's heading. */
  private readonly from: HTMLElement;
  /** The list of cards. */
  readonly list: QuoteList;
  private readonly count: HTMLElement;
  /** Narrows the list to one author's quotes (only in a shared library, where quotes have authors). */
  private readonly author: AuthorFilter;

  constructor(root: HTMLElement, options: QuoteCardOptions) {
    this.list = new QuoteList({
      ...options,
      label: t('quotes.inArticle'),
      orderKey: 'apostil.order.article',
      empty: (filtered) =>
        filtered
          ? h('p', {}, t('quotes.noneTagged'))
          : h('div', {}, h('strong', {}, t('quotes.none')), h('p', {}, t('quotes.none.before'), h('kbd', {}, quoteShortcutLabel), t('quotes.none.after'))),
    });
    this.count = h('span', { class: 'pane-count', 'aria-label': tn('quotes.count', 0) }, '0');
    this.author = new AuthorFilter(() => this.filterByAuthor());
    this.from = h('p', { class: 'pane-from', hidden: true });
    root.append(
      h(
        'header',
        { class: 'pane-header' },
        h('h2', { class: 'pane-title' }, t('quotes.title')),
        this.count,
        h('span', { class: 'spacer' }),
        this.author.el,
        this.list.sortControl,
      ),
      this.from,
      this.list.tagFilter,
      this.list.list,
    );
  }

  /**
   * Names the article whose quotes are listed (shown beside a note, where the
   * pane lists the quotes of the article open behind it); null hides the line.
   */
  setArticle(article: { title: string; lang: string | null } | null): void {
    this.from.hidden = !article;
    this.from.replaceChildren(...(article ? [t('quotes.from'), h('span', { class: 'pane-from-title', lang: article.lang }, article.title)] : []));
  }

  /** Replaces the listed quotes. */
  setQuotes(quotes: Quote[]): void {
    this.quotes = new Map(quotes.map((q) => [q.id, q]));
    this.list.setQuotes(quotes);
    this.setTotal(quotes.length);
    this.offerAuthors();
  }

  /** Puts a new or changed quote in place. */
  upsert(quote: Quote, total: number): void {
    this.quotes.set(quote.id, quote);
    this.list.upsert(quote);
    this.setTotal(total);
    this.offerAuthors();
  }

  /** The listed quotes by id, for the authors the filter offers. */
  private quotes = new Map<number, Quote>();

  private offerAuthors(): void {
    const names = [...this.quotes.values()].flatMap((q) => (q.author ? [q.author.name] : [])).sort((a, b) => a.localeCompare(b));
    if (!this.author.setAuthors(names)) this.filterByAuthor();
  }

  private filterByAuthor(): void {
    const author = this.author.value?.toLowerCase();
    this.list.setExtraFilter(author ? (q) => q.author?.name.toLowerCase() === author : () => true);
  }

  /** Takes a quote off the list. */
  remove(id: number, total: number): void {
    this.quotes.delete(id);
    this.list.remove(id);
    this.setTotal(total);
  }

  private setTotal(n: number): void {
    this.count.textContent = String(n);
    this.count.setAttribute('aria-label', tn('quotes.count', n));
  }
}
