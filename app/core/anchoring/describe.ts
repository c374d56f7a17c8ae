import { matchTextQuote, type TextQuote, type TextRange } from './selectors';

/** How much context {@link describeTextQuote} adds (the options of Apache Annotator's describer). */
export interface DescribeOptions {
  /** Add only the context needed to make the quote unique. */
  minimalContext?: boolean;
  /** Pad prefix + exact + suffix to at least this many characters. */
  minimumQuoteLength?: number;
  /** Longest stretch read while completing a word at the edge of the context. */
  maxWordLength?: number;
}

const isSpace = (c: string) => /^\s$/u.test(c);

function readWordBackward(text: string, from: number, limit: number): string {
  let at = from;
  while (from - at < limit && at > 0 && !isSpace(text[at - 1]!)) at--;
  return text.slice(at, from);
}

function readWordForward(text: string, from: number, limit: number): string {
  let at = from;
  while (at - from < limit && at < text.length && !isSpace(text[at]!)) at++;
  return text.slice(from, at);
}

/** Characters needed, reading away from both positions, until the two texts differ; undefined at the text's edge. */
function readUntilDifferent(text: string, target: number, other: number, backward: boolean): string | undefined {
  for (let n = 1; ; n++) {
    const t = backward ? target - n : target + n - 1;
    if (t < 0 || t >= text.length) return undefined;
    const o = backward ? other - n : other + n - 1;
    if (o < 0 || o >= text.length || text[t] !== text[o]) return backward ? text.slice(t, target) : text.slice(target, t + 1);
  }
}

/**
 * A TextQuoteSelector for `range` of `text` with enough prefix/suffix to be unique.
 * A plain-string port of Apache Annotator's `describeTextQuote` (Apache-2.0): by
 * default the context is completed to whole words for robustness and readability.
 */
export function describeTextQuote(text: string, range: TextRange, options: DescribeOptions = {}): Required<TextQuote> {
  const { minimalContext = false, minimumQuoteLength = 0, maxWordLength = 50 } = options;
  const exact = text.slice(range.start, range.end);
  let prefix = '';
  let suffix = '';
  const length = () => prefix.length + exact.length + suffix.length;
  const padPrefix = (n: number) => {
    const from = range.start - prefix.length;
    prefix = text.slice(Math.max(0, from - n), from) + prefix;
  };
  const padSuffix = (n: number) => {
    const from = range.end + suffix.length;
    suffix += text.slice(from, Math.min(text.length, from + n));
  };
  if (length() < minimumQuoteLength) {
    padPrefix(Math.floor((minimumQuoteLength - length()) / 2));
    if (length() < minimumQuoteLength) padSuffix(minimumQuoteLength - length());
    if (length() < minimumQuoteLength) padPrefix(minimumQuoteLength - length());
  }
  if (!minimalContext) {
    prefix = readWordBackward(text, range.start - prefix.length, maxWordLength) + prefix;
    suffix += readWordForward(text, range.end + suffix.length, maxWordLength);
  }
  for (;;) {
    const unintended = matchTextQuote(text, { exact, prefix, suffix }).find((m) => m.start !== range.start || m.end !== range.end);
    if (!unintended) return { exact, prefix, suffix };
    let extraPrefix = readUntilDifferent(text, range.start - prefix.length, unintended.start - prefix.length, true);
    if (extraPrefix !== undefined && !minimalContext) {
      extraPrefix = readWordBackward(text, range.start - prefix.length - extraPrefix.length, maxWordLength) + extraPrefix;
    }
    let extraSuffix = readUntilDifferent(text, range.end + suffix.length, unintended.end + suffix.length, false);
    if (extraSuffix !== undefined && !minimalContext) {
      extraSuffix += readWordForward(text, range.end + suffix.length + extraSuffix.length, maxWordLength);
    }
    if (minimalContext) {
      if (extraPrefix !== undefined && (extraSuffix === undefined || extraPrefix.length <= extraSuffix.length)) prefix = extraPrefix + prefix;
      else if (extraSuffix !== undefined) suffix += extraSuffix;
      else throw new Error('The range cannot be told apart from another match.');
    } else {
      if (extraPrefix === undefined && extraSuffix === undefined) throw new Error('The range cannot be told apart from another match.');
      if (extraPrefix !== undefined) prefix = extraPrefix + prefix;
      if (extraSuffix !== undefined) suffix += extraSuffix;
    }
  }
}
