import search from 'approx-string-match';
import type { TextRange } from './selectors';

/** A candidate location of a quote with its edit distance and overall score (0–1). */
export interface ScoredMatch extends TextRange {
  errors: number;
  score: number;
}

/** What is known around a quote besides its text. */
export interface QuoteContext {
  prefix?: string;
  suffix?: string;
  /** Expected UTF-16 start, e.g. the old position mapped through the edit. */
  hint?: number;
}

const WEIGHTS = { quote: 50, prefix: 20, suffix: 20, position: 2 };
const MAX_SCORE = WEIGHTS.quote + WEIGHTS.prefix + WEIGHTS.suffix + WEIGHTS.position;

/**
 * The largest share of a quote's characters that may differ for it still to be
 * recognised: a quarter for short quotes, falling to 15% from 48 characters on
 * (a long passage that changed that much is a different passage).
 */
export function maxErrorRate(length: number): number {
  if (length <= 16) return 0.25;
  return Math.max(0.15, 0.25 - ((length - 16) * 0.1) / 32);
}

/** Similarity (0–1) of `actual` to `expected`: 1 minus the edit distance of the best alignment over `expected`'s length. */
export function contextSimilarity(actual: string, expected: string): number {
  if (expected.length === 0) return 1;
  if (actual.length === 0) return 0;
  const matches = search(actual, expected, expected.length);
  const errors = matches.reduce((min, m) => Math.min(min, m.errors), expected.length);
  return 1 - errors / expected.length;
}

/** Scores a candidate location on the quote's own similarity, its context and its distance from the hint. */
export function scoreMatch(text: string, m: { start: number; end: number; errors: number }, quoteLength: number, ctx: QuoteContext): number {
  const quote = quoteLength === 0 ? 0 : 1 - m.errors / quoteLength;
  const prefix = ctx.prefix ? contextSimilarity(text.slice(Math.max(0, m.start - ctx.prefix.length), m.start), ctx.prefix) : 1;
  const suffix = ctx.suffix ? contextSimilarity(text.slice(m.end, m.end + ctx.suffix.length), ctx.suffix) : 1;
  const position = ctx.hint === undefined || text.length === 0 ? 1 : 1 - Math.abs(m.start - ctx.hint) / text.length;
  return (WEIGHTS.quote * quote + WEIGHTS.prefix * prefix + WEIGHTS.suffix * suffix + WEIGHTS.position * position) / MAX_SCORE;
}

/** The best-scoring candidate; ties go to the length closest to the quote's, then to the earliest. */
export function best(text: string, candidates: { start: number; end: number; errors: number }[], quoteLength: number, ctx: QuoteContext): ScoredMatch | null {
  let top: ScoredMatch | null = null;
  const skew = (m: TextRange) => Math.abs(m.end - m.start - quoteLength);
  for (const c of candidates) {
    const score = scoreMatch(text, c, quoteLength, ctx);
    const better = !top || score > top.score || (score === top.score && (skew(c) < skew(top) || (skew(c) === skew(top) && c.start < top.start)));
    if (better) top = { ...c, score };
  }
  return top;
}

/**
 * Finds `quote` in `text` allowing edits (Myers' bit-parallel approximate matching),
 * within `maxErrors` (default: {@link maxErrorRate}), and returns the best-scoring
 * location, or null when nothing is close enough.
 */
export function fuzzyMatch(
  text: string,
  quote: string,
  ctx: QuoteContext = {},
  maxErrors = Math.floor(quote.length * maxErrorRate(quote.length)),
): ScoredMatch | null {
  if (quote.length === 0 || text.length === 0) return null;
  return best(text, search(text, quote, maxErrors), quote.length, ctx);
}
