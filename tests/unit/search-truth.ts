import { fold } from '../../app/core/search/normalize';

/**
 * Brute-force ground truth for search, written apart from the index: a phrase is
 * turned into a regular expression over folded text. CJK characters must appear
 * contiguously (exact substring); words must start at a word boundary, and the last
 * word of an unquoted phrase may be the start of a longer word.
 */

const CJK = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]$/u;
const LETTER = /^[\p{L}\p{N}\p{M}]$/u;
const CJK_CLASS = '\\p{scx=Han}\\p{scx=Hiragana}\\p{scx=Katakana}\\p{scx=Hangul}\\p{scx=Bopomofo}';
const TOKEN_CHAR = '[\\p{L}\\p{N}\\p{M}]';
const WORD_CHAR = `(?:(?![${CJK_CLASS}])[\\p{L}\\p{N}\\p{M}])`;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

type Part = { kind: 'cjk' | 'word'; text: string; spaced: boolean };

/** The pattern a phrase stands for, or undefined when it has nothing to search for. */
export function truthPattern(text: string, quoted: boolean): RegExp | undefined {
  const parts: Part[] = [];
  let spaced = false;
  for (const c of fold(text)) {
    const kind = LETTER.test(c) ? (CJK.test(c) && !/^\p{M}$/u.test(c) ? 'cjk' : 'word') : undefined;
    const last = parts[parts.length - 1];
    if (!kind) {
      spaced = parts.length > 0;
    } else if (kind === 'word' && last?.kind === 'word' && !spaced) {
      last.text += c;
    } else {
      parts.push({ kind, text: c, spaced });
      spaced = false;
    }
  }
  if (parts.length === 0) return undefined;
  let source = '';
  parts.forEach((p, i) => {
    const prev = parts[i - 1];
    if (prev) source += prev.kind === 'cjk' && p.kind === 'cjk' ? (p.spaced ? `[^${TOKEN_CHAR.slice(1, -1)}]+` : '') : `[^${TOKEN_CHAR.slice(1, -1)}]*`;
    if (p.kind === 'cjk') source += escape(p.text);
    else source += `(?<!${WORD_CHAR})${escape(p.text)}${i === parts.length - 1 && !quoted ? '' : `(?!${WORD_CHAR})`}`;
  });
  return new RegExp(source, 'u');
}

/** True when the phrase occurs in any of the already folded texts. */
export function truthMatches(folded: string[], phrase: string, quoted = false): boolean {
  const pattern = truthPattern(phrase, quoted);
  return !!pattern && folded.some((t) => pattern.test(t));
}
