/**
 * Names in citations, the one place Apostil decides how a person's name is written
 * outside a CSL style: CJK names family first with no space (王小明), others given
 * name first (Alice Adams). Pure code, shared by the core and the renderer.
 */

/** A name as CSL-JSON carries it. */
export interface NameParts {
  family?: string;
  given?: string;
  literal?: string;
}

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;

/** True when `text` holds Chinese, Japanese or Korean characters. */
export function hasCjk(text: string): boolean {
  return CJK.test(text);
}

/** A name for people: `王小明` for CJK names (family first, no space), `Alice Adams` otherwise. */
export function personName(n: NameParts): string {
  if (n.literal) return n.literal;
  const family = n.family ?? '';
  const given = n.given ?? '';
  return hasCjk(family + given) ? family + given : [given, family].filter(Boolean).join(' ');
}

/** Names joined the way their script expects: `王小明、李大華`, or `Alice Adams, Bob Brown`. */
export function joinNames(names: NameParts[]): string {
  const written = names.map(personName).filter(Boolean);
  return written.join(written.some(hasCjk) ? '、' : ', ');
}

/** CJK punctuation that already closes a field, so no separator follows it. */
const CJK_CLOSING = /[。！？，、；：」』）》〉】〕…]$/u;
const CJK_EDGE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\uff00-\uffef]/u;

/**
 * The fields of a plain citation line (authors, title, outlet, date) joined the way
 * their script expects: `王小明，習近平接見李在明，中央社` with full-width commas and
 * no comma after a closing mark (`…合作。中央社`), `Alice Adams, Title, Outlet` with
 * ASCII commas, and only a space after a title that ends with `.`, `!` or `?`.
 */
export function joinCitationFields(fields: (string | undefined | null)[]): string {
  const parts = fields.map((f) => (f ?? '').trim()).filter(Boolean);
  let out = parts[0] ?? '';
  for (const next of parts.slice(1)) {
    const last = [...out].pop() ?? '';
    const cjk = CJK_EDGE.test(last) || CJK_EDGE.test([...next][0] ?? '');
    if (cjk) out += (CJK_CLOSING.test(out) ? '' : '，') + next;
    else out += (/[.!?]$/.test(out) ? ' ' : ', ') + next;
  }
  return out;
}
