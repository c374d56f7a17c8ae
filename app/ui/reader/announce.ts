import { Plugin, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { h } from '../dom';
import { highlightKey } from './highlights';

/** The quotes whose highlights hold the selection's head, shortest first. */
export function quotesAtHead(state: EditorState): number[] {
  const hl = highlightKey.getState(state);
  if (!hl) return [];
  const head = state.selection.head;
  const ids = new Set(hl.quotes.map((q) => q.id));
  const under = hl.decorations
    .find(head, head + 1)
    .filter((d) => d.from <= head && head < d.to)
    .map((d) => (d.spec as { quoteId?: number }).quoteId)
    .filter((id): id is number => id !== undefined && ids.has(id));
  return [...new Set(under)];
}

/**
 * Tells screen readers, through a polite live region, which quotes the caret has
 * moved into (their tags and comment, as `label` words them), so highlights are
 * heard while reading with the keyboard and not only seen.
 */
export function announcePlugin(label: (quoteIds: number[]) => string): Plugin {
  return new Plugin({
    view(view: EditorView) {
      const live = h('div', { class: 'visually-hidden reader-live', role: 'status', 'aria-live': 'polite' });
      view.dom.parentElement?.append(live);
      let last = '';
      return {
        update(v) {
          const active = document.activeElement;
          const focused = active instanceof Node && v.dom.contains(active);
          const ids = focused ? quotesAtHead(v.state) : [];
          const key = ids.join(',');
          if (key === last) return;
          last = key;
          // A highlight that has focus is read out with its description already; saying it again would repeat it.
          const focusedQuote = active instanceof HTMLElement && active !== v.dom ? Number(active.dataset.quoteId) : NaN;
          live.textContent = ids.length && !ids.includes(focusedQuote) ? label(ids) : '';
        },
        destroy: () => live.remove(),
      };
    },
  });
}
