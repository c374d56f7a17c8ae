import type { Quote } from '../../core/model';
import { h, quoteShortcutLabel } from '../dom';
import type { QuoteCardOptions } from './quoteCard';
import { QuoteList } from './quoteList';

/** The right pane (region "Quotes"): the open article's quotes, ordered and filtered by tag. */
export class QuotesPanel {
  /** The list of cards. */
  readonly list: QuoteList;
  private readonly count: HTMLElement;

  constructor(root: HTMLElement, options: QuoteCardOptions) {
    this.list = new QuoteList({
      ...options,
      label: 'Quotes in this article',
      orderKey: 'apostil.order.article',
      empty: (filtered) =>
        filtered
          ? h('p', {}, 'No quote here carries this tag.')
          : h(
              'div',
              {},
              h('strong', {}, 'No quotes yet'),
              h('p', {}, 'Select a passage in the article, then choose Quote selection, press ', h('kbd', {}, quoteShortcutLabel), ' or right-click it.'),
            ),
    });
    this.count = h('span', { class: 'pane-count', 'aria-label': '0 quotes' }, '0');
    root.append(
      h('header', { class: 'pane-header' }, h('h2', { class: 'pane-title' }, 'Quotes'), this.count, h('span', { class: 'spacer' }), this.list.sortControl),
      this.list.tagFilter,
      this.list.list,
    );
  }

  /** Replaces the listed quotes. */
  setQuotes(quotes: Quote[]): void {
    this.list.setQuotes(quotes);
    this.setTotal(quotes.length);
  }

  /** Puts a new or changed quote in place. */
  upsert(quote: Quote, total: number): void {
    this.list.upsert(quote);
    this.setTotal(total);
  }

  /** Takes a quote off the list. */
  remove(id: number, total: number): void {
    this.list.remove(id);
    this.setTotal(total);
  }

  private setTotal(n: number): void {
    this.count.textContent = String(n);
    this.count.setAttribute('aria-label', `${n} ${n === 1 ? 'quote' : 'quotes'}`);
  }
}
