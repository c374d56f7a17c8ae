import type { MessageKey } from '../i18n/messages.en';
import type { Source } from '../../core/model';
import { formatDate } from '../dom';
import { joinNames } from '../../core/model';

/** A source's CSL-JSON item, as the api hands it out. */
export type Csl = Source['csl'];
/** A name in a CSL item. */
export type CslName = NonNullable<Csl['author']>[number];
/** A date in a CSL item. */
export type CslDate = NonNullable<Csl['issued']>;

/** The CSL types offered in the source form, with names for people. */
export const SOURCE_TYPES: { value: Csl['type']; label: MessageKey }[] = [
  { value: 'article-newspaper', label: 'sourceType.news' },
  { value: 'article-journal', label: 'sourceType.journal' },
  { value: 'article-magazine', label: 'sourceType.magazine' },
  { value: 'webpage', label: 'sourceType.webpage' },
  { value: 'post-weblog', label: 'sourceType.blog' },
  { value: 'book', label: 'sourceType.book' },
  { value: 'chapter', label: 'sourceType.chapter' },
  { value: 'report', label: 'sourceType.report' },
  { value: 'thesis', label: 'sourceType.thesis' },
  { value: 'speech', label: 'sourceType.speech' },
  { value: 'interview', label: 'sourceType.interview' },
  { value: 'broadcast', label: 'sourceType.broadcast' },
  { value: 'document', label: 'sourceType.document' },
];

/** A CSL date as `YYYY[-MM[-DD]]`, or its literal text. */
export function dateText(d: CslDate | undefined): string {
  if (!d) return '';
  const parts = d['date-parts']?.[0];
  if (parts?.length) return parts.map((p, i) => String(p).padStart(i ? 2 : 4, '0')).join('-');
  return d.literal ?? d.raw ?? '';
}

/**
 * True when the form may save `text` as a date: empty, `YYYY`, `YYYY-MM` or `YYYY-MM-DD`
 * with a real month and day, or a date in words (`Spring 2025`, `2025年冬`). Digits and
 * slashes alone (`15/12/2025`) are refused: day and month order cannot be told apart.
 */
export function isDateText(text: string): boolean {
  const t = text.trim();
  if (!t) return true;
  const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(t);
  if (m) {
    const month = m[2] === undefined ? 1 : Number(m[2]);
    const day = m[3] === undefined ? 1 : Number(m[3]);
    const last = new Date(Date.UTC(Number(m[1]), month, 0)).getUTCDate();
    return month >= 1 && month <= 12 && day >= 1 && day <= last;
  }
  return /\p{L}/u.test(t);
}

/** A CSL date from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; other text is kept as a literal date. */
export function parseDate(text: string): CslDate | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$/.exec(t);
  if (!m) return { literal: t };
  return { 'date-parts': [[m[1], m[2], m[3]].filter((p): p is string => p !== undefined).map(Number)] };
}

/** A date for display, in the reader's locale when it is a full or partial ISO date. */
export function displayDate(d: CslDate | undefined): string {
  const text = dateText(d);
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatDate(text) : text;
}

/** The authors, joined the way their script expects. */
export function authorsText(csl: Csl): string {
  return joinNames(csl.author ?? []);
}

/** A one-line citation: authors, outlet (or title), date. */
export function citationLine(csl: Csl): string {
  return [authorsText(csl), csl['container-title'] ?? (csl.type === 'webpage' ? csl.title : undefined) ?? csl.publisher, displayDate(csl.issued)]
    .filter(Boolean)
    .join(' · ');
}
