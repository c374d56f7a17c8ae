import { keydownHandler } from 'prosemirror-keymap';
import { Plugin, TextSelection, type Command, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { isMac } from '../dom';
import { CARET_KEYS, SELECT_ALL_KEY, type CaretMove } from './caretKeys';
import { bodyExtent, docEdges, move, type Unit } from './motion';

/** How far the caret may look for the next line before giving up (CSS pixels). */
const LINE_SEARCH_PX = 400;

/** Where a key sends the selection's head, given the state, the view and whether Shift extends. */
type Target = (state: EditorState, view: EditorView, extend: boolean) => number | null;

/** The nearest ancestor of `el` that scrolls vertically, or the page. */
function scrollParent(el: Element): Element {
  for (let p = el.parentElement; p; p = p.parentElement) {
    if (/(auto|scroll)/.test(getComputedStyle(p).overflowY)) return p;
  }
  return document.scrollingElement ?? document.documentElement;
}

/** Puts the selection `anchor`…`head` in the state and the page, and scrolls the head into view unless `scroll` is false. */
export function setCaret(view: EditorView, anchor: number, head: number, scroll = true): void {
  const { state } = view;
  const tr = state.tr.setSelection(TextSelection.create(state.doc, anchor, head));
  view.dispatch(scroll ? tr.scrollIntoView() : tr);
  const a = view.domAtPos(anchor);
  const b = view.domAtPos(head);
  try {
    document.getSelection()?.setBaseAndExtent(a.node, a.offset, b.node, b.offset);
  } catch {
    // A position the browser cannot hold a selection at: the state still has it.
  }
}

/**
 * The caret of the read-only reader: a selection moved from the keyboard by
 * character, word, sentence (`。！？` included), line and paragraph, Shift to
 * extend it, Home/End and Select All over the article text only. The browser draws
 * no caret in text that cannot be edited, so the plugin draws one.
 */
export function caretPlugin(lang: () => string): Plugin[] {
  let goalX: number | null = null;
  let goalHead = -1;

  /** A command that moves the head to `target(state, view)`, extending the selection with Shift. */
  const go =
    (extend: boolean, target: Target, vertical = false): Command =>
    (state, dispatch, view) => {
      if (!view) return false;
      const head = target(state, view, extend);
      if (head === null) return false;
      if (!vertical) goalX = null;
      if (dispatch) setCaret(view, extend ? state.selection.anchor : head, head);
      if (vertical) goalHead = head;
      return true;
    };

  const step = (unit: Unit, dir: 1 | -1) => (state: EditorState, _view: EditorView, extend: boolean) => {
    const { selection } = state;
    // Without Shift, a selection collapses to its edge on the first step by a character.
    if (!extend && !selection.empty && unit === 'char') return dir > 0 ? selection.to : selection.from;
    return move(state.doc, selection.head, unit, dir, lang());
  };

  const line = (dir: 1 | -1) => (state: EditorState, view: EditorView) => {
    const head = state.selection.head;
    let c = view.coordsAtPos(head);
    const scroller = scrollParent(view.dom);
    const box = scroller.getBoundingClientRect();
    const margin = (c.bottom - c.top) * 3;
    if ((dir > 0 && c.bottom + margin > box.bottom) || (dir < 0 && c.top - margin < box.top)) {
      scroller.scrollTop += dir * (box.height / 3);
      c = view.coordsAtPos(head);
    }
    if (goalX === null || goalHead !== head) goalX = c.left;
    for (let dy = 2; dy < LINE_SEARCH_PX; dy += 4) {
      const top = dir > 0 ? c.bottom + dy : c.top - dy;
      const found = view.posAtCoords({ left: goalX, top });
      if (!found || found.pos === head) continue;
      const r = view.coordsAtPos(found.pos);
      if (dir > 0 ? r.top >= c.bottom - 1 : r.bottom <= c.top + 1) return found.pos;
    }
    const edges = docEdges(state.doc);
    return dir > 0 ? edges.to : edges.from;
  };

  const lineEdge = (dir: 1 | -1) => (state: EditorState, view: EditorView) => {
    const head = state.selection.head;
    const c = view.coordsAtPos(head);
    const at = view.domAtPos(head).node;
    const block = (at instanceof Element ? at : at.parentElement)?.closest('p, h1, h2');
    if (!block) return head;
    const r = block.getBoundingClientRect();
    const found = view.posAtCoords({ left: dir > 0 ? r.right - 1 : r.left + 1, top: (c.top + c.bottom) / 2 });
    return found?.pos ?? head;
  };

  const targets: Record<CaretMove, (dir: 1 | -1) => { target: Target; vertical?: boolean }> = {
    char: (dir) => ({ target: step('char', dir) }),
    word: (dir) => ({ target: step('word', dir) }),
    sentence: (dir) => ({ target: step('sentence', dir) }),
    paragraph: (dir) => ({ target: step('paragraph', dir) }),
    line: (dir) => ({ target: line(dir), vertical: true }),
    lineEdge: (dir) => ({ target: lineEdge(dir) }),
    docEdge: (dir) => ({ target: (s) => (dir > 0 ? docEdges(s.doc).to : docEdges(s.doc).from) }),
  };
  const bindings: Record<string, Command> = {};
  for (const row of CARET_KEYS) {
    for (const [backward, forward] of isMac ? row.mac : row.other) {
      for (const [key, dir] of [
        [backward, -1],
        [forward, 1],
      ] as const) {
        const { target, vertical = false } = targets[row.move](dir);
        bindings[key] = go(false, target, vertical);
        bindings[`Shift-${key}`] = go(true, target, vertical);
      }
    }
  }
  bindings[SELECT_ALL_KEY] = (state, dispatch, view) => {
    const body = bodyExtent(state.doc);
    if (!body || !view) return false;
    if (dispatch) setCaret(view, body.from, body.to);
    return true;
  };

  // A view that cannot be edited skips ProseMirror's keydown props, so the keys are read from the DOM event.
  const handle = keydownHandler(bindings);
  return [
    new Plugin({
      props: {
        handleDOMEvents: {
          keydown: (view, event) => {
            if (event.isComposing || !handle(view, event)) return false;
            event.preventDefault();
            return true;
          },
        },
      },
      view: (view) => new CaretView(view),
    }),
  ];
}

/** The drawn caret: a thin bar at the selection's head while the reader has focus and nothing is selected. */
class CaretView {
  private readonly bar: HTMLElement;
  private readonly sync = () => this.update();
  private readonly resize: ResizeObserver;

  constructor(private readonly view: EditorView) {
    this.bar = document.createElement('div');
    this.bar.className = 'reader-caret';
    this.bar.setAttribute('aria-hidden', 'true');
    this.bar.hidden = true;
    view.dom.parentElement?.append(this.bar);
    view.dom.addEventListener('focusin', this.sync);
    view.dom.addEventListener('focusout', this.sync);
    this.resize = new ResizeObserver(this.sync);
    this.resize.observe(view.dom);
    this.update();
  }

  update(): void {
    const { view, bar } = this;
    const parent = bar.parentElement;
    const focused = document.activeElement instanceof Node && view.dom.contains(document.activeElement);
    if (!parent || !focused || !view.state.selection.empty) {
      bar.hidden = true;
      return;
    }
    const c = view.coordsAtPos(view.state.selection.head);
    const p = parent.getBoundingClientRect();
    bar.hidden = false;
    bar.style.left = `${c.left - p.left}px`;
    bar.style.top = `${c.top - p.top}px`;
    bar.style.height = `${c.bottom - c.top}px`;
    // Restart the blink so the caret is visible right after it moves.
    bar.classList.remove('reader-caret');
    void bar.offsetWidth;
    bar.classList.add('reader-caret');
  }

  destroy(): void {
    this.view.dom.removeEventListener('focusin', this.sync);
    this.view.dom.removeEventListener('focusout', this.sync);
    this.resize.disconnect();
    this.bar.remove();
  }
}
