import { foldTable } from './fold-table';

/**
 * Search folding: Unicode NFKC (full-width and half-width forms, compatibility
 * ideographs), case, Latin/Greek/Cyrillic diacritics, invisible format characters,
 * and Traditional → Simplified Chinese per character. Indexed text and queries go
 * through the same fold, so either form finds the other.
 */

/** Folded text with, for every UTF-16 unit of it, the range of original text it came from. */
export interface FoldedText {
  text: string;
  /** `from[i]` is the original offset where the character behind `text[i]` starts. */
  from: Uint32Array;
  /** `to[i]` is the original offset where it ends. */
  to: Uint32Array;
}

/** Blocks of combining marks that are dropped: accents on Latin, Greek and Cyrillic letters. */
const DIACRITICS: [number, number][] = [
  [0x0300, 0x036f],
  [0x1ab0, 0x1aff],
  [0x1dc0, 0x1dff],
  [0x20d0, 0x20ff],
  [0xfe20, 0xfe2f],
];

function withoutDiacritics(s: string): string {
  let out = '';
  for (const c of s) {
    const cp = c.codePointAt(0)!;
    if (!DIACRITICS.some(([from, to]) => cp >= from && cp <= to)) out += c;
  }
  return out;
}
const MARK = /^\p{M}$/u;
const IGNORABLE = /\p{Default_Ignorable_Code_Point}/gu;
const CASE_FOLD: Record<string, string> = { ß: 'ss', ς: 'σ', ſ: 's' };
const CASE_FOLDS = /[ßςſ]/g;

/**
 * True for characters that attach to the one before them and are folded together
 * with it: combining marks, half-width kana voicing marks, Hangul vowel and final jamo.
 */
function attachesTo(cp: number): boolean {
  return cp === 0xff9e || cp === 0xff9f || (cp >= 0x1160 && cp <= 0x11ff) || (cp >= 0xd7b0 && cp <= 0xd7ff) || MARK.test(String.fromCodePoint(cp));
}

let attachesBmp: Uint8Array | undefined;

function attaches(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp <= 0xffff) {
    if (!attachesBmp) {
      attachesBmp = new Uint8Array(0x10000);
      for (let c = 0x300; c <= 0xffff; c++) {
        if (c < 0xd800 || c > 0xdfff) attachesBmp[c] = attachesTo(c) ? 1 : 0;
      }
    }
    return attachesBmp[cp] === 1;
  }
  return attachesTo(cp);
}

const cache = new Map<string, string>();
const CACHE_LIMIT = 100_000;

/** Folds one character with whatever attaches to it. */
function foldCluster(cluster: string): string {
  let folded = cache.get(cluster);
  if (folded !== undefined) return folded;
  const map = foldTable().map;
  folded = cluster
    .normalize('NFKC')
    .toLowerCase()
    .replace(CASE_FOLDS, (c) => CASE_FOLD[c] ?? c)
    .normalize('NFD');
  folded = withoutDiacritics(folded).replace(IGNORABLE, '').normalize('NFC');
  let simplified = '';
  for (const c of folded) simplified += map.get(c) ?? c;
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cluster, simplified);
  return simplified;
}

/** Folded BMP characters: -1 not yet known, -2 folds to something other than one unit, else the unit. */
const unitFolds = new Int32Array(0x10000).fill(-1);

/** Grows a UTF-16 buffer of folded text and, optionally, its map back to the original. */
class Output {
  units: Uint16Array;
  from: Uint32Array | undefined;
  to: Uint32Array | undefined;
  length = 0;

  constructor(capacity: number, withOffsets: boolean) {
    this.units = new Uint16Array(capacity);
    if (withOffsets) {
      this.from = new Uint32Array(capacity);
      this.to = new Uint32Array(capacity);
    }
  }

  private reserve(n: number): void {
    if (this.length + n <= this.units.length) return;
    const capacity = Math.max(this.units.length * 2, this.length + n);
    const grow = <T extends Uint16Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.units = grow(this.units, (k) => new Uint16Array(k));
    if (this.from && this.to) {
      this.from = grow(this.from, (k) => new Uint32Array(k));
      this.to = grow(this.to, (k) => new Uint32Array(k));
    }
  }

  unit(code: number, start: number, end: number): void {
    this.reserve(1);
    this.units[this.length] = code;
    if (this.from) {
      this.from[this.length] = start;
      this.to![this.length] = end;
    }
    this.length++;
  }

  text(folded: string, start: number, end: number): void {
    this.reserve(folded.length);
    for (let k = 0; k < folded.length; k++) this.unit(folded.charCodeAt(k), start, end);
  }

  toString(): string {
    return Buffer.from(this.units.buffer, this.units.byteOffset, this.length * 2).toString('utf16le');
  }
}

/** True when the character at `i` of `s` attaches to the one before it. */
function attachesAt(s: string, i: number): boolean {
  const c = s.charCodeAt(i);
  if (c < 0x300) return false;
  return attaches(c >= 0xd800 && c <= 0xdbff ? s.codePointAt(i)! : c);
}

/** Appends the fold of every cluster of `s` to `out`. */
function foldInto(s: string, out: Output): void {
  const n = s.length;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    const astral = c >= 0xd800 && c <= 0xdbff && i + 1 < n && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00;
    let end = i + (astral ? 2 : 1);
    if (!astral && (end >= n || !attachesAt(s, end))) {
      let code = unitFolds[c]!;
      if (code === -1) {
        const folded = c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : foldCluster(String.fromCharCode(c));
        code = folded.length === 1 ? folded.charCodeAt(0) : -2;
        unitFolds[c] = code;
      }
      if (code >= 0) out.unit(code, i, end);
      else out.text(foldCluster(String.fromCharCode(c)), i, end);
      i = end;
      continue;
    }
    while (end < n && attachesAt(s, end)) end += s.codePointAt(end)! > 0xffff ? 2 : 1;
    out.text(foldCluster(s.slice(i, end)), i, end);
    i = end;
  }
}

/** The folded form of `s`, for comparing and indexing. */
export function fold(s: string): string {
  const out = new Output(s.length + 8, false);
  foldInto(s, out);
  return out.toString();
}

/** The folded form of `s` with a map from every folded position back to `s`. */
export function foldWithOffsets(s: string): FoldedText {
  const out = new Output(s.length + 8, true);
  foldInto(s, out);
  return { text: out.toString(), from: out.from!.subarray(0, out.length), to: out.to!.subarray(0, out.length) };
}
