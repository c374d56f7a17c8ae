import { t, tn } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import { call } from '../client';
import { h } from '../dom';
import { toastError } from '../toast';
import { AuthorFilter } from '../widgets/authorFilter';
import { DisposableStore } from '../model/lifecycle';
import type { IdPage } from '../model/pagedList';
import { QuoteCard } from '../panels/quoteCard';
import { tagCounts } from '../panels/quoteFilter';
import { QuoteRows } from './quoteRows';
import type { Place, View, ViewContext } from './view';

/** Tag chips shown at most; the chosen tag is always among them, the rest are the tags with most quotes. */
const MAX_CHIPS = 40;
const TEXT_DELAY_MS = 200;

/** A search query for the text filter, narrowed to the chosen article and tag. */
function textQuery(text: string, articleId: number | null, tag: string | null, author: string | null): string {
  return [
    text.trim(),
    articleId === null ? '' : `article:${articleId}`,
    tag ? `tag:"${tag.replace(/"/g, '')}"` : '',
    author ? `author:"${author.replace(/"/g, '')}"` : '',
  ]
    .filter(Boolean)
    .join(' ');
}

/**
 * The "All quotes" view: every live quote across articles, filtered by article, tag
 * (chips with counts) and text, in article order, each card naming its article. It
 * reads only the window on screen (`quotes:list` with limit/offset, or a search for
 * the text filter), whatever the library holds.
 */
export class AllQuotesView implements View {
  readonly el = h('section', { class: 'view', 'aria-label': t('section.quotes'), hidden: true });
  private readonly owned = new DisposableStore();
  private readonly rows: QuoteRows;
  private readonly article: HTMLSelectElement;
  private readonly search: HTMLInputElement;
  private readonly count: HTMLElement;
  private readonly tagFilter: HTMLElement;
  /** One author's quotes only (offered in a shared library, where quotes have authors). */
  private readonly author = new AuthorFilter(() => void this.filtersChanged());
  private tag: string | null = null;
  private articleCounts: { articleId: number; counts: { path: string; count: number }[]; total: number } | null = null;
  private textTimer: number | undefined;

  constructor(private readonly ctx: ViewContext) {
    const list = h('ol', { class: 'quote-list virtual', 'aria-label': t('section.quotes'), tabindex: '-1' });
    const scroller = h('div', { class: 'view-scroll' });
    this.article = h('select', { class: 'select-small', 'aria-label': t('pane.article'), onchange: () => void this.filtersChanged() });
    this.search = h('input', {
      type: 'search',
      class: 'search-input',
      placeholder: t('allQuotes.filter.placeholder'),
      'aria-label': t('allQuotes.filter'),
      oninput: () => {
        window.clearTimeout(this.textTimer);
        this.textTimer = window.setTimeout(() => void this.reload(), TEXT_DELAY_MS);
      },
    });
    this.count = h('span', { class: 'pane-count' });
    this.tagFilter = h('div', { class: 'tag-filter', role: 'group', 'aria-label': t('quotes.filter') });
    this.el.append(
      h(
        'div',
        { class: 'view-header' },
        h('h1', { class: 'view-title' }, t('section.quotes')),
        this.count,
        h('span', { class: 'spacer' }),
        this.search,
        this.author.el,
        this.article,
      ),
      scroller,
    );
    scroller.append(h('div', { class: 'view-body' }, this.tagFilter, list));
    this.rows = this.owned.add(
      new QuoteRows(this.source(), {
        store: ctx.model.quotes,
        scroller,
        list,
        estimate: 190,
        create: (q) => new QuoteCard(q, { catalog: ctx.catalog, actions: ctx.actions, showArticle: true }),
        empty: () =>
          h(
            'li',
            { class: 'empty-note' },
            this.filtered() ? h('p', {}, t('allQuotes.noMatch')) : h('div', {}, h('strong', {}, t('quotes.none')), h('p', {}, t('allQuotes.none'))),
          ),
        onTotal: (n) => {
          this.count.textContent = String(n);
          this.count.setAttribute('aria-label', tn('quotes.count', n));
        },
        leaves: (q) => q.deletedAt !== null,
      }),
    );
    this.owned.add(
      ctx.catalog.onTags(() => {
        this.renderChips();
        this.rows.repaint();
      }),
    );
    this.owned.add(ctx.model.articles.onDidChange(() => this.renderArticles()));
    this.owned.add(
      ctx.model.quotes.onDidChange(() => {
        if (this.articleCounts) this.articleCounts = null;
      }),
    );
  }

  title(): string {
    return t('section.quotes');
  }

  async show(place: Place): Promise<void> {
    if (place.kind !== 'quotes') return;
    this.rows.setVisible(true);
    this.renderArticles();
    await this.loadAuthors();
    if (place.tag !== undefined) this.tag = place.tag;
    await this.reload();
  }

  async leave(): Promise<void> {
    this.rows.setVisible(false);
  }

