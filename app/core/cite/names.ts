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
