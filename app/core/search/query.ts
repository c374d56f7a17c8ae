import { SEARCH_KINDS, type SearchKind } from './types';

/**
 * The search query language: terms are ANDed; `"a phrase"`; `-term` excludes;
 * `a OR b`; filters `tag:`, `article:`, `source:`, `author:`, `before:`, `after:` (each may be
 * negated with `-`) and `in:quotes|articles|notes`. Parsing never fails: anything
 * malformed is read as literal text, or reported in `problems` when it cannot be.
 */

/** A run of text to find: a bare term, or a quoted phrase whose last word must be whole. */
export interface Phrase {
  text: string;
  quoted: boolean;
}

/** A filter on something other than the text. */
export interface Filter {
  field: 'tag' | 'article' | 'source' | 'author' | 'before' | 'after';
  value: string;
  negated: boolean;
}

/** A parsed query. */
export interface ParsedQuery {
  /** Clauses that must all match; each is a list of alternatives (`OR`). */
  all: Phrase[][];
  /** Phrases that must not match. */
  none: Phrase[];
  filters: Filter[];
  /** Kinds named by `in:`; undefined when the query does not say. */
  kinds: SearchKind[] | undefined;
  /** How the query was read, when that differs from what it says. */
  notices: string[];
  /** Reasons the query cannot be answered (a bad date, an unknown `in:`); nothing is searched then. */
  problems: string[];
}

/** Longest query read; the rest is ignored with a notice. */
export const MAX_QUERY_CHARS = 2000;
/** Most clauses, exclusions and filters read; the rest are ignored with a notice. */
export const MAX_QUERY_PARTS = 32;

type Item = { type: 'text'; phrase: Phrase; negated: boolean } | { type: 'filter'; filter: Filter } | { type: 'in'; value: string } | { type: 'or' };

const FIELD = /^(tag|article|source|author|before|after|in):/i;
const DATE = /^(\d{4})(?:[-/.](\d{1,2})(?:[-/.](\d{1,2}))?)?$/;
const KIND_NAMES: Record<string, SearchKind[]> = {
  quote: ['quotes'],
  quotes: ['quotes'],
  article: ['articles'],
  articles: ['articles'],
  note: ['notes'],
  notes: ['notes'],
  all: [...SEARCH_KINDS],
};

/** Reads `"…"` starting at the quote mark at `at`; undefined when it is not closed. */
function quoted(q: string, at: number): { text: string; end: number } | undefined {
  const close = q.indexOf('"', at + 1);
  return close < 0 ? undefined : { text: q.slice(at + 1, close), end: close + 1 };
}

function bareEnd(q: string, at: number): number {
  const m = /\s/u.exec(q.slice(at));
  return m ? at + m.index : q.length;
}

function lex(q: string, notices: string[]): Item[] {
  const items: Item[] = [];
  let i = 0;
  while (i < q.length) {
    if (/\s/u.test(q[i]!)) {
      i++;
      continue;
    }
    const negated = q[i] === '-' && i + 1 < q.length && !/\s/u.test(q[i + 1]!);
    if (negated) i++;
    if (q[i] === '"') {
      const phrase = quoted(q, i);
      if (phrase) {
        items.push({ type: 'text', phrase: { text: phrase.text, quoted: true }, negated });
        i = phrase.end;
      } else {
        notices.push('A quotation mark is not closed, so it was ignored.');
        const end = bareEnd(q, i + 1);
        items.push({ type: 'text', phrase: { text: q.slice(i + 1, end), quoted: false }, negated });
        i = end;
      }
      continue;
    }
    const field = FIELD.exec(q.slice(i));
    if (field && i + field[0].length < q.length && !/\s/u.test(q[i + field[0].length]!)) {
      const name = field[1]!.toLowerCase() as Filter['field'] | 'in';
      const at = i + field[0].length;
      const value = q[at] === '"' ? quoted(q, at) : undefined;
      const end = value ? value.end : bareEnd(q, at);
      const text = value ? value.text : q.slice(at, end);
      if (name === 'in') {
        if (negated) notices.push('"-in:" is not supported; "in:" was used instead.');
        items.push({ type: 'in', value: text });
      } else {
        items.push({ type: 'filter', filter: { field: name, value: text.trim(), negated } });
      }
      i = end;
      continue;
    }
    const end = bareEnd(q, i);
    const word = q.slice(i, end);
    items.push(word === 'OR' && !negated ? { type: 'or' } : { type: 'text', phrase: { text: word, quoted: false }, negated });
    i = end;
  }
  return items;
}