  private filtered(): boolean {
    return this.tag !== null || this.article.value !== '' || this.search.value.trim() !== '' || this.author.value !== null;
  }

  /** The authors the filter offers: everyone who made a live quote, most quotes first. */
  private async loadAuthors(): Promise<void> {
    try {
      const { authors } = await call('quotes:authors', {});
      this.author.setAuthors(authors.map((a) => a.name));
    } catch (err) {
      toastError(err);
    }
  }

  private async filtersChanged(): Promise<void> {
    this.articleCounts = null;
    await this.reload();
  }

  private async reload(): Promise<void> {
    await Promise.all([this.rows.reload(this.source()), this.loadArticleCounts()]);
    this.renderChips();
  }

  /** Where the rows come from: a window of `quotes:list`, or of a search when text is typed. */
  private source(): (offset: number, limit: number) => Promise<IdPage> {
    const articleId = Number(this.article?.value) || null;
    const tag = this.tag;
    const author = this.author?.value ?? null;
    const text = this.search?.value.trim() ?? '';
    const { quotes } = this.ctx.model;
    if (!text) {
      return async (offset, limit) => {
        const page = await quotes.page({ ...(articleId ? { articleId } : {}), ...(tag ? { tag } : {}), ...(author ? { author } : {}) }, offset, limit);
        return { ids: page.quotes.map((q) => q.id), total: page.total };
      };
    }
    return async (offset, limit) => {
      const result = await call('search:query', { query: textQuery(text, articleId, tag, author), in: ['quotes'], limit, offset });
      const ids = result.results.filter((r) => r.type === 'quote').map((r) => r.id);
      if (ids.length) await quotes.ensure(ids);
      return { ids, total: result.counts.quotes ?? ids.length };
    };
  }

  /** With an article chosen, tag counts come from its quotes (one article's worth); else from the tags' maintained counts. */
  private async loadArticleCounts(): Promise<void> {
    const articleId = Number(this.article.value) || null;
    if (articleId === null || this.articleCounts?.articleId === articleId) return;
    const quotes: Quote[] = await this.ctx.model.quotes.ofArticle(articleId);
    this.articleCounts = { articleId, counts: tagCounts(quotes), total: quotes.length };
  }

  private chipCounts(): { total: number; counts: { path: string; count: number }[] } {
    const articleId = Number(this.article.value) || null;
    if (articleId !== null && this.articleCounts?.articleId === articleId) return this.articleCounts;
    const counts = this.ctx.catalog.tags.filter((tag) => tag.total > 0).map((tag) => ({ path: tag.path, count: tag.total }));
    return { total: this.ctx.model.counts.counts?.quotes.live ?? this.rows.total ?? 0, counts };
  }

  private renderChips(): void {
    const { total, counts } = this.chipCounts();
    const top = new Set(
      [...counts]
        .sort((a, b) => b.count - a.count)
        .slice(0, MAX_CHIPS)
        .map((c) => c.path),
    );
    if (this.tag) top.add(this.tag);
    const shown = counts.filter((c) => top.has(c.path));
    if (this.tag && !shown.some((c) => c.path === this.tag)) shown.push({ path: this.tag, count: this.rows.total ?? 0 });
    shown.sort((a, b) => a.path.localeCompare(b.path));
    this.tagFilter.hidden = shown.length === 0;
    const chip = (label: string, count: number, tag: string | null) =>
      h(
        'button',
        {
          type: 'button',
          class: 'filter-chip',
          'aria-pressed': String(this.tag === tag),
          'data-tag': tag ?? '',
          onclick: () => {
            this.tag = this.tag === tag ? null : tag;
            void this.reload();
          },
        },
        h('span', { class: 'filter-name' }, label),
        h('span', { class: 'filter-count', 'aria-label': tn('quotes.count', count) }, String(count)),
      );
    const focused = (document.activeElement as HTMLElement | null)?.closest?.('.filter-chip') as HTMLElement | null;
    const focusTag = focused && this.tagFilter.contains(focused) ? focused.dataset.tag : undefined;
    this.tagFilter.replaceChildren(chip(t('quotes.filter.all'), total, null), ...shown.map((c) => chip(c.path, c.count, c.path)));
    if (focusTag !== undefined) this.tagFilter.querySelector<HTMLElement>(`[data-tag="${CSS.escape(focusTag)}"]`)?.focus();
  }

  private renderArticles(): void {
    const chosen = this.article.value;
    this.article.replaceChildren(
      h('option', { value: '' }, t('allQuotes.allArticles')),
      ...this.ctx.catalog.articles
        .filter((a) => a.quoteCount > 0)
        .map((a) => h('option', { value: String(a.id) }, a.title.length > 40 ? `${a.title.slice(0, 40)}…` : a.title)),
    );
    this.article.value = [...this.article.options].some((o) => o.value === chosen) ? chosen : '';
  }

  dispose(): void {
    window.clearTimeout(this.textTimer);
    this.owned.dispose();
  }
}
