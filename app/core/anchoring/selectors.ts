import { codePointToUtf16, codePointLength } from '../text';

/** A W3C TextQuoteSelector: the quoted text with optional context on either side. */
export interface TextQuote {
  exact: string;
  prefix?: string;
  suffix?: string;
}

/** A UTF-16 range of a text. */
export interface TextRange {
  start: number;
  end: number;
}

/**
 * Every range of `text` whose content is `exact` and which is immediately preceded by
 * `prefix` and followed by `suffix`, overlapping matches included, in text order.
 * An empty `exact` matches at every position where the context fits.
 */
export function matchTextQuote(text: string, selector: TextQuote): TextRange[] {
  const { exact, prefix = '', suffix = '' } = selector;
  const matches: TextRange[] = [];
  for (let at = text.indexOf(exact); at >= 0 && at <= text.length; at = text.indexOf(exact, at + 1)) {
    const end = at + exact.length;
    if (text.startsWith(prefix, at - prefix.length) && at >= prefix.length && text.startsWith(suffix, end)) matches.push({ start: at, end });
    if (at === text.length) break;
  }
  return matches;
}

/** Resolves a TextPositionSelector (code points, as W3C counts) to a UTF-16 range, or null when out of range. */
export function matchTextPosition(text: string, selector: TextRange): TextRange | null {
  const { start, end } = selector;
  if (!(Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start <= end && end <= codePointLength(text))) return null;
  return { start: codePointToUtf16(text, start), end: codePointToUtf16(text, end) };
}
