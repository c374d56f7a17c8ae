import type { Snippet } from './types';

/** Longest snippet, in UTF-16 code units. */
export const SNIPPET_CHARS = 160;
/** How much text is shown before the first highlight when a snippet is cut. */
const LEAD_CHARS = 40;

function isLow(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * A passage of `text` around the first highlight (all of it when it is short), with
 * line breaks and tabs shown as spaces. Highlights are moved into the passage's
 * offsets and clipped to it.
 */
export function makeSnippet(text: string, highlights: [number, number][], max = SNIPPET_CHARS): Snippet {
  let start = 0;
  let end = text.length;
  if (text.length > max) {
    const first = highlights[0]?.[0] ?? 0;
    start = Math.max(0, Math.min(first - LEAD_CHARS, text.length - max));
    end = start + max;
    if (start > 0 && isLow(text, start)) start++;
    if (end < text.length && isLow(text, end)) end--;
  }
  const shown: [number, number][] = [];
  for (const [s, e] of highlights) {
    const a = Math.max(s, start);
    const b = Math.min(e, end);
    if (a < b) shown.push([a - start, b - start]);
  }
  return {
    text: text.slice(start, end).replace(/[\r\n\t\f\v]/g, ' '),
    highlights: shown,
    cutStart: start > 0,
    cutEnd: end < text.length,
  };
}
