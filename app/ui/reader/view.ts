import { keymap } from 'prosemirror-keymap';
import { EditorState, TextSelection, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Article } from '../../core/model';
import { quoteSelection, type BodyRange } from './commands';
import { highlightKey, highlightPlugin, type HighlightMeta, type HighlightQuote } from './highlights';
import { articleDoc } from './schema';

/** How the reader reports to whoever hosts it. */
export interface ReaderCallbacks {
  /** The reader asks to keep a body range as a quote (button or shortcut). */
  onQuote(range: BodyRange): void;
  /** Whether there is now something to quote. */
  onCanQuoteChange(canQuote: boolean): void;
  /** A highlight was clicked. */
  onHighlightClick(quoteId: number): void;
}

const FLASH_MS = 1400;

/** The read-only article view: selectable text, quote highlights, and the keep-quote command. */
export class Reader {
  private readonly view: EditorView;
  private readonly command: Command;
  private canQuote = false;
  private flashTimer: number | undefined;

  constructor(
    mount: HTMLElement,
    private readonly callbacks: ReaderCallbacks,
  ) {
    this.command = quoteSelection((range) => callbacks.onQuote(range));
    this.view = new EditorView(mount, {
      state: this.freshState({ title: '', body: '', blocks: [] }),
      editable: () => false,
      attributes: { class: 'reader-doc', tabindex: '0', role: 'document', 'aria-label': 'Article text' },
      dispatchTransaction: (tr) => {
        this.view.updateState(this.view.state.apply(tr));
        this.report();
      },
    });
  }

  private freshState(article: Pick<Article, 'title' | 'body' | 'blocks'>): EditorState {
    return EditorState.create({
      doc: articleDoc(article),
      plugins: [
        keymap({ 'Mod-Shift-q': this.command }),
        highlightPlugin((id) => this.callbacks.onHighlightClick(id)),
      ],
    });
  }

  private report(): void {
    const can = this.command(this.view.state);
    if (can !== this.canQuote) {
      this.canQuote = can;
      this.callbacks.onCanQuoteChange(can);
    }
  }

  private send(meta: HighlightMeta): void {
    this.view.dispatch(this.view.state.tr.setMeta(highlightKey, meta));
  }

  /** Shows an article, replacing whatever was open, and scrolls to its top. */
  open(article: Pick<Article, 'title' | 'body' | 'blocks'>): void {
    window.clearTimeout(this.flashTimer);
    this.view.updateState(this.freshState(article));
    this.report();
  }

  /** Replaces the highlighted quotes. */
  setQuotes(quotes: HighlightQuote[]): void {
    this.send({ quotes: quotes.map(({ id, start, end, color }) => ({ id, start, end, color })) });
  }

  /** Marks one quote as the selected one (or none). */
  setActive(quoteId: number | null): void {
    this.send({ activeId: quoteId });
  }

  /** Scrolls a quote's highlight into view and flashes it. */
  reveal(quoteId: number): void {
    window.clearTimeout(this.flashTimer);
    this.send({ activeId: quoteId, flashId: quoteId });
    this.view.dom.querySelector(`[data-quote-id="${quoteId}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
    this.flashTimer = window.setTimeout(() => this.send({ flashId: null }), FLASH_MS);
  }

  /** True when the selection holds text that can be kept. */
  get hasQuotableSelection(): boolean {
    return this.canQuote;
  }

  /** Runs the keep-quote command on the current selection; false when there is nothing to keep. */
  quote(): boolean {
    return this.command(this.view.state, this.view.dispatch, this.view);
  }

  /** Collapses the selection to its end, e.g. once its quote is kept. */
  collapseSelection(): void {
    const { state } = this.view;
    this.view.dispatch(state.tr.setSelection(TextSelection.create(state.doc, state.selection.to)));
    const dom = window.getSelection();
    if (dom?.rangeCount && this.view.dom.contains(dom.anchorNode)) dom.collapseToEnd();
  }

  /** The element holding the article text. */
  get dom(): HTMLElement {
    return this.view.dom;
  }
}
