import type { Node as PMNode } from 'prosemirror-model';

/** A textblock of the reader that shows part of the body: its document position and body range. */
interface Segment {
  /** Position just before the node; its text starts at `pos + 1`. */
  pos: number;
  start: number;
  end: number;
}

/**
 * Converts between ProseMirror positions in the reader document and UTF-16 offsets
 * in the article body. Blocks sit in body order, separated by "\n\n" that has no
 * position of its own, so a range spanning blocks covers the separators too.
 */
export class BodyMap {
  private readonly segments: Segment[] = [];

  constructor(doc: PMNode) {
    doc.forEach((node, pos) => {
      const start = node.attrs.start as number | null;
      if (node.isTextblock && start !== null) this.segments.push({ pos, start, end: start + node.content.size });
    });
  }

  /** Body offset of a document position; positions outside any body block snap to the nearest block edge. */
  toOffset(pos: number): number | null {
    let prev: Segment | undefined;
    for (const s of this.segments) {
      const from = s.pos + 1;
      const to = from + (s.end - s.start);
      if (pos < from) return prev ? prev.end : s.start;
      if (pos <= to) return s.start + (pos - from);
      prev = s;
    }
    return prev ? prev.end : null;
  }

  /** Body range of a document range, or null when it covers no body text. */
  toRange(from: number, to: number): { start: number; end: number } | null {
    const start = this.toOffset(from);
    const end = this.toOffset(to);
    return start === null || end === null || end <= start ? null : { start, end };
  }

  /** Document ranges (one per block touched) that show the body range `[start, end)`. */
  toPositions(start: number, end: number): { from: number; to: number }[] {
    const out: { from: number; to: number }[] = [];
    for (const s of this.segments) {
      const a = Math.max(start, s.start);
      const b = Math.min(end, s.end);
      if (a < b) out.push({ from: s.pos + 1 + (a - s.start), to: s.pos + 1 + (b - s.start) });
    }
    return out;
  }
}

const maps = new WeakMap<PMNode, BodyMap>();

/** The position ↔ body offset map of a reader document, computed once per document. */
export function bodyMap(doc: PMNode): BodyMap {
  let map = maps.get(doc);
  if (!map) maps.set(doc, (map = new BodyMap(doc)));
  return map;
}
