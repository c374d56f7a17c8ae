import { best, fuzzyMatch, maxErrorRate, type QuoteContext, type ScoredMatch } from './fuzzy';
import type { PositionMap } from './positionMap';
import type { TextQuote } from './selectors';
import type { AnchorStatus } from '../model';

export type { AnchorStatus };

/** A quote as stored: its text, context and last known UTF-16 position. */
export interface StoredSelector extends Required<TextQuote> {
  start: number;
  end: number;
}

/** Where a quote landed; `similarity` is 1 for exact/moved, the match quality for fuzzy, 0 for orphaned. */
export interface Anchor {
  status: AnchorStatus;
  start: number;
  end: number;
  similarity: number;
}

/** Text folded for comparison, with the original range behind every folded UTF-16 unit. */
export interface Folded {
  text: string;
  from: ArrayLike<number>;
  to: ArrayLike<number>;
}

/** Folds text for comparison (width, case, traditional/simplified), keeping the offset map. */
export type Fold = (text: string) => Folded;

/** Options for {@link locateQuote}. */
export interface LocateOptions {
  /** Expected UTF-16 start; breaks ties between equally good candidates. */
  hint?: number;
  /** Folding (width, case, traditional/simplified) tried before fuzzy matching. */
  fold?: Fold;
  /** `text` folded with `fold`, computed on first use and shared when locating many quotes in one text. */
  foldedText?: () => Folded;
}

/** Options for {@link anchorQuote}. */
export interface AnchorOptions extends Omit<LocateOptions, 'hint'> {
  /** Offset map from the text the quote was made on to the new text. */
  map?: PositionMap | null;
}

const ORPHAN: Anchor = { status: 'orphaned', start: 0, end: 0, similarity: 0 };

function occurrences(text: string, exact: string): { start: number; end: number; errors: number }[] {
  const found: { start: number; end: number; errors: number }[] = [];
  for (let at = text.indexOf(exact); at >= 0; at = text.indexOf(exact, at + 1)) found.push({ start: at, end: at + exact.length, errors: 0 });
  return found;
}

function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Widens a range so it neither starts nor ends inside a surrogate pair. */
function snap(text: string, start: number, end: number): [number, number] {
  if (start > 0 && isLow(text.charCodeAt(start))) start--;
  if (end < text.length && isLow(text.charCodeAt(end))) end++;
  return [start, end];
}

/** The folded offset whose original character starts at or after `offset`. */
function foldedOffset(folded: Folded, offset: number): number {
  let lo = 0;
  let hi = folded.text.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (folded.from[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Approximate match within a window around the expected position: most edited quotes stay near it. */
function nearbyFuzzyMatch(text: string, exact: string, ctx: QuoteContext): ScoredMatch | null {
  if (ctx.hint === undefined) return null;
  const margin = Math.max(256, 4 * exact.length);
  const from = Math.max(0, ctx.hint - margin);
  const to = Math.min(text.length, ctx.hint + exact.length + margin);
  if (from === 0 && to === text.length) return null;
  const match = fuzzyMatch(text.slice(from, to), exact, { ...ctx, hint: ctx.hint - from });
  return match && { ...match, start: match.start + from, end: match.end + from };
}

/**
 * Finds a quote in `text` without a trusted position: the exact text (the best of
 * several occurrences by prefix/suffix similarity and closeness to the hint), else the
 * same text after folding, else an approximate match within {@link maxErrorRate}.
 * Returns null when nothing is close enough.
 */
export function locateQuote(text: string, quote: TextQuote, options: LocateOptions = {}): (Omit<Anchor, 'status'> & { exactText: boolean }) | null {
  const { exact } = quote;
  if (!exact) return null;
  const ctx = { prefix: quote.prefix ?? '', suffix: quote.suffix ?? '', hint: options.hint };
  const hits = occurrences(text, exact);
  if (hits.length) {
    const top = best(text, hits, exact.length, ctx)!;
    return { start: top.start, end: top.end, similarity: 1, exactText: true };
  }
  if (options.fold) {
    const fold = options.fold;
    const folded = options.foldedText ? options.foldedText() : fold(text);
    const target = fold(exact).text;
    const foldedHits = target ? occurrences(folded.text, target) : [];
    if (foldedHits.length) {
      const foldedHint = ctx.hint === undefined ? undefined : foldedOffset(folded, ctx.hint);
      const top = best(folded.text, foldedHits, target.length, { prefix: fold(ctx.prefix).text, suffix: fold(ctx.suffix).text, hint: foldedHint })!;
      return { start: folded.from[top.start]!, end: folded.to[top.end - 1]!, similarity: 1, exactText: false };
    }
  }
  const match = nearbyFuzzyMatch(text, exact, ctx) ?? fuzzyMatch(text, exact, ctx);
  if (!match) return null;
  const similarity = 1 - match.errors / exact.length;
  if (similarity < 1 - maxErrorRate(exact.length)) return null;
  const [start, end] = snap(text, match.start, match.end);
  return { start, end, similarity: Math.round(similarity * 1000) / 1000, exactText: match.errors === 0 };
}

/**
 * Anchors a stored quote onto `text` with the W3C selector strategy, fastest first:
 * its position (mapped through the edit when a map is given) if that still holds the
 * exact text; else {@link locateQuote}. The status says what happened.
 */
export function anchorQuote(text: string, sel: StoredSelector, options: AnchorOptions = {}): Anchor {
  if (!sel.exact) return ORPHAN;
  const hint = options.map ? options.map.map(sel.start, 1) : sel.start;
  if (text.startsWith(sel.exact, sel.start) && (!options.map || options.map.unchanged(sel.start, sel.end))) {
    return { status: 'exact', start: sel.start, end: sel.end, similarity: 1 };
  }
  if (options.map && text.startsWith(sel.exact, hint)) {
    return { status: hint === sel.start ? 'exact' : 'moved', start: hint, end: hint + sel.exact.length, similarity: 1 };
  }
  const found = locateQuote(text, sel, { ...options, hint });
  if (!found) return ORPHAN;
  const status = found.exactText && found.similarity === 1 ? (found.start === sel.start ? 'exact' : 'moved') : 'fuzzy';
  return { status, start: found.start, end: found.end, similarity: found.similarity };
}
