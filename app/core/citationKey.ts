import type { CslItem, CslName } from './cslItem';
import { ApostilError } from './errors';
import { romanizeName, romanizeWords } from './romanize';

/**
 * Citation keys: the short, typeable names (`wang2026xijin`) by which BibTeX, biblatex,
 * RIS, CSL-JSON and Pandoc's `[@key]` cite a source. Apostil keeps one per source,
 * unique in the library ignoring case (classic BibTeX does not tell `Wang` from `wang`).
 */

/** The longest citation key accepted. */
export const MAX_KEY_LENGTH = 64;

/**
 * Letters, digits and `_`, with `: . + / -` inside: what BibTeX, biber, RIS and Pandoc's
 * citation syntax all take as one key (Pandoc ends a key at trailing punctuation).
 */
const KEY = /^[A-Za-z0-9_](?:[A-Za-z0-9_:.+/-]*[A-Za-z0-9_])?$/;

/** Ids that name a row, not a work: uuids (with or without dashes, `apostil-` prefixed) and bare numbers. */
const MACHINE_ID = /^(?:apostil-)?(?:[0-9a-f]{32}|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)$/i;

/** Words a title starts with that say nothing about it. */
const STOP_WORDS = new Set(
  'a an the and or of on in at to for from with by as is are was were be how why what when who new its their his her de la le les el los las der die das den ein eine und'.split(
    ' ',
  ),
);

/** Explains why `key` cannot be a citation key, or returns null when it can. */
export function citationKeyProblem(key: string): string | null {
  if (key.length === 0) return 'it is empty';
  if (key.length > MAX_KEY_LENGTH) return `it is longer than ${MAX_KEY_LENGTH} characters`;
  if (!KEY.test(key)) {
    return 'use only the letters A–Z, digits, _ and, inside the key, : . + / - (no spaces, commas, braces or other characters)';
  }
  return null;
}

/** Fails with `invalid_request` unless `key` can be a citation key. */
export function assertCitationKey(key: string): void {
  const problem = citationKeyProblem(key);
  if (problem) throw new ApostilError('invalid_request', `The citation key "${key}" cannot be used: ${problem}.`);
}

/** Whether an imported item's id reads as a citation key someone chose (not a uuid or a row number). */
export function isChosenKey(value: unknown): value is string {
  return typeof value === 'string' && citationKeyProblem(value) === null && !MACHINE_ID.test(value);
}

/** The first author's family name (an organisation's name), romanised. */
function authorPart(item: CslItem): string {
  const first: CslName | undefined = (item.author ?? (item.editor as CslName[] | undefined))?.[0];
  if (!first) return '';
  const name = first.literal ?? first.family ?? first.given ?? '';
  return romanizeName(name, item.language).slice(0, 24);
}

/** The year the work was issued, when its date has one. */
function yearPart(item: CslItem): string {
  const year = item.issued?.['date-parts']?.[0]?.[0];
  if (year !== undefined && /^\d{1,4}$/.test(String(year))) return String(year).padStart(4, '0');
  return /\b(\d{4})\b/.exec(item.issued?.literal ?? item.issued?.raw ?? '')?.[1] ?? '';
}

/**
 * The first telling word of the title: a Latin word that is not a stop word, or the
 * first two characters of a Chinese or Korean title (most words there are two syllables).
 */
function titlePart(item: CslItem): string {
  const title = (item.title ?? '').trim();
  if (!title) return '';
  const lead = /^[\s\p{P}\p{S}]*([\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}])/u.test(title);
  if (lead) {
    const head = /[\p{Script=Han}\p{Script=Hangul}\p{Script=Hiragana}\p{Script=Katakana}ー]{1,2}/u.exec(title)![0];
    return romanizeWords(head, item.language).join('').slice(0, 16);
  }
  const words = romanizeWords(title, item.language);
  return (words.find((w) => !STOP_WORDS.has(w) && /[a-z]/.test(w)) ?? words[0] ?? '').slice(0, 16);
}

/**
 * The citation key Apostil proposes for an item: author, year and title word
 * (`wang2026xijin`, `whitfield2026tariffs`); without a romanised author, the title word
 * and year (`tariffs2026`), else `ref` and the year; never empty.
 */
export function suggestCitationKey(item: CslItem): string {
  const author = authorPart(item);
  const year = yearPart(item);
  const title = titlePart(item);
  if (author) return `${author}${year}${title}`;
  return title ? `${title}${year}` : `ref${year}`;
}

/**
 * `base` itself when `taken` says it is free, else `base-2`, `base-3`… (the first free
 * one), so that the same library always gives the same key.
 */
export function uniqueCitationKey(base: string, taken: (key: string) => boolean): string {
  if (!taken(base)) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base.slice(0, MAX_KEY_LENGTH - String(n).length - 1)}-${n}`;
    if (!taken(candidate)) return candidate;
  }
}
