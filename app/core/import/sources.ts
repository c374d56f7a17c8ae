import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { cleanCslItem, validateCslItem } from '../cslItem';
import { ENTRY_SUBTYPES } from '../export/csl';
import { ApostilError } from '../errors';
import { assertBraceDepth } from '../nesting';
import type { Library } from '../library';
import { newUuid } from '../uid';
import { nowIso } from '../text';
import { countRepeated, type ImportReport } from './report';

/** citation-js's biblatex reader: it reads classic BibTeX fields too, and biblatex's `entrysubtype`, `urldate` and `langid`. */
const PARSERS = { bibtex: '@biblatex/text', ris: '@ris/file' } as const;

function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)]));
  return value;
}

/** Parses BibTeX or RIS text into CSL items with citation-js (its parser chosen explicitly, so nothing is fetched). */
export function parseReferences(name: string, format: 'bibtex' | 'ris', text: string): Record<string, unknown>[] {
  if (format === 'bibtex') assertBraceDepth(name, text);
  let items: Record<string, unknown>[];
  try {
    items = plugins.input.chain(text, { forceType: PARSERS[format], generateGraph: false, target: '@csl/list+object' });
  } catch (err) {
    throw new ApostilError('bad_file', `${name} cannot be read as ${format === 'bibtex' ? 'BibTeX' : 'RIS'}: ${(err as Error).message}. Nothing was imported.`);
  }
  if (!Array.isArray(items) || items.length === 0) {
    throw new ApostilError('bad_file', `${name} contains no ${format === 'bibtex' ? 'BibTeX entries' : 'RIS records'}. Nothing was imported.`);
  }
  const completed = items.map(reportersAsAuthors).map(organisationsAsLiterals);
  return format === 'bibtex' ? completed.map(fromBiblatexFields) : withRisDates(completed, text);
}

const SUBTYPE_TYPES = new Map(Object.entries(ENTRY_SUBTYPES).map(([type, subtype]) => [subtype, type]));
const ACCESSED_NOTE = /^\[Online; accessed [^\]]*\]$/;

/**
 * Undoes what BibTeX cannot say directly: citation-js reads `entrysubtype = {newspaper}`
 * as a journal article with the genre "newspaper", and writes the accessed date as a note too.
 */
function fromBiblatexFields(item: Record<string, unknown>): Record<string, unknown> {
  const out = { ...item };
  const type = typeof out.genre === 'string' && out.type === 'article-journal' ? SUBTYPE_TYPES.get(out.genre) : undefined;
  if (type) {
    out.type = type;
    delete out.genre;
  }
  if (out.accessed && typeof out.note === 'string' && ACCESSED_NOTE.test(out.note)) delete out.note;
  return out;
}

/** A CSL date from RIS's `YYYY/MM/DD/other`, when it has at least a year and a month. */
function risDate(value: string): { 'date-parts': number[][] } | null {
  const parts = value.split('/').slice(0, 3).filter(Boolean);
  if (parts.length < 2 || !parts.every((p) => /^\d{1,4}$/.test(p))) return null;
  return { 'date-parts': [parts.map(Number)] };
}

/**
 * citation-js takes a RIS record's date from PY, which usually holds the year alone;
 * the full date is in DA. Each record's DA completes its item when it is more precise,
 * and its T2 gives the container (a web page's site) when citation-js left it out.
 */
function withRisDates(items: Record<string, unknown>[], text: string): Record<string, unknown>[] {
  const records = text.split(/^ER {2}-.*$/m).filter((r) => /^TY {2}- /m.test(r));
  if (records.length !== items.length) return items;
  return items.map((item, i) => {
    const da = /^DA {2}- (.*)$/m.exec(records[i]!)?.[1];
    const date = da ? risDate(da.trim()) : null;
    const issued = item.issued as { 'date-parts'?: unknown[][] } | undefined;
    const known = issued?.['date-parts']?.[0]?.length ?? 0;
    const container = item['container-title'] ?? /^T2 {2}- (.*)$/m.exec(records[i]!)?.[1]?.trim();
    const out = container ? { ...item, 'container-title': container } : item;
    return date && date['date-parts'][0]!.length > known ? { ...out, issued: date } : out;
  });
}

/** citation-js reads the AU of RIS newspaper records as `reporter` names; CSL calls them authors. */
function reportersAsAuthors(item: Record<string, unknown>): Record<string, unknown> {
  if (item.author || item.reporter === undefined) return item;
  const author = [item.reporter]
    .flat()
    .filter((r): r is string => typeof r === 'string' && r.trim() !== '')
    .map((r) => {
      const comma = r.indexOf(', ');
      return comma > 0 ? { family: r.slice(0, comma).trim(), given: r.slice(comma + 2).trim() } : { literal: r.trim() };
    });
  return { ...item, author };
}

/**
 * A name with a family part alone is an organisation or a name written whole (`{中央社}`
 * in BibTeX, `AU  - Reuters` in RIS): CSL keeps those as literal names, as Pandoc reads them.
 */
function organisationsAsLiterals(item: Record<string, unknown>): Record<string, unknown> {
  if (!Array.isArray(item.author)) return item;
  const author = (item.author as Record<string, unknown>[]).map((n) => {
    const keys = Object.keys(n).filter((k) => !k.startsWith('_'));
    return keys.length === 1 && typeof n.family === 'string' ? { literal: n.family } : n;
  });
  return { ...item, author };
}

/**
 * Stores CSL items as sources, skipping ones already present (same DOI, URL, or title and
 * date), and links each new source to the one article without a source that has its title.
 */
export function importSources(lib: Library, name: string, raw: unknown[], report: ImportReport): void {
  /** Sources this file added, so that a duplicate inside it is told from one already in the library. */
  const added = new Set<number>();
  raw.forEach((entry, i) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new ApostilError('bad_file', `${name}: item ${i + 1} is not a CSL-JSON object. Nothing was imported.`);
    }
    const cleaned = trimStrings(cleanCslItem(entry as Record<string, unknown>)) as Record<string, unknown>;
    const uuid = newUuid();
    cleaned.id ??= (cleaned['citation-key'] as string | undefined) ?? uuid;
    cleaned.type ??= 'document';
    let item;
    try {
      item = validateCslItem(cleaned, `${name}: item ${i + 1}`);
    } catch (err) {
      throw new ApostilError('bad_file', `${(err as Error).message} Nothing was imported.`);
    }
    const existing = lib.sources.findSame(item);
    if (existing !== undefined) {
      if (added.has(existing)) countRepeated(report.sources);
      else report.sources.existing++;
      return;
    }
    const now = nowIso();
    const id = lib.sources.insert({ uuid, csl: item, createdAt: now, updatedAt: now });
    added.add(id);
    report.sources.created++;
    const articleId = lib.sources.articleForTitle(item.title);
    if (articleId !== undefined) {
      lib.sources.link(articleId, id);
      report.sources.linked++;
    }
  });
}
