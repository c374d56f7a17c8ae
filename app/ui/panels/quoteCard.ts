import type { Quote } from '../../core/model';
import { Autosave } from '../autosave';
import type { Catalog } from '../catalog';
import { callOnExit } from '../client';
import { formatDate, h } from '../dom';
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
  private readonly commentSave: Autosave<string>;

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
      title: 'Show in the article · drag into a note to embed it',
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
      label: 'Add tags',
      placeholder: 'Add tags, e.g. region/Korea',
      tags: () => catalog.tags,
      colorOf: (p) => catalog.tagColor(p),
      onAdd: (paths) => actions.tag(this.quote.id, paths),
      onRemove: (path) => actions.untag(this.quote.id, path),
    });
    this.commentSave = new Autosave<string>({
      delay: COMMENT_DELAY_MS,
      save: (text) => actions.comment(this.quote.id, text),
      saveOnExit: async (text) => void (await callOnExit('quotes:update', { id: this.quote.id, comment: text })),
      onState: (state, err) => {
        this.comment.classList.toggle('unsaved', state === 'error');
        if (state === 'error') toastError(err, 'The comment was not saved');
      },
    });
    this.comment = h('textarea', {
      class: 'quote-comment',
      rows: 1,
      placeholder: 'Add a comment…',
      'aria-label': 'Comment',
      oninput: () => this.commentSave.change(this.comment.value),
      onblur: () => void this.commentSave.flush(),
    });
    this.colorButton = h('button', {
      type: 'button',
      class: 'color-button',
      onclick: () => this.pickColor(),
    });
    this.time = h('time', {});
    this.el = h(
      'li',
      { class: 'quote-card', 'data-quote-id': quote.id },
      this.text,
      this.source,
      this.tags.el,
      this.comment,
      h(
        'footer',
        { class: 'quote-footer' },
        this.time,
        h(
          'span',
          { class: 'quote-actions' },
          this.colorButton,
          h('button', { type: 'button', class: 'link-button danger', 'aria-label': 'Delete quote', onclick: () => actions.delete(this.quote.id) }, 'Delete'),
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
        h('span', { class: 'quote-source-title', lang: article?.lang ?? null }, article?.title ?? `Article ${quote.articleId}`),
      );
    }
    this.tags.setTags(quote.tags);
    if (document.activeElement !== this.comment && !this.commentSave.busy) this.comment.value = quote.comment;
    const color = catalog.quoteColor(quote);
    if (color) this.el.style.setProperty('--quote-color', color);
    else this.el.style.removeProperty('--quote-color');
    this.colorButton.setAttribute('aria-label', `Colour: ${colorName(quote.color)}`);
    this.colorButton.title = `Colour: ${colorName(quote.color)}`;
    this.time.dateTime = quote.createdAt;
    this.time.textContent = formatDate(quote.createdAt, true);
  }

  /** The quote shown. */
  get current(): Quote {
    return this.quote;
  }

  /** Saves a comment still being typed, e.g. before the list is redrawn. */
  flush(): Promise<void> {
    return this.commentSave.flush();
  }

  /** Stops autosaving once the card is gone (after {@link flush}). */
  dispose(): void {
    void this.commentSave.flush().finally(() => this.commentSave.dispose());
  }

  private pickColor(): void {
    const popover = new Popover(
      [
        colorPicker('Quote colour', this.quote.color, (color, chosen) => {
          if (chosen) popover.close('done');
          void this.opts.actions.color(this.quote.id, color);
        }),
      ],
      { anchor: this.colorButton, label: 'Quote colour', className: 'palette-popover' },
    );
    popover.open(popover.el.querySelector<HTMLElement>('[aria-checked="true"]'));
  }
}
