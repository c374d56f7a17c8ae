import { fold, foldWithOffsets } from './normalize';
import type { Phrase } from './query';
import { GAP, tokenize, type Token } from './tokenize';

/**
 * A phrase of the query turned into folded tokens: the form FTS5 is asked for,
 * and the same form matched again in TypeScript to place highlights.
 */
export interface CompiledPhrase {
  tokens: string[];
  cjk: boolean[];
  /** `spaced[i]`: separators stand between token i-1 and token i in the query. */
  spaced: boolean[];
  /** The last token is a word that may be the start of a longer word. */
  prefix: boolean;
}

/** Folds and tokenizes a phrase; undefined when it holds no letter or digit. */
export function compilePhrase(phrase: Phrase): CompiledPhrase | undefined {
  const folded = fold(phrase.text);
  const tokens = tokenize(folded);
  if (tokens.length === 0) return undefined;
  const last = tokens[tokens.length - 1]!;
  return {
    tokens: tokens.map((t) => folded.slice(t.start, t.end)),
    cjk: tokens.map((t) => t.cjk),
    spaced: tokens.map((t) => t.spaced),
    prefix: !phrase.quoted && !last.cjk,
  };
}

/** True when the query requires a gap between CJK tokens i-1 and i. */
function gapBefore(p: CompiledPhrase, i: number): boolean {
  return i > 0 && p.cjk[i]! && p.cjk[i - 1]! && p.spaced[i]!;
}

/** True when the phrase is a run of two or more adjacent CJK characters, searched as pairs. */
function isCjkRun(p: CompiledPhrase): boolean {
  return p.tokens.length > 1 && p.cjk.every(Boolean) && p.spaced.every((s, i) => i === 0 || !s);
}

/**
 * The phrase as an FTS5 string: `"明"`, `"ai 晶 片"`, `"semi" *`, `"稀 土"`; in a
 * table with pair columns, runs of CJK characters become pairs: `"稀土"`, `"东京 京都"`.
 */
export function ftsPhrase(p: CompiledPhrase, pairs = false): string {
  if (pairs && isCjkRun(p))
    return `"${p.tokens
      .slice(1)
      .map((t, i) => p.tokens[i] + t)
      .join(' ')}"`;
  const parts: string[] = [];
  p.tokens.forEach((t, i) => {
    if (gapBefore(p, i)) parts.push(GAP);
    parts.push(t);
  });
  return `"${parts.join(' ')}"${p.prefix ? ' *' : ''}`;
}

/**
 * Where the phrases occur in `text`, as sorted, merged `[start, end)` UTF-16 ranges
 * of the original text: the same matches FTS5 found, placed on the characters the
 * reader sees.
 */
export function findMatches(text: string, phrases: CompiledPhrase[]): [number, number][] {
  if (phrases.length === 0 || text.length === 0) return [];
  const f = foldWithOffsets(text);
  const tokens = tokenize(f.text);
  const is = (t: Token, word: string, prefix: boolean) =>
    (prefix ? t.end - t.start >= word.length : t.end - t.start === word.length) && f.text.startsWith(word, t.start);
  const ranges: [number, number][] = [];
  for (const p of phrases) {
    const m = p.tokens.length;
    for (let i = 0; i + m <= tokens.length; i++) {
      let ok = true;
      for (let j = 0; j < m && ok; j++) {
        const t = tokens[i + j]!;
        ok = is(t, p.tokens[j]!, p.prefix && j === m - 1) && (j === 0 || !p.cjk[j] || !p.cjk[j - 1] || t.spaced === p.spaced[j]);
      }
      if (!ok) continue;
      const first = tokens[i]!;
      const last = tokens[i + m - 1]!;
      const foldedEnd = p.prefix ? last.start + p.tokens[m - 1]!.length : last.end;
      ranges.push([f.from[first.start]!, f.to[foldedEnd - 1]!]);
    }
  }
  return mergeRanges(ranges);
}

/** Sorts ranges and joins those that overlap or touch. */
export function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const prev = out[out.length - 1];
    if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