/** Checks a `before:`/`after:` value and writes it as `YYYY`, `YYYY-MM` or `YYYY-MM-DD`. */
export function parseDate(value: string): string | undefined {
  const m = DATE.exec(value);
  if (!m) return undefined;
  const [year, month, day] = [m[1]!, m[2], m[3]];
  if (month === undefined) return year;
  const mm = Number(month);
  if (mm < 1 || mm > 12) return undefined;
  const ym = `${year}-${String(mm).padStart(2, '0')}`;
  if (day === undefined) return ym;
  const dd = Number(day);
  const date = new Date(Date.UTC(Number(year), mm - 1, dd));
  if (date.getUTCMonth() !== mm - 1 || date.getUTCDate() !== dd) return undefined;
  return `${ym}-${String(dd).padStart(2, '0')}`;
}

function checkFilter(filter: Filter, problems: string[]): Filter {
  const { field, value } = filter;
  if (field === 'article' && !/^[1-9]\d{0,15}$/.test(value)) problems.push(`"article:${value}" needs an article number, like article:12.`);
  if (field === 'before' || field === 'after') {
    const date = parseDate(value);
    if (!date) problems.push(`"${field}:${value}" needs a date like 2017, 2017-03 or 2017-03-15.`);
    return { ...filter, value: date ?? value };
  }
  if (field === 'tag' && value === '') problems.push('"tag:" needs a tag name, like tag:region/Korea.');
  if (field === 'author' && value === '') problems.push('"author:" needs a name, like author:Ana or author:"Ana Lee".');
  return filter;
}

function kindsOf(value: string, problems: string[]): SearchKind[] {
  const kinds = new Set<SearchKind>();
  for (const name of value.toLowerCase().split(',').filter(Boolean)) {
    const known = KIND_NAMES[name];
    if (known) known.forEach((k) => kinds.add(k));
    else problems.push(`"in:${name}" is not something Apostil searches; use in:quotes, in:articles or in:notes.`);
  }
  return SEARCH_KINDS.filter((k) => kinds.has(k));
}

/** Parses a query string; never throws. */
export function parseQuery(input: string): ParsedQuery {
  const notices: string[] = [];
  const problems: string[] = [];
  let q = input;
  if (q.length > MAX_QUERY_CHARS) {
    q = q.slice(0, MAX_QUERY_CHARS);
    notices.push(`Only the first ${MAX_QUERY_CHARS} characters of the query were used.`);
  }
  const items = lex(q, notices);
  const parsed: ParsedQuery = { all: [], none: [], filters: [], kinds: undefined, notices, problems };
  let parts = 0;
  let joinNext = false;
  items.forEach((item, k) => {
    if (++parts > MAX_QUERY_PARTS) {
      if (parts === MAX_QUERY_PARTS + 1) notices.push(`Only the first ${MAX_QUERY_PARTS} terms of the query were used.`);
      return;
    }
    if (item.type === 'or') {
      const prev = items[k - 1];
      const next = items[k + 1];
      const positive = (it: Item | undefined) => it?.type === 'text' && !it.negated;
      if (positive(prev) && positive(next) && parsed.all.length > 0) {
        joinNext = true;
        parts--;
        return;
      }
      notices.push('"OR" needs a term on each side, so it was searched as a word.');
      item = { type: 'text', phrase: { text: 'OR', quoted: false }, negated: false };
    }
    if (item.type === 'text') {
      if (item.negated) parsed.none.push(item.phrase);
      else if (joinNext) parsed.all[parsed.all.length - 1]!.push(item.phrase);
      else parsed.all.push([item.phrase]);
      joinNext = false;
    } else if (item.type === 'filter') {
      parsed.filters.push(checkFilter(item.filter, problems));
    } else {
      parsed.kinds = [...new Set([...(parsed.kinds ?? []), ...kindsOf(item.value, problems)])];
    }
  });
  if (parsed.kinds) parsed.kinds = SEARCH_KINDS.filter((k) => parsed.kinds!.includes(k));
  return parsed;
}
