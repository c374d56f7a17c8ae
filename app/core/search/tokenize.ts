/**
 * Splits folded text into search tokens: every Han, Kana, Hangul or Bopomofo
 * character is a token of its own (so any run of them can be found as a phrase,
 * which is an exact substring match), and runs of letters and digits of other
 * scripts are words. Everything else separates tokens.
 */

/** One token of folded text. */
export interface Token {
  /** Offsets into the folded text. */
  start: number;
  end: number;
  /** A CJK character (substring semantics) rather than a word (word-prefix semantics). */
  cjk: boolean;
  /** Separator characters stand between this token and the previous one. */
  spaced: boolean;
}

/**
 * Stands in the shadow text between two CJK tokens that had a separator between them,
 * so that `東京。都` is not found by `東京都`. It is a private-use character, which no
 * query token can contain.
 */
export const GAP = '\ue000';

const enum Kind {
  Separator = 0,
  Word = 1,
  Cjk = 2,
  Mark = 3,
}

const CJK = /^[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]$/u;
const WORD = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;

function classify(c: string): Kind {
  if (MARK.test(c)) return Kind.Mark;
  if (!WORD.test(c)) return Kind.Separator;
  return CJK.test(c) ? Kind.Cjk : Kind.Word;
}

let bmp: Uint8Array | undefined;
const astral = new Map<number, Kind>();

function kindOf(cp: number): Kind {
  if (cp < 0x80) {
    return (cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) ? Kind.Word : Kind.Separator;
  }
  if (cp <= 0xffff) {
    if (!bmp) {
      bmp = new Uint8Array(0x10000);
      for (let c = 0x80; c <= 0xffff; c++) if (c < 0xd800 || c > 0xdfff) bmp[c] = classify(String.fromCharCode(c));
    }
    return bmp[cp] as Kind;
  }
  let kind = astral.get(cp);
  if (kind === undefined) {
    kind = classify(String.fromCodePoint(cp));
    astral.set(cp, kind);
  }
  return kind;
}

/** True when `c` (one character) is Han, Kana, Hangul or Bopomofo. */
export function isCjkChar(c: string): boolean {
  return kindOf(c.codePointAt(0) ?? 0) === Kind.Cjk;
}

/** Calls `emit` for each token of already folded text, in order. */
function scan(text: string, emit: (start: number, end: number, cjk: boolean, spaced: boolean) => void): void {
  const n = text.length;
  let start = -1;
  let cjk = false;
  let spaced = false;
  let seen = false;
  const flush = (at: number) => {
    if (start < 0) return;
    emit(start, at, cjk, spaced);
    start = -1;
    spaced = false;
    seen = true;
  };
  for (let i = 0; i < n;) {
    const c = text.charCodeAt(i);
    const cp = c >= 0xd800 && c <= 0xdbff ? text.codePointAt(i)! : c;
    const kind = kindOf(cp);
    if (kind === Kind.Word || kind === Kind.Mark) {
      // A letter continues a word; a mark also attaches to a CJK character.
      if (start < 0 || (cjk && kind === Kind.Word)) {
        flush(i);
        start = i;
        cjk = false;
      }
    } else {
      flush(i);
      if (kind === Kind.Cjk) {
        start = i;
        cjk = true;
      } else if (seen) {
        spaced = true;
      }
    }
    i += cp > 0xffff ? 2 : 1;
  }
  flush(n);
}

/** The tokens of already folded text, in order. */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  scan(text, (start, end, cjk, spaced) => tokens.push({ start, end, cjk, spaced }));
  return tokens;
}

/** The text of each token. */
export function tokenTexts(text: string, tokens: Token[]): string[] {
  return tokens.map((t) => text.slice(t.start, t.end));
}

const GAP_CODE = GAP.charCodeAt(0);

/** Collects UTF-16 units of shadow text; tokens are separated by single spaces. */
class ShadowWriter {
  private units: Uint16Array;
  private length = 0;

  constructor(
    private readonly folded: string,
    capacity: number,
  ) {
    this.units = new Uint16Array(capacity);
  }

  private put(code: number): void {
    if (this.length === this.units.length) {
      const grown = new Uint16Array(this.units.length * 2);
      grown.set(this.units);
      this.units = grown;
    }
    this.units[this.length++] = code;
  }

  /** Appends `folded[start, end)` as one token. */
  token(start: number, end: number): void {
    if (this.length > 0) this.put(0x20);
    for (let k = start; k < end; k++) this.put(this.folded.charCodeAt(k));
  }

  gap(): void {
    if (this.length > 0) this.put(0x20);
    this.put(GAP_CODE);
  }

  toString(): string {
    return Buffer.from(this.units.buffer, 0, this.length * 2).toString('utf16le');
  }
}

/**
 * The shadow text FTS5 indexes: tokens separated by spaces, with {@link GAP} between
 * CJK tokens that were not adjacent.
 */
export function shadowText(folded: string): string {
  const out = new ShadowWriter(folded, folded.length * 2 + 16);
  let prevCjk = false;
  scan(folded, (start, end, cjk, spaced) => {
    if (cjk && prevCjk && spaced) out.gap();
    out.token(start, end);
    prevCjk = cjk;
  });
  return out.toString();
}

/**
 * The pair shadow text: every two adjacent CJK characters as one token (東京都 →
 * 东京 京都), with {@link GAP} where a run of adjacent CJK characters ends. A phrase
 * of pairs is an exact substring match, and a pair is far rarer than either of its
 * characters, so longer CJK terms are found without walking the long lists of
 * common single characters.
 */
export function pairText(folded: string): string {
  const out = new ShadowWriter(folded, folded.length * 2 + 16);
  let prev: { start: number; cjk: boolean } | undefined;
  let inRun = false;
  let broken = false;
  scan(folded, (start, end, cjk, spaced) => {
    if (cjk && prev?.cjk && !spaced) {
      if (broken) out.gap();
      out.token(prev.start, end);
      inRun = true;
      broken = false;
    } else if (inRun) {
      inRun = false;
      broken = true;
    }
    prev = { start, cjk };
  });
  return out.toString();
}
