import { t, tn } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import { h } from '../dom';
import { QuoteCard, type QuoteCardOptions } from './quoteCard';
import { hasTag, ORDER_LABELS, sortQuotes, tagCounts, type QuoteOrder } from './quoteFilter';

/** How a quote list is labelled, filtered and remembered. */
export interface QuoteListOptions extends QuoteCardOptions {
  /** Accessible name of the list. */
  label: string;
  /** What to show when nothing is listed; `filtered` tells whether filters hid everything. */
  empty(filtered: boolean): Node;
  /** localStorage key under which the chosen order is remembered. */
  orderKey: string;
  /** Told how many quotes are shown after every redraw. */
  onRender?(visible: number): void;
}

/**
 * A list of quote cards with an order menu and a tag filter that shows how many
 * quotes carry each tag. Cards are kept by quote id and updated in place, so a
 * comment being typed or a focused field survives changes to other quotes.
 */
export class QuoteList {
  /** The `<ol>` of cards. */
  readonly list: HTMLOListElement;
  /** The order menu, for the host to place. */
  readonly sortControl: HTMLElement;
  /** The tag filter chips, for the host to place. */
  readonly tagFilter: HTMLElement;
  private quotes: Quote[] = [];
  private readonly cards = new Map<number, QuoteCard>();
  private tag: string | null = null;
  private order: QuoteOrder;
  private activeId: number | null = null;
  private extra: (q: Quote) => boolean = () => true;

  constructor(private readonly opts: QuoteListOptions) {
    this.list = h('ol', { class: 'quote-list', 'aria-label': opts.label, tabindex: '-1' });
    const saved = localStorage.getItem(opts.orderKey) as QuoteOrder | null;
    this.order = saved && saved in ORDER_LABELS ? saved : 'text';
    const select = h('select', {
      class: 'select-small',
      'aria-label': t('quotes.order'),
      onchange: () => {
        this.order = select.value as QuoteOrder;
        localStorage.setItem(opts.orderKey, this.order);
        this.render();
      },
    });
    for (const [value, label] of Object.entries(ORDER_LABELS)) select.append(h('option', { value }, t(label)));
    select.value = this.order;
    this.sortControl = select;
    this.tagFilter = h('div', { class: 'tag-filter', role: 'group', 'aria-label': t('quotes.filter') });
  }

  /** Replaces the quotes listed. */
  setQuotes(quotes: Quote[]): void {
    this.quotes = [...quotes];
    for (const q of quotes) this.cards.get(q.id)?.update(q);
    this.render();
  }

  /** Narrows the list further (article, text); the tag counts follow it. */
  setExtraFilter(filter: (q: Quote) => boolean): void {
    this.extra = filter;
    this.render();
  }

  /** Shows only quotes carrying `tag` (or a tag under it); null shows all. */
  setTag(tag: string | null): void {
    this.tag = tag;
    this.render();
  }

  /** Puts a changed quote in place (adding it when new), keeping focus where it is. */
  upsert(quote: Quote): void {
    const i = this.quotes.findIndex((q) => q.id === quote.id);
    if (i >= 0) this.quotes[i] = quote;
    else this.quotes.push(quote);
    this.cards.get(quote.id)?.update(quote);
    this.render();
  }

  /** Takes a quote off the list. */
  remove(id: number): void {
    const shown = this.visible().map((q) => q.id);
    const hadFocus = this.cards.get(id)?.el.contains(document.activeElement) ?? false;
    this.quotes = this.quotes.filter((q) => q.id !== id);
    this.render();
    if (!hadFocus) return;
    const at = shown.indexOf(id);
    const next = this.cards.get(shown[at + 1] ?? shown[at - 1] ?? -1);
    (next?.el.querySelector<HTMLElement>('.quote-text') ?? this.list).focus({ preventScroll: true });
  }

