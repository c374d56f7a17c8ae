import type { Node as PMNode } from 'prosemirror-model';
import { Plugin, PluginKey, type EditorState, type Transaction } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import { bodyMap } from './offsets';
import { HighlightTooltip } from './tooltip';

/** What the highlighter needs to know about a quote. */
export interface HighlightQuote {
  id: number;
  start: number;
  end: number;
  color: string | null;
}

/** The highlighter's state: the quotes it draws, which one is selected, which one flashes, and a found passage. */
interface HighlightState {
  quotes: HighlightQuote[];
  activeId: number | null;
  flashId: number | null;
  /** A body range to mark as a search match (not a quote). */
  match: { start: number; end: number } | null;
  decorations: DecorationSet;
}

/** Changes to the highlighter, sent as transaction metadata under {@link highlightKey}. */
export type HighlightMeta = Partial<Pick<HighlightState, 'quotes' | 'activeId' | 'flashId' | 'match'>>;

/** Key of the highlight plugin, for reading its state and sending it metadata. */
export const highlightKey = new PluginKey<HighlightState>('quote-highlights');

function overlapping(quotes: HighlightQuote[]): Set<number> {
  const ids = new Set<number>();
  const sorted = [...quotes].sort((a, b) => a.start - b.start || b.end - a.end);
  let reach: HighlightQuote | null = null;
  for (const q of sorted) {
    if (reach && q.start < reach.end) {
      ids.add(q.id);
      ids.add(reach.id);
    }
    if (!reach || q.end > reach.end) reach = q;
  }
  return ids;
}

/** Attributes of each quote's first piece: one tab stop per quote, described by the highlight tooltip. */
const FOCUSABLE = { tabindex: '0', 'aria-describedby': HighlightTooltip.id };

/**
 * Cuts the quotes at every quote boundary so that overlapping highlights share
 * exact pieces; pieces are emitted shortest quote first, which ProseMirror nests
 * innermost, so a short quote inside a long one shows its own colour on top.
 */
function build(doc: PMNode, s: Omit<HighlightState, 'decorations'>): DecorationSet {
  const map = bodyMap(doc);
  const overlaps = overlapping(s.quotes);
  const cuts = [...new Set(s.quotes.flatMap((q) => [q.start, q.end]))].sort((a, b) => a - b);
  const decos: Decoration[] = [];
  const ordered = [...s.quotes].sort((a, b) => a.end - a.start - (b.end - b.start) || a.id - b.id);
  for (const q of ordered) {
    const classes = ['quote-highlight'];
    if (overlaps.has(q.id)) classes.push('quote-overlap');
    if (q.color) classes.push('quote-colored');
    if (q.id === s.activeId) classes.push('quote-active');
    if (q.id === s.flashId) classes.push('quote-flash');
    const attrs: Record<string, string> = { nodeName: 'mark', class: classes.join(' '), 'data-quote-id': String(q.id) };
    if (q.color) attrs.style = `--quote-color: ${q.color}`;
    const inside = [q.start, ...cuts.filter((c) => c > q.start && c < q.end), q.end];
    let first = true;
    for (let i = 1; i < inside.length; i++) {
      for (const r of map.toPositions(inside[i - 1]!, inside[i]!)) {
        decos.push(Decoration.inline(r.from, r.to, first ? { ...attrs, ...FOCUSABLE } : attrs, { quoteId: q.id }));
        first = false;
      }
    }
  }
  if (s.match) {
    for (const r of map.toPositions(s.match.start, s.match.end)) decos.push(Decoration.inline(r.from, r.to, { nodeName: 'mark', class: 'search-match' }));
  }
  return DecorationSet.create(doc, decos);
}

/**
 * Draws kept quotes as inline decorations keyed by quote id, one nested span per
 * quote so overlaps stay visible, and reports clicks on them through `onClick`
 * (the shortest quote under the pointer wins).
 */
export function highlightPlugin(onClick: (quoteId: number) => void): Plugin<HighlightState> {
  return new Plugin<HighlightState>({
    key: highlightKey,
    state: {
      init: (_config, state) => ({ quotes: [], activeId: null, flashId: null, match: null, decorations: DecorationSet.create(state.doc, []) }),
      apply(tr: Transaction, prev: HighlightState): HighlightState {
        const meta = tr.getMeta(highlightKey) as HighlightMeta | undefined;
        if (!meta) return tr.docChanged ? { ...prev, decorations: prev.decorations.map(tr.mapping, tr.doc) } : prev;
        const next = { quotes: prev.quotes, activeId: prev.activeId, flashId: prev.flashId, match: prev.match, ...meta };
        return { ...next, decorations: build(tr.doc, next) };
      },
    },
    props: {
      decorations: (state: EditorState) => highlightKey.getState(state)?.decorations,
      handleClick(view, pos) {
        const hl = highlightKey.getState(view.state);
        if (!hl) return false;
        const under = new Set(
          hl.decorations
            .find(pos, pos)
            .filter((d) => d.from < pos || d.to > pos)
            .map((d) => (d.spec as { quoteId: number }).quoteId),
        );
        const hit = hl.quotes.filter((q) => under.has(q.id)).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
        if (hit) onClick(hit.id);
        return false;
      },
    },
  });
}
