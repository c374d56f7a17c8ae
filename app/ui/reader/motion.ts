import type { Node as PMNode } from 'prosemirror-model';

/** How far a caret step goes: a character (grapheme), a word, a sentence or a paragraph. */
export type Unit = 'char' | 'word' | 'sentence' | 'paragraph';

/** A textblock of the reader document: where its text starts and ends, the text, and whether it is article text. */
interface Block {
  from: number;
  to: number;
  text: string;
  body: boolean;
}

/** Closing quotes and brackets that belong to the sentence before them. */
const CLOSERS = '」』”’"\')）\\]】》〉';
/**
 * A sentence end: CJK full stops, exclamation and question marks end a sentence
 * wherever they stand; Latin ones only before a space or the end of the block
 * (so `3.5` and `U.S.A` do not). Closing quotes and brackets stay with the sentence.
 */
const SENTENCE_END = new RegExp(`(?:[。！？｡‼⁇⁈⁉]+[.!?…]*|[.!?…]+(?=[${CLOSERS}]*(?:\\s|$)))[${CLOSERS}]*`, 'gu');

const blockCache = new WeakMap<PMNode, Block[]>();

/** The textblocks of a reader document in order (computed once per document). */
export function textBlocks(doc: PMNode): Block[] {
  let blocks = blockCache.get(doc);
  if (!blocks) {
    blocks = [];
    doc.forEach((node, pos) => {
      if (node.isTextblock) blocks!.push({ from: pos + 1, to: pos + 1 + node.content.size, text: node.textContent, body: node.attrs.start !== null });
    });
    blockCache.set(doc, blocks);
  }
  return blocks;
}

const segmenters = new Map<string, Intl.Segmenter>();

function segmenter(lang: string, granularity: 'grapheme' | 'word'): Intl.Segmenter {
  const key = `${lang}|${granularity}`;
  let s = segmenters.get(key);
  if (!s) {
    try {
      s = new Intl.Segmenter(lang || undefined, { granularity });
    } catch {
      s = new Intl.Segmenter(undefined, { granularity });
    }
    segmenters.set(key, s);
  }
  return s;
}

/** Offsets in `text` where a caret moving forward (`dir` 1) or backward (-1) by `unit` stops. */
export function stops(text: string, unit: Unit, dir: 1 | -1, lang = ''): number[] {
  if (unit === 'paragraph') return [dir > 0 ? text.length : 0];
  if (unit === 'char') {
    const out = [...segmenter(lang, 'grapheme').segment(text)].map((s) => s.index);
    out.push(text.length);
    return out;
  }
  if (unit === 'word') {
    return [...segmenter(lang, 'word').segment(text)].filter((s) => s.isWordLike).map((s) => (dir > 0 ? s.index + s.segment.length : s.index));
  }
  const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index + m[0].length);
  if (dir > 0) return ends.at(-1) === text.length ? ends : [...ends, text.length];
  const starts = [0];
  for (const end of ends) {
    const start = end + (/^\s*/.exec(text.slice(end))?.[0].length ?? 0);
    if (start < text.length && start !== starts.at(-1)) starts.push(start);
  }
  return starts;
}

function blockAt(blocks: Block[], pos: number): number {
  const i = blocks.findIndex((b) => pos <= b.to);
  return i < 0 ? blocks.length - 1 : i;
}

/**
 * Where a caret at document position `pos` lands after one step by `unit` in
 * direction `dir`. A step past the edge of a block goes into the next (or previous)
 * one: a character step to its edge, a longer step to its first (last) stop.
 */
export function move(doc: PMNode, pos: number, unit: Unit, dir: 1 | -1, lang = ''): number {
  const blocks = textBlocks(doc);
  let i = blockAt(blocks, pos);
  let block = blocks[i];
  if (!block) return pos;
  const at = Math.min(Math.max(pos, block.from), block.to) - block.from;
  const here = stops(block.text, unit, dir, lang);
  const hit = dir > 0 ? here.find((s) => s > at) : here.findLast((s) => s < at);
  if (hit !== undefined) return block.from + hit;
  i += dir;
  block = blocks[i];
  if (!block) return dir > 0 ? blocks[blocks.length - 1]!.to : blocks[0]!.from;
  if (unit === 'char') return dir > 0 ? block.from : block.to;
  const next = stops(block.text, unit, dir, lang);
  const stop = dir > 0 ? (next.find((s) => s > 0) ?? block.text.length) : (next.findLast((s) => s < block.text.length) ?? 0);
  return block.from + stop;
}

/** The document range of the article text (its body blocks), which Select All selects; null when there is none. */
export function bodyExtent(doc: PMNode): { from: number; to: number } | null {
  const body = textBlocks(doc).filter((b) => b.body);
  const first = body[0];
  const last = body[body.length - 1];
  return first && last ? { from: first.from, to: last.to } : null;
}

/** The document start and end a caret can reach (the first and last textblock edges). */
export function docEdges(doc: PMNode): { from: number; to: number } {
  const blocks = textBlocks(doc);
  return { from: blocks[0]?.from ?? 0, to: blocks[blocks.length - 1]?.to ?? 0 };
}