  /** Redraws every card, e.g. after tag colours changed. */
  refreshCards(): void {
    for (const card of this.cards.values()) card.update(card.current);
    this.render();
  }

  /** Marks a quote as selected and scrolls its card into view. */
  setActive(quoteId: number | null, scroll = true): void {
    this.activeId = quoteId;
    for (const [id, card] of this.cards) {
      const on = id === quoteId;
      card.el.classList.toggle('active', on);
      if (on && scroll) card.el.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }

  /** Hands a comment that could not be saved to its quote's card, which keeps retrying; false when the card is not shown. */
  keepDraft(quoteId: number, text: string): boolean {
    const card = this.cards.get(quoteId);
    card?.keepDraft(text);
    return card !== undefined;
  }

  /** Saves every comment still being typed. */
  async flush(): Promise<void> {
    await Promise.all([...this.cards.values()].map((c) => c.flush()));
  }

  private visible(): Quote[] {
    const base = this.quotes.filter(this.extra);
    return sortQuotes(this.tag ? base.filter((q) => hasTag(q, this.tag!)) : base, this.order);
  }

  private render(): void {
    const base = this.quotes.filter(this.extra);
    const counts = tagCounts(base);
    if (this.tag && !counts.some((c) => c.path === this.tag)) this.tag = null;
    this.renderTagFilter(base.length, counts);
    const shown = this.visible();
    this.opts.onRender?.(shown.length);
    const keep = new Set(shown.map((q) => q.id));
    for (const [id, card] of this.cards) {
      if (!keep.has(id)) {
        card.dispose();
        this.cards.delete(id);
      }
    }
    const els = shown.map((q) => {
      let card = this.cards.get(q.id);
      if (!card) {
        card = new QuoteCard(q, this.opts);
        card.el.classList.toggle('active', q.id === this.activeId);
        this.cards.set(q.id, card);
      }
      return card.el;
    });
    if (!els.length) {
      this.list.replaceChildren(h('li', { class: 'empty-note' }, this.opts.empty(this.quotes.length > 0)));
      return;
    }
    const current = [...this.list.children];
    if (current.length !== els.length || current.some((el, i) => el !== els[i])) this.list.replaceChildren(...els);
  }

  private renderTagFilter(total: number, counts: { path: string; count: number }[]): void {
    this.tagFilter.hidden = counts.length === 0;
    const paths = new Set(counts.map((c) => c.path));
    // A child chip follows its parent (the list is sorted by path): it shows its own name
    // only, its parents staying in the text for screen readers and the accessible name.
    const name = (tag: string | null, label: string) => {
      const cut = tag?.lastIndexOf('/') ?? -1;
      if (tag === null || cut < 0 || !paths.has(tag.slice(0, cut))) return h('span', { class: 'filter-name' }, label);
      return h('span', { class: 'filter-name filter-leaf' }, h('span', { class: 'filter-parent' }, tag.slice(0, cut + 1)), tag.slice(cut + 1));
    };
    const chip = (label: string, count: number, tag: string | null) =>
      h(
        'button',
        {
          type: 'button',
          class: 'filter-chip',
          'aria-pressed': String(this.tag === tag),
          'data-tag': tag ?? '',
          onclick: () => this.setTag(this.tag === tag ? null : tag),
        },
        name(tag, label),
        h('span', { class: 'filter-count', 'aria-label': tn('quotes.count', count) }, String(count)),
      );
    const focused = (document.activeElement as HTMLElement | null)?.closest?.('.filter-chip') as HTMLElement | null;
    const focusTag = focused && this.tagFilter.contains(focused) ? focused.dataset.tag : undefined;
    this.tagFilter.replaceChildren(chip(t('quotes.filter.all'), total, null), ...counts.map((c) => chip(c.path, c.count, c.path)));
    if (focusTag !== undefined) this.tagFilter.querySelector<HTMLElement>(`[data-tag="${CSS.escape(focusTag)}"]`)?.focus();
  }
}
