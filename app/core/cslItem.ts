import { z } from 'zod';
import { ApostilError } from './errors';

/**
 * CSL-JSON items (the citation format of Zotero, Pandoc and citeproc), checked
 * against the rules of the CSL 1.0 input schema: known variables only, names as
 * objects, dates as `date-parts` (or literal/raw), strings or numbers elsewhere.
 */

/** CSL item types. */
export const CSL_TYPES = [
  'article',
  'article-journal',
  'article-magazine',
  'article-newspaper',
  'bill',
  'book',
  'broadcast',
  'chapter',
  'classic',
  'collection',
  'dataset',
  'document',
  'entry',
  'entry-dictionary',
  'entry-encyclopedia',
  'event',
  'figure',
  'graphic',
  'hearing',
  'interview',
  'legal_case',
  'legislation',
  'manuscript',
  'map',
  'motion_picture',
  'musical_score',
  'pamphlet',
  'paper-conference',
  'patent',
  'performance',
  'periodical',
  'personal_communication',
  'post',
  'post-weblog',
  'regulation',
  'report',
  'review',
  'review-book',
  'software',
  'song',
  'speech',
  'standard',
  'thesis',
  'treaty',
  'webpage',
] as const;

const NAME_VARIABLES = [
  'author',
  'chair',
  'collection-editor',
  'compiler',
  'composer',
  'container-author',
  'contributor',
  'curator',
  'director',
  'editor',
  'editorial-director',
  'executive-producer',
  'guest',
  'host',
  'interviewer',
  'illustrator',
  'narrator',
  'organizer',
  'original-author',
  'performer',
  'producer',
  'recipient',
  'reviewed-author',
  'script-writer',
  'series-creator',
  'translator',
] as const;

const DATE_VARIABLES = ['accessed', 'available-date', 'event-date', 'issued', 'original-date', 'submitted'] as const;

const STRING_VARIABLES = [
  'citation-key',
  'language',
  'journalAbbreviation',
  'shortTitle',
  'abstract',
  'annote',
  'archive',
  'archive_collection',
  'archive_location',
  'archive-place',
  'authority',
  'call-number',
  'citation-label',
  'collection-title',
  'container-title',
  'container-title-short',
  'dimensions',
  'division',
  'DOI',
  'event',
  'event-title',
  'event-place',
  'genre',
  'ISBN',
  'ISSN',
  'jurisdiction',
  'keyword',
  'medium',
  'note',
  'original-publisher',
  'original-publisher-place',
  'original-title',
  'part-title',
  'PMCID',
  'PMID',
  'publisher',
  'publisher-place',
  'references',
  'reviewed-genre',
  'reviewed-title',
  'scale',
  'section',
  'source',
  'status',
  'title',
  'title-short',
  'URL',
  'version',
  'volume-title',
  'volume-title-short',
  'year-suffix',
] as const;

const NUMBER_VARIABLES = [
  'chapter-number',
  'citation-number',
  'collection-number',
  'edition',
  'first-reference-note-number',
  'issue',
  'locator',
  'number',
  'number-of-pages',
  'number-of-volumes',
  'page',
  'page-first',
  'part',
  'printing',
  'supplement',
  'volume',
] as const;

const MAX_FIELD = 100_000;
const text = z.string().max(MAX_FIELD);
const stringOrNumber = z.union([text, z.number().finite()]);
const flag = z.union([z.string().max(100), z.number(), z.boolean()]);

const name = z.strictObject({
  family: text.optional(),
  given: text.optional(),
  'dropping-particle': text.optional(),
  'non-dropping-particle': text.optional(),
  suffix: text.optional(),
  'comma-suffix': flag.optional(),
  'static-ordering': flag.optional(),
  literal: text.optional(),
  'parse-names': flag.optional(),
});

const date = z.strictObject({
  'date-parts': z.array(z.array(stringOrNumber).min(1).max(3)).min(1).max(2).optional(),
  season: stringOrNumber.optional(),
  circa: flag.optional(),
  literal: text.optional(),
  raw: text.optional(),
});

const shape: Record<string, z.ZodType> = {
  type: z.enum(CSL_TYPES),
  id: z.union([z.string().max(1000), z.number().finite()]),
  categories: z.array(text).max(1000).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
};
for (const k of NAME_VARIABLES) shape[k] = z.array(name).max(1000).optional();
for (const k of DATE_VARIABLES) shape[k] = date.optional();
for (const k of STRING_VARIABLES) shape[k] = text.optional();
for (const k of NUMBER_VARIABLES) shape[k] = stringOrNumber.optional();

/** Every variable name the CSL schema allows on an item. */
export const CSL_KEYS: ReadonlySet<string> = new Set(Object.keys(shape));

const itemSchema = z.strictObject(shape);

/** A name in a CSL item. */
export interface CslName {
  family?: string;
  given?: string;
  literal?: string;
  [key: string]: unknown;
}

/** A date in a CSL item. */
export interface CslDate {
  'date-parts'?: (string | number)[][];
  literal?: string;
  raw?: string;
  season?: string | number;
  circa?: string | number | boolean;
}

/** One CSL-JSON item as Apostil keeps and exports it. */
export interface CslItem {
  id: string | number;
  type: (typeof CSL_TYPES)[number];
  title?: string;
  author?: CslName[];
  'container-title'?: string;
  issued?: CslDate;
  accessed?: CslDate;
  URL?: string;
  DOI?: string;
  publisher?: string;
  language?: string;
  [key: string]: unknown;
}

/** Checks `value` as one CSL item, failing with a message that names the offending field. */
export function validateCslItem(value: unknown, what = 'The source'): CslItem {
  const parsed = itemSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const path = issue.path.map(String).join('.');
    const detail = issue.code === 'unrecognized_keys' ? `unknown CSL field(s) ${issue.keys.join(', ')}` : `${path || 'item'}: ${issue.message}`;
    throw new ApostilError('invalid_request', `${what} is not a valid CSL-JSON item (${detail}).`);
  }
  return parsed.data as CslItem;
}

/**
 * Keeps only what CSL allows from a leniently produced item (parsers add private keys
 * such as `_graph`, names may carry `_ordinal`), so that it can then be validated.
 */
export function cleanCslItem(raw: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (!CSL_KEYS.has(k) || v === undefined || v === null) continue;
    if ((NAME_VARIABLES as readonly string[]).includes(k) && Array.isArray(v)) {
      out[k] = v.map((n: Record<string, unknown>) => Object.fromEntries(Object.entries(n).filter(([nk]) => !nk.startsWith('_'))));
    } else {
      out[k] = v;
    }
  }
  return out;
}

/** A CSL date as `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (the first of a range), else its literal text. */
export function cslDateText(d: CslDate | undefined): string | null {
  if (!d) return null;
  const parts = d['date-parts']?.[0];
  if (parts && parts.length) {
    const [y, m, day] = parts.map((p) => String(p));
    return [y!.padStart(4, '0'), m?.padStart(2, '0'), day?.padStart(2, '0')].filter(Boolean).join('-');
  }
  return d.literal ?? d.raw ?? null;
}

/** A CSL date from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export function cslDate(isoDate: string): CslDate {
  return { 'date-parts': [isoDate.split('-').slice(0, 3).map(Number)] };
}
