import { lift, setBlockType, toggleMark, wrapIn } from 'prosemirror-commands';
import { closeHistory, redo, undo } from 'prosemirror-history';
import type { MarkType, NodeType } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { NodeSelection, type Command, type EditorState } from 'prosemirror-state';
import { dropPoint } from 'prosemirror-transform';
import { noteSchema, QUOTE_EMBED } from './schema';

const { nodes, marks } = noteSchema;

/** True when the selection (or the stored marks at the cursor) carries `type`. */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** True when the selection's parent block is `type` with `attrs`. */
export function blockActive(state: EditorState, type: NodeType, attrs: Record<string, unknown> = {}): boolean {
  const { $from, to } = state.selection;
  return to <= $from.end() && $from.parent.hasMarkup(type, attrs);
}

/** True when the selection sits inside a node of `type` (a list or a blockquote). */
export function insideNode(state: EditorState, type: NodeType): boolean {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}

/** Turns the block into a heading of `level`, or back into a paragraph when it already is one. */
export function toggleHeading(level: number): Command {
  return (state, dispatch) =>
    blockActive(state, nodes.heading!, { level }) ? setBlockType(nodes.paragraph!)(state, dispatch) : setBlockType(nodes.heading!, { level })(state, dispatch);
}

/** Wraps in (or lifts out of) a list or blockquote. */
export function toggleWrap(type: NodeType): Command {
  const isList = type === nodes.bullet_list || type === nodes.ordered_list;
  return (state, dispatch) => {
    if (insideNode(state, type)) return isList ? liftListItem(nodes.list_item!)(state, dispatch) : lift(state, dispatch);
    return isList ? wrapInList(type)(state, dispatch) : wrapIn(type)(state, dispatch);
  };
}

/** Bold, italic, inline code. */
export const toggleStrong = toggleMark(marks.strong!);
export const toggleEm = toggleMark(marks.em!);
export const toggleCode = toggleMark(marks.code!);
export { redo, undo };

/** Sets a link on the selection (or removes it with an empty `href`). */
export function setLink(href: string): Command {
  return (state, dispatch) => {
    const { from, to, empty } = state.selection;
    if (empty) return false;
    if (dispatch) {
      const tr = state.tr.removeMark(from, to, marks.link!);
      if (href) tr.addMark(from, to, marks.link!.create({ href }));
      dispatch(tr.scrollIntoView());
    }
    return true;
  };
}

/** Inserts a quote embed at `pos` (a drop point) or in place of the selection, then selects it; each insertion is its own undo step. */
export function insertQuote(quoteId: number, pos?: number): Command {
  return (state, dispatch) => {
    const node = nodes[QUOTE_EMBED]!.create({ quoteId });
    let at = pos ?? null;
    if (at !== null) at = dropPoint(state.doc, at, node.type.schema.node('doc', null, [node]).slice(0));
    if (at === null) {
      const tr = state.tr.replaceSelectionWith(node);
      if (dispatch) {
        const embedPos = tr.selection.from - node.nodeSize;
        if (embedPos >= 0 && tr.doc.nodeAt(embedPos)?.type === node.type) tr.setSelection(NodeSelection.create(tr.doc, embedPos));
        dispatch(closeHistory(tr).scrollIntoView());
      }
      return true;
    }
    if (dispatch) {
      const tr = state.tr.insert(at, node);
      tr.setSelection(NodeSelection.create(tr.doc, at));
      dispatch(closeHistory(tr).scrollIntoView());
    }
    return true;
  };
}

/** The quote id of a selected embed, if one is selected. */
export function selectedEmbed(state: EditorState): number | null {
  const sel = state.selection;
  return sel instanceof NodeSelection && sel.node.type === nodes[QUOTE_EMBED] ? (sel.node.attrs.quoteId as number) : null;
}

/** Inserts a Bibliography block at the cursor (a note needs only one: refused when it has one). */
export function insertBibliography(): Command {
  return (state, dispatch) => {
    const type = nodes.bibliography!;
    let present = false;
    state.doc.descendants((n) => {
      if (n.type === type) present = true;
      return !present;
    });
    if (present) return false;
    if (dispatch) dispatch(state.tr.replaceSelectionWith(type.create()).scrollIntoView());
    return true;
  };
}
