import { t } from '../i18n/i18n';
import { keymap } from 'prosemirror-keymap';
import { EditorState, TextSelection, type Command, type Selection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { Article } from '../../core/model';
import { QUOTE_KEY } from '../dom';
import { syncDomSelection } from '../selection';
import { announcePlugin } from './announce';
import { caretPlugin, setCaret } from './caret';
import { quoteSelection, selectedRange, type BodyRange } from './commands';
import { highlightKey, highlightPlugin, type HighlightMeta, type HighlightQuote } from './highlights';
import { pageMarkerPlugin } from './pageMarkers';
import { bodyMap } from './offsets';
import { articleDoc } from './schema';
import { HighlightTooltip } from './tooltip';

/** How the reader reports to whoever hosts it. */
export interface ReaderCallbacks {
  /** The reader asks to keep a body range as a quote (button, shortcut or menu). */
  onQuote(range: BodyRange): void;
  /** Whether there is now something to quote. */
  onCanQuoteChange(canQuote: boolean): void;
  /** A highlight was clicked, or activated with Enter or Space. */
  onHighlightClick(quoteId: number): void;
  /** The context menu was asked for at `at`, over a selection to quote and/or a highlight. */
  onContextMenu(at: DOMRect, target: { canQuote: boolean; quoteId: number | null }): void;
  /** What the tooltip of a highlight shows. */
  describe(quoteId: number): Node[] | null;
  /** What screen readers hear when the caret moves into highlights: the quotes, their tags and comments. */
  label(quoteIds: number[]): string;
}

/** What the reader shows: a text with its blocks and, for a PDF, where its pages start. */
export type ReaderText = Pick<Article, 'title' | 'body' | 'blocks' | 'pageStarts'>;

const FLASH_MS = 1400;
const MATCH_MS = 4000;

/** The read-only article view: selectable text, quote highlights with tooltips, and the keep-quote command. */
export class Reader {
  private readonly view: EditorView;
  private readonly command: Command;
  private readonly tooltip: HighlightTooltip;
  private canQuote = false;
  private pointerDown = false;
  private beforeMenu: Selection | null = null;
  private flashTimer: number | undefined;
  private matchTimer: number | undefined;

  constructor(
    mount: HTMLElement,
    private readonly callbacks: ReaderCallbacks,
  ) {
    this.command = quoteSelection((range) => callbacks.onQuote(range));
    this.view = new EditorView(mount, {
      state: this.freshState({ title: '', body: '', blocks: [] }),
      editable: () => false,
      attributes: { class: 'reader-doc', tabindex: '0', role: 'document', 'aria-label': t('reader.text') },
      dispatchTransaction: (tr) => {
        this.view.updateState(this.view.state.apply(tr));
        this.report();
      },
    });
    this.tooltip = new HighlightTooltip(this.view.dom, (id) => callbacks.describe(id));
    const dom = this.view.dom;
    dom.addEventListener('focusin', (e) => {
      // A click on a highlight focuses it; give focus back to the document so ProseMirror keeps tracking the selection.
      // Refocusing while the button is down would end a drag that started on the highlight, so wait for it to come up.
      const t = e.target as HTMLElement;
      if (t === dom) return;
      if (t.matches(':focus-visible')) {
        // Tab or Shift+Tab onto a highlight: the caret goes to its start, so Shift+arrows select from there.
        if (t.dataset.quoteId) this.caretTo(t);
        return;
      }
      if (!this.pointerDown) dom.focus({ preventScroll: true });
      else window.addEventListener('pointerup', () => document.activeElement === t && dom.focus({ preventScroll: true }), { once: true, capture: true });
    });
    dom.addEventListener('keydown', (e) => {
      const id = (e.target as HTMLElement).dataset?.quoteId;
      if (id && (e.key === 'Enter' || e.key === ' ')) {
        e.preventDefault();
        callbacks.onHighlightClick(Number(id));
      }
    });
    dom.addEventListener('pointerdown', (e) => (this.pointerDown = e.button === 0), true);
    window.addEventListener('pointerup', () => (this.pointerDown = false));
    dom.addEventListener(
      'mousedown',
      (e) => {
        // Some platforms collapse the selection on a right click before the menu event arrives; remember it.
        this.beforeMenu = e.button === 2 && this.canQuote ? this.view.state.selection : null;
      },
      true,
    );
    dom.addEventListener('contextmenu', (e) => this.onContextMenu(e));
  }

  private freshState(article: ReaderText): EditorState {
    return EditorState.create({
      doc: articleDoc(article),
      plugins: [
        keymap({
          [QUOTE_KEY]: (state, dispatch, view) => {
            if (view) syncDomSelection(view);
            return this.command(view?.state ?? state, dispatch, view);
          },
        }),
        highlightPlugin((id) => this.callbacks.onHighlightClick(id)),
        ...caretPlugin(() => this.view.dom.closest<HTMLElement>('[lang]')?.lang ?? ''),
        announcePlugin((ids) => this.callbacks.label(ids)),
        ...(article.pageStarts?.length ? [pageMarkerPlugin(article.pageStarts)] : []),
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

  private onContextMenu(e: MouseEvent): void {
    if (this.beforeMenu && !this.canQuote && this.beforeMenu.$from.doc === this.view.state.doc) {
      this.view.dispatch(this.view.state.tr.setSelection(this.beforeMenu));
    }
    this.beforeMenu = null;
    const hl = (e.target as HTMLElement).closest?.<HTMLElement>('[data-quote-id]');
    const quoteId = hl ? Number(hl.dataset.quoteId) : null;
    if (!this.canQuote && quoteId === null) return;
    e.preventDefault();
    this.tooltip.hide();
    let at = new DOMRect(e.clientX, e.clientY, 0, 0);
    if (e.button !== 2 || (e.clientX === 0 && e.clientY === 0)) {
      // Opened from the keyboard (Menu key, Shift+F10): point at the selection or the highlight.
      const r = this.canQuote ? window.getSelection()?.getRangeAt(0).getBoundingClientRect() : hl?.getBoundingClientRect();
      if (r) at = new DOMRect(r.left, r.bottom, 0, 0);
    }
    this.callbacks.onContextMenu(at, { canQuote: this.canQuote, quoteId });
  }

  /** Puts a collapsed caret at the start of an element of the text (a highlight that took focus). */
  private caretTo(el: HTMLElement): void {
    let pos: number;
    try {
      pos = this.view.posAtDOM(el, 0);
    } catch {
      return;
    }
    const { selection } = this.view.state;
    if (!selection.empty || selection.head !== pos) setCaret(this.view, pos, pos, false);
  }

  private send(meta: HighlightMeta): void {
    this.view.dispatch(this.view.state.tr.setMeta(highlightKey, meta));
  }

  /** Shows an article, replacing whatever was open; a PDF's text shows where its pages start. */
  open(article: ReaderText): void {
    window.clearTimeout(this.flashTimer);
    window.clearTimeout(this.matchTimer);
    this.tooltip.hide();
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
  reveal(quoteId: number, behavior: ScrollBehavior = 'smooth'): void {
    window.clearTimeout(this.flashTimer);
    this.send({ activeId: quoteId, flashId: quoteId });
    this.view.dom.querySelector(`[data-quote-id="${quoteId}"]`)?.scrollIntoView({ block: 'center', behavior });
    this.flashTimer = window.setTimeout(() => this.send({ flashId: null }), FLASH_MS);
  }

  /** Marks a body range found by a search and selects it (ready to quote), scrolls it into view and flashes it; the mark fades after a while. */
  showMatch(range: BodyRange, behavior: ScrollBehavior = 'smooth'): void {
    window.clearTimeout(this.matchTimer);
    this.send({ match: range });
    this.select(range);
    this.view.dom.querySelector('.search-match')?.scrollIntoView({ block: 'center', behavior });
    this.matchTimer = window.setTimeout(() => this.send({ match: null }), MATCH_MS);
  }

  /** Selects a body range in the reader (and the page), giving the reader focus. */
  select(range: BodyRange): void {
    const [first, ...rest] = bodyMap(this.view.state.doc).toPositions(range.start, range.end);
    const last = rest[rest.length - 1] ?? first;
    if (!first || !last) return;
    this.view.dom.focus({ preventScroll: true });
    setCaret(this.view, first.from, last.to);
  }

  /** The screen rectangle of the end of a quote's highlight (where a popover about it points). */
  highlightRect(quoteId: number): DOMRect | null {
    const pieces = this.view.dom.querySelectorAll(`[data-quote-id="${quoteId}"]`);
    const last = pieces[pieces.length - 1];
    if (!last) return null;
    const rects = last.getClientRects();
    return rects[rects.length - 1] ?? last.getBoundingClientRect();
  }

  /** The body range of the selection, when it holds text that can be kept. */
  get selection(): BodyRange | null {
    return selectedRange(this.view.state);
  }

  /** True when the selection holds text that can be kept. */
  get hasQuotableSelection(): boolean {
    return this.canQuote;
  }

  /** Runs the keep-quote command on the current selection; false when there is nothing to keep. */
  quote(): boolean {
    return this.command(this.view.state, this.view.dispatch, this.view);
  }

  /** The selected text, for copying. */
  get selectedText(): string {
    const { from, to } = this.view.state.selection;
    return this.view.state.doc.textBetween(from, to, '\n\n');
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
