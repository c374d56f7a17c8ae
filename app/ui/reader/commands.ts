import type { Command, EditorState } from 'prosemirror-state';
import { bodyMap } from './offsets';

/** A UTF-16 range of the article body. */
export interface BodyRange {
  start: number;
  end: number;
}

/** The body range the selection covers, or null when it is empty, whitespace only, or outside the body. */
export function selectedRange(state: EditorState): BodyRange | null {
  const { from, to, empty } = state.selection;
  if (empty || !state.doc.textBetween(from, to, '\n').trim()) return null;
  return bodyMap(state.doc).toRange(from, to);
}

/**
 * A command that keeps the selection as a quote by handing its body range to
 * `keep`. Called without `dispatch` it only tells whether there is anything to keep.
 */
export function quoteSelection(keep: (range: BodyRange) => void): Command {
  return (state, dispatch) => {
    const range = selectedRange(state);
    if (!range) return false;
    if (dispatch) keep(range);
    return true;
  };
}
