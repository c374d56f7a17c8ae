import type { Quote } from '../../core/model';
import { formatDate, h, quoteShortcutLabel } from '../dom';

/** How the quotes panel reports to the app; each returns once the api has answered. */
export interface QuotesCallbacks {
  onSelect(quoteId: number): void;
  onTag(quoteId: number, tags: string[]): Promise<void>;
  onUntag(quoteId: number, tag: string): Promise<void>;
  onComment(quoteId: number, comment: string): Promise<void>;
  onDelete(quoteId: number): void;
}

/** Splits what was typed in a tag field into tag paths: comma separated, `parent/child` allowed. */
export function parseTags(input: string): string[] {
  const tags = input
    .split(/[,，、]/)
    .map((t) =>
      t
        .split('/')
        .map((part) => part.trim())
        .filter(Boolean)
        .join('/'),
    )
    .filter(Boolean);
  return [...new Set(tags)];
}

/** The right pane: the open article's quotes in text order, with tags, comment and date. */
export class QuotesPanel {
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private quotes: Quote[] = [];
  private lang: string | null = null;
  private activeId: number | null = null;

  constructor(
    root: HTMLElement,
    private readonly callbacks: QuotesCallbacks,
  ) {
    this.count = h('span', { class: 'pane-count' });
    this.list = h('ol', { class: 'quote-list' });
    root.append(h('header', { class: 'pane-header' }, h('h2', { class: 'pane-title' }, 'Quotes'), this.count), this.list);
  }

  /** Replaces the listed quotes; `lang` is the article's language, for CJK-aware typesetting. */
  setQuotes(quotes: Quote[], lang: string | null): void {
    this.quotes = [...quotes].sort((a, b) => a.start - b.start || a.end - b.end || a.id - b.id);
    this.lang = lang;
    this.render();
  }

  /** Marks a quote as selected and scrolls its card into view. */
  setActive(quoteId: number | null, scroll = true): void {
    this.activeId = quoteId;
    for (const card of this.list.querySelectorAll<HTMLElement>('.quote-card')) {
      const on = Number(card.dataset.quoteId) === quoteId;
      card.classList.toggle('active', on);
      if (on && scroll) card.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    }
  }

  /** Moves keyboard focus to a quote's tag field, e.g. right after it was kept. */
  focusTags(quoteId: number): void {
    this.card(quoteId)?.querySelector<HTMLInputElement>('.tag-input')?.focus();
  }

  /** Puts a changed quote in place without redrawing the others. */
  replaceQuote(quote: Quote): void {
    const i = this.quotes.findIndex((q) => q.id === quote.id);
    if (i < 0) return;
    this.quotes[i] = quote;
    const old = this.card(quote.id);
    const hadFocus = old?.querySelector('.tag-input') === document.activeElement;
    old?.replaceWith(this.renderCard(quote));
    if (hadFocus) this.focusTags(quote.id);
  }

  private card(quoteId: number): HTMLElement | null {
    return this.list.querySelector<HTMLElement>(`.quote-card[data-quote-id="${quoteId}"]`);
  }

  private render(): void {
    this.count.textContent = String(this.quotes.length);
    if (!this.quotes.length) {
      this.list.replaceChildren(
        h(
          'li',
          { class: 'empty-note' },
          h('strong', {}, 'No quotes yet'),
          h('p', {}, 'Select a passage in the article, then choose Quote selection or press ', h('kbd', {}, quoteShortcutLabel), '.'),
        ),
      );
      return;
    }
    this.list.replaceChildren(...this.quotes.map((q) => this.renderCard(q)));
  }

  private renderCard(q: Quote): HTMLElement {
    const tagInput = h('input', {
      class: 'tag-input',
      type: 'text',
      placeholder: q.tags.length ? 'Add tag…' : 'Add tags, e.g. region/Korea',
      'aria-label': 'Add tags',
      enterkeyhint: 'done',
      onkeydown: (e: Event) => {
        const ev = e as KeyboardEvent;
        if (ev.key !== 'Enter' || ev.isComposing) return;
        ev.preventDefault();
        const tags = parseTags(tagInput.value);
        if (!tags.length) return;
        tagInput.disabled = true;
        this.callbacks.onTag(q.id, tags).finally(() => {
          tagInput.disabled = false;
        });
      },
    });
    const comment = h('textarea', {
      class: 'quote-comment',
      rows: 1,
      placeholder: 'Add a comment…',
      'aria-label': 'Comment',
      onchange: () => void this.callbacks.onComment(q.id, comment.value),
    });
    comment.value = q.comment;
    const card = h(
      'li',
      { class: `quote-card${q.id === this.activeId ? ' active' : ''}`, 'data-quote-id': q.id },
      h(
        'button',
        { type: 'button', class: 'quote-text', lang: this.lang, onclick: () => this.callbacks.onSelect(q.id) },
        q.exact,
      ),
      h(
        'div',
        { class: 'tag-row' },
        ...q.tags.map((tag) =>
          h(
            'span',
            { class: 'tag-chip' },
            h('span', { class: 'tag-name' }, tag),
            h(
              'button',
              { type: 'button', class: 'tag-remove', 'aria-label': `Remove tag ${tag}`, onclick: () => void this.callbacks.onUntag(q.id, tag) },
              '×',
            ),
          ),
        ),
        tagInput,
      ),
      comment,
      h(
        'footer',
        { class: 'quote-footer' },
        h('time', { datetime: q.createdAt }, formatDate(q.createdAt, true)),
        h('button', { type: 'button', class: 'link-button danger', 'aria-label': 'Delete quote', onclick: () => this.callbacks.onDelete(q.id) }, 'Delete'),
      ),
    );
    if (q.color) card.style.setProperty('--quote-color', q.color);
    return card;
  }
}
