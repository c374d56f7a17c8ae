/**
 * Offsets inside Apostil are UTF-16 code units (JavaScript string indexes);
 * offsets that leave the program count Unicode code points, as the W3C Web
 * Annotation model requires. These helpers convert at that boundary.
 */

/** Number of Unicode code points in `s`. */
export function codePointLength(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** Converts a UTF-16 offset into `s` to a code-point offset. */
export function utf16ToCodePoint(s: string, offset: number): number {
  return codePointLength(s.slice(0, offset));
}

/** Converts a code-point offset into `s` to a UTF-16 offset; past the end clamps to `s.length`. */
export function codePointToUtf16(s: string, offset: number): number {
  let i = 0;
  for (let n = 0; n < offset && i < s.length; n++) {
    const c = s.charCodeAt(i);
    i += c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && isLowSurrogate(s.charCodeAt(i + 1)) ? 2 : 1;
  }
  return i;
}

function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** True when `offset` falls between the two halves of a surrogate pair. */
export function splitsSurrogatePair(s: string, offset: number): boolean {
  if (offset <= 0 || offset >= s.length) return false;
  const before = s.charCodeAt(offset - 1);
  return before >= 0xd800 && before <= 0xdbff && isLowSurrogate(s.charCodeAt(offset));
}

/** The last `n` code points of `s` (reads at most `2n` UTF-16 units). */
export function lastCodePoints(s: string, n: number): string {
  const cps = Array.from(s.slice(Math.max(0, s.length - 2 * n)));
  if (s.length > 2 * n && cps.length > 0 && isLowSurrogate(cps[0]!.charCodeAt(0))) cps.shift();
  return cps.slice(Math.max(0, cps.length - n)).join('');
}

/** The first `n` code points of `s` (reads at most `2n` UTF-16 units). */
export function firstCodePoints(s: string, n: number): string {
  return Array.from(s.slice(0, 2 * n))
    .slice(0, n)
    .join('');
}

/** Current time as an ISO-8601 UTC timestamp, the format of every `*_at` column. */
export function nowIso(): string {
  return new Date().toISOString();
}
