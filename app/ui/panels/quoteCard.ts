import { t } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import { Autosave, type SaveState } from '../autosave';
import type { Catalog } from '../catalog';
import { callOnExit } from '../client';
import { formatDate, h } from '../dom';
import { statusBadge } from '../revisions/status';
import { toastError } from '../toast';
import { colorName, colorPicker } from '../widgets/palette';
import { Popover } from '../widgets/popover';
import { TagEditor } from '../widgets/tagInput';

/** What a quote card can ask the app to do; each resolves once the api has answered. */
export interface QuoteActions {
  /** The quote's text was activated: show it in its article. */
  select(quote: Quote): void;
  tag(id: number, tags: string[]): Promise<void>;
  untag(id: number, tag: string): Promise<void>;
  comment(id: number, comment: string): Promise<void>;
  color(id: number, color: string | null): Promise<void>;
  delete(id: number): void;
  /** Copies the quote with its citation as Markdown. */
  copy(id: number): void;
  /** Copies the quote with its citation in the chosen style (rich text and plain text). */
  cite(id: number): void;
}

/** How a card looks in its list. */
export interface QuoteCardOptions {
  catalog: Catalog;
  actions: QuoteActions;
  /** Show the article the quote comes from (lists across articles). */
  showArticle?: boolean;
}

/** The MIME type a dragged quote carries; its data is the quote id. */
export const QUOTE_DRAG_TYPE = 'application/x-apostil-quote';

const COMMENT_DELAY_MS = 800;

/**
 * One quote in a list: its text (activate to show it in the article, drag it into a
 * note), tags with autocomplete, an inline comment saved as you type, colour, date
 * and delete. {@link update} changes it in place so focus and typing survive.
 */
export class QuoteCard {
  readonly el: HTMLLIElement;
  private quote: Quote;
  private readonly text: HTMLButtonElement;
  private readonly source: HTMLElement | null;
  private readonly tags: TagEditor;
  private readonly comment: HTMLTextAreaElement;
  private readonly colorButton: HTMLButtonElement;
  private readonly time: HTMLTimeElement;
  private readonly status: HTMLElement;
  private readonly author: HTMLElement;
  private readonly commentSave: Autosave<string>;
  private readonly commentError: HTMLElement;

  constructor(
    quote: Quote,
    private readonly opts: QuoteCardOptions,
  ) {
    this.quote = quote;
    const { actions, catalog } = opts;
    this.text = h('button', {
      type: 'button',
      class: 'quote-text',
      draggable: 'true',
      onclick: () => actions.select(this.quote),
      ondragstart: (e: Event) => {
        const dt = (e as DragEvent).dataTransfer;
        if (!dt) return;
        dt.setData(QUOTE_DRAG_TYPE, String(this.quote.id));
        dt.setData('text/plain', this.quote.exact);
        dt.effectAllowed = 'copy';
      },
    });
    this.source = opts.showArticle ? h('div', { class: 'quote-source' }) : null;
    this.tags = new TagEditor({
      label: t('quote.addTags'),
      placeholder: t('quote.tags.placeholder'),
      tags: () => catalog.tags,
      colorOf: (p) => catalog.tagColor(p),
      onAdd: (paths) => actions.tag(this.quote.id, paths),
      onRemove: (path) => actions.untag(this.quote.id, path),
      commitOnBlur: true,
      saveOnExit: (paths) => void callOnExit('quotes:tag', { id: this.quote.id, tags: paths }).catch(() => undefined),
    });
    this.commentSave = new Autosave<string>({
      delay: COMMENT_DELAY_MS,
      save: (text) => actions.comment(this.quote.id, text),
      saveOnExit: async (text) => void (await callOnExit('quotes:update', { id: this.quote.id, comment: text })),
      onState: (state, err) => this.showSaveState(state, err),
    });
    this.commentError = h('div', { class: 'save-error', role: 'alert', hidden: true });
    this.comment = h('textarea', {
      class: 'quote-comment',
      rows: 1,
      placeholder: t('quote.comment.placeholder'),
      'aria-label': t('quote.comment'),
      oninput: () => this.commentSave.change(this.comment.value),
      onblur: () => void this.commentSave.flush(),
    });
    this.colorButton = h('button', {
      type: 'button',
      class: 'color-button',
      onclick: () => this.pickColor(),
    });
    this.time = h('time', {});
    this.status = h('span', { class: 'quote-status' });
    this.author = h('span', { class: 'author-chip quote-author', hidden: true });
    this.el = h(
      'li',
      { class: 'quote-card', 'data-quote-id': quote.id },
      this.text,
      this.source,
      this.tags.el,
      this.comment,
      this.commentError,
      h(
        'footer',
        { class: 'quote-footer' },
        h('span', { class: 'quote-when' }, this.author, this.time, this.status),
        h(
          'span',
          { class: 'quote-actions' },
          this.colorButton,
          h(
            'button',
            {
              type: 'button',
              class: 'link-button',
              'aria-label': t('quote.copyMarkdown'),
              title: t('quote.copyMarkdown.title'),
              onclick: () => actions.copy(this.quote.id),
            },
            t('menu.copy'),
          ),
          h(
            'button',
            { type: 'button', class: 'link-button cite-button', title: t('cite.copy.title'), onclick: () => actions.cite(this.quote.id) },
            t('cite.copy'),
          ),
          h(
            'button',
            { type: 'button', class: 'link-button danger', 'aria-label': t('quote.delete'), onclick: () => actions.delete(this.quote.id) },
            t('action.delete'),
          ),
        ),
      ),
    );
    this.update(quote);
  }

