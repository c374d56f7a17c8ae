import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { t } from '../i18n/i18n';
import { bodyMap } from './offsets';

/** Key of the page-marker plugin. */
export const pageMarkerKey = new PluginKey<DecorationSet>('page-markers');

/**
 * One marker: a small label in the margin (`p. 12`, drawn by CSS from `data-label`, so it
 * is never part of the text, a selection or a copy) that screen readers announce as a
 * separator named "Page 12". (DPUB's `doc-pagebreak` would say more, but axe-core does not
 * accept a name on it outside `<hr>`, and a marker inside a paragraph cannot be an `<hr>`.)
 */
function marker(page: number): HTMLElement {
  const el = document.createElement('span');
  el.className = 'page-marker';
  el.setAttribute('role', 'separator');
  el.setAttribute('aria-label', t('reader.page', { page }));
  el.dataset.label = t('reader.pageShort', { page });
  el.dataset.page = String(page);
  el.contentEditable = 'false';
  return el;
}

/**
 * Widgets at the body offsets where pages start. A page that starts with a block gets its
 * marker before the block (so a heading's name stays its own text); one that starts inside
 * a paragraph (a paragraph running over a page break) gets it in the text. An offset between
 * blocks marks the next block.
 */
function build(doc: PMNode, pageStarts: readonly number[]): DecorationSet {
  const map = bodyMap(doc);
  const decos: Decoration[] = [];
  pageStarts.forEach((start, i) => {
    const at = map.toPositions(start, Number.MAX_SAFE_INTEGER)[0];
    if (!at) return;
    const page = i + 1;
    const pos = doc.resolve(at.from).parentOffset === 0 ? at.from - 1 : at.from;
    decos.push(Decoration.widget(pos, () => marker(page), { side: -1, key: `page-${page}`, ignoreSelection: true, marks: [] }));
  });
  return DecorationSet.create(doc, decos);
}

/** Page markers for an article read from a PDF: one at the start of each page. The reader is read-only, so they are built once per document. */
export function pageMarkerPlugin(pageStarts: readonly number[]): Plugin<DecorationSet> {
  return new Plugin<DecorationSet>({
    key: pageMarkerKey,
    state: {
      init: (_, state) => build(state.doc, pageStarts),
      apply: (tr, set) => (tr.docChanged ? build(tr.doc, pageStarts) : set),
    },
    props: {
      decorations: (state) => pageMarkerKey.getState(state),
    },
  });
}
