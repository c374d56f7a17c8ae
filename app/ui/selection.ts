import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/**
 * Takes over a text selection the browser made inside a ProseMirror view that the view
 * has not read yet (its selectionchange arrives a moment later), so that a shortcut
 * pressed right after selecting with the keyboard acts on what is selected.
 */
export function syncDomSelection(view: EditorView): void {
  const dom = window.getSelection();
  if (!dom?.rangeCount || !dom.anchorNode || !dom.focusNode || !view.dom.contains(dom.anchorNode) || !view.dom.contains(dom.focusNode)) return;
  const anchor = view.posAtDOM(dom.anchorNode, dom.anchorOffset);
  const head = view.posAtDOM(dom.focusNode, dom.focusOffset);
  const { selection, doc } = view.state;
  if (selection.anchor === anchor && selection.head === head) return;
  view.dispatch(view.state.tr.setSelection(TextSelection.between(doc.resolve(anchor), doc.resolve(head))));
}