  /** Shows a newer version of the quote; a comment being typed is left alone. */
  update(quote: Quote): void {
    this.quote = quote;
    const { catalog } = this.opts;
    const article = catalog.article(quote.articleId);
    this.text.textContent = quote.exact;
    this.text.lang = article?.lang ?? '';
    if (this.source) {
      this.source.replaceChildren(
        h('span', { class: 'quote-source-title', lang: article?.lang ?? null }, article?.title ?? t('quote.article', { id: String(quote.articleId) })),
      );
    }
    this.tags.setTags(quote.tags);
    if (document.activeElement !== this.comment && !this.commentSave.busy) this.comment.value = quote.comment;
    const color = catalog.quoteColor(quote);
    if (color) this.el.style.setProperty('--quote-color', color);
    else this.el.style.removeProperty('--quote-color');
    this.colorButton.setAttribute('aria-label', t('quote.colour.current', { name: colorName(quote.color) }));
    this.colorButton.title = t('quote.colour.current', { name: colorName(quote.color) });
    this.status.replaceChildren(statusBadge(quote) ?? '');
    this.el.classList.toggle('orphaned', quote.status === 'orphaned');
    this.text.title = quote.status === 'orphaned' ? t('quote.text.orphaned') : t('quote.text.title');
    this.time.dateTime = quote.createdAt;
    this.time.textContent = formatDate(quote.createdAt, true);
    // Who made it, in a shared library only (a quote has an author once a display name is known).
    this.author.hidden = !quote.author;
    this.author.textContent = quote.author?.name ?? '';
    this.author.title = quote.author ? t('quote.author', { name: quote.author.name }) : '';
    this.comment.title = quote.commentBy && quote.commentBy.id !== quote.author?.id ? t('quote.commentBy', { name: quote.commentBy.name }) : '';
  }

  /** The quote shown. */
  get current(): Quote {
    return this.quote;
  }

  /** Puts a comment that could not be saved elsewhere (the keep-quote popover) into this card, which saves it and retries. */
  keepDraft(text: string): void {
    this.comment.value = text;
    this.commentSave.change(text);
    void this.commentSave.flush();
  }

  /** Saves a comment still being typed, e.g. before the list is redrawn. */
  flush(): Promise<void> {
    return this.commentSave.flush();
  }

  /** Stops autosaving once the card is gone (after {@link flush}). */
  dispose(): void {
    void this.commentSave.flush().finally(() => this.commentSave.dispose());
  }

  private showSaveState(state: SaveState, err?: unknown): void {
    const failedBefore = !this.commentError.hidden;
    this.comment.classList.toggle('unsaved', state === 'error');
    if (state !== 'error') {
      if (state === 'saved') this.commentError.hidden = true;
      return;
    }
    const message = err instanceof Error ? err.message : String(err);
    this.commentError.replaceChildren(
      h('span', { class: 'save-error-text' }, t('quote.comment.notSaved', { message })),
      h('button', { type: 'button', class: 'link-button', onclick: () => void this.commentSave.flush() }, t('action.retry')),
    );
    this.commentError.hidden = false;
    if (!failedBefore) toastError(err, t('error.comment'));
  }

  private pickColor(): void {
    const popover = new Popover(
      [
        colorPicker(t('quote.colour'), this.quote.color, (color, chosen) => {
          if (chosen) popover.close('done');
          void this.opts.actions.color(this.quote.id, color);
        }),
      ],
      { anchor: this.colorButton, label: t('quote.colour'), className: 'palette-popover' },
    );
    popover.open(popover.el.querySelector<HTMLElement>('[aria-checked="true"]'));
  }
}
