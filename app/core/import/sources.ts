import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { cleanCslItem, validateCslItem } from '../cslItem';
import { ApostilError } from '../errors';
import type { Library } from '../library';
import { newUuid } from '../uid';
import { nowIso } from '../text';
import type { ImportReport } from './report';

const PARSERS = { bibtex: '@bibtex/text', ris: '@ris/file' } as const;

function trimStrings(value: unknown): unknown {
  if (typeof value === 'string') return value.trim();
  if (Array.isArray(value)) return value.map(trimStrings);
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimStrings(v)]));
  return value;
}

/** Parses BibTeX or RIS text into CSL items with citation-js (its parser chosen explicitly, so nothing is fetched). */
export function parseReferences(name: string, format: 'bibtex' | 'ris', text: string): Record<string, unknown>[] {
  let items: Record<string, unknown>[];
  try {
    items = plugins.input.chain(text, { forceType: PARSERS[format], generateGraph: false, target: '@csl/list+object' });
  } catch (err) {
    throw new ApostilError('bad_file', `${name} cannot be read as ${format === 'bibtex' ? 'BibTeX' : 'RIS'}: ${(err as Error).message}. Nothing was imported.`);
  }
  if (!Array.isArray(items) || items.length === 0) {
    throw new ApostilError('bad_file', `${name} contains no ${format === 'bibtex' ? 'BibTeX entries' : 'RIS records'}. Nothing was imported.`);
  }
  return items.map(reportersAsAuthors);
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
 * Stores CSL items as sources, skipping ones already present (same DOI, URL, or title and
 * date), and links each new source to the one article without a source that has its title.
 */
export function importSources(lib: Library, name: string, raw: unknown[], report: ImportReport): void {
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
      report.sources.existing++;
      return;
    }
    const now = nowIso();
    const id = lib.sources.insert({ uuid, csl: item, createdAt: now, updatedAt: now });
    report.sources.created++;
    const articleId = lib.sources.articleForTitle(item.title);
    if (articleId !== undefined) {
      lib.sources.link(articleId, id);
      report.sources.linked++;
    }
  });
}
