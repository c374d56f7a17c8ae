import { t } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { call } from '../client';
import { h } from '../dom';
import type { QuoteActions } from '../panels/quoteCard';
import { matchesText } from '../panels/quoteFilter';
import { QuoteList } from '../panels/quoteList';

/**
 * The "All quotes" view: every live quote across articles, filtered by article, tag
 * (with per-tag counts) and text, in text or date order, each card naming its article.
 */
export class AllQuotesView {
  /** The list of cards. */
  readonly list: QuoteList;
  private readonly article: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private readonly count: HTMLElement;
  private quotes: Quote[] = [];

  constructor(
    root: HTMLElement,
    private readonly catalog: Catalog,
    actions: QuoteActions,
  ) {
    this.list = new QuoteList({
      catalog,
      actions,
      showArticle: true,
      label: t('section.quotes'),
      orderKey: 'apostil.order.all',
      onRender: (n) => {
        this.count.textContent = String(n);
      },
      empty: (filtered) =>
        filtered ? h('p', {}, t('allQuotes.noMatch')) : h('div', {}, h('strong', {}, t('quotes.none')), h('p', {}, t('allQuotes.none'))),
    });
    this.article = h('select', { class: 'select-small', 'aria-label': t('pane.article'), onchange: () => this.applyFilters() });
    this.search = h('input', {
      type: 'search',
      class: 'search-input',
      placeholder: t('allQuotes.filter.placeholder'),
      'aria-label': t('allQuotes.filter'),
      oninput: () => this.applyFilters(),
    });
    this.count = h('span', { class: 'pane-count' });
    root.append(
      h(
        'div',
        { class: 'view-header' },
        h('h1', { class: 'view-title' }, t('section.quotes')),
        this.count,
        h('span', { class: 'spacer' }),
        this.search,
        this.article,
        this.list.sortControl,
      ),
      h('div', { class: 'view-scroll' }, h('div', { class: 'view-body' }, this.list.tagFilter, this.list.list)),
    );
    catalog.subscribe(() => this.renderArticles());
  }

  /** Loads every live quote. */
  async load(): Promise<void> {
    this.setQuotes((await call('quotes:list', {})).quotes);
  }

  /** Replaces the quotes listed. */
  setQuotes(quotes: Quote[]): void {
    this.quotes = quotes;
    this.renderArticles();
    this.list.setQuotes(quotes);
    this.applyFilters();
  }

  /** Shows only quotes carrying `tag` (from the tags view). */
  filterByTag(tag: string | null): void {
    this.list.setTag(tag);
  }

  /** Puts a new or changed quote in place, or takes a deleted one out. */
  apply(quote: Quote): void {
    this.quotes = quote.deletedAt ? this.quotes.filter((q) => q.id !== quote.id) : [...this.quotes.filter((q) => q.id !== quote.id), quote];
    if (quote.deletedAt) this.list.remove(quote.id);
    else this.list.upsert(quote);
  }

  private renderArticles(): void {
    const chosen = this.article.value;
    const withQuotes = new Set(this.quotes.map((q) => q.articleId));
    this.article.replaceChildren(
      h('option', { value: '' }, t('allQuotes.allArticles')),
      ...this.catalog.articles.filter((a) => withQuotes.has(a.id)).map((a) => h('option', { value: String(a.id) }, a.title.length > 40 ? `${a.title.slice(0, 40)}…` : a.title)),
    );
    this.article.value = [...this.article.options].some((o) => o.value === chosen) ? chosen : '';
  }

  private applyFilters(): void {
    const articleId = Number(this.article.value) || null;
    const text = this.search.value;
    this.list.setExtraFilter((q) => (articleId === null || q.articleId === articleId) && matchesText(q, text));
  }
}
