import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslDate, CslItem, CslName } from '../cslItem';
import type { ExportContext, ExportFormat } from './format';
import { articleCsl, articleInfos } from './rows';

const bibtexConfig = plugins.config.get('@bibtex');
bibtexConfig.format!.asciiOnly = false;
bibtexConfig.format!.useIdAsLabel = true;

/**
 * The CSL items that cite the selection: each article's source (once, however many
 * articles share it), or an item made from the article's title and date; a whole-library
 * export also includes sources no article uses yet.
 */
export function cslItems(ctx: ExportContext): CslItem[] {
  const { lib, selection } = ctx;
  const items: CslItem[] = [];
  const seen = new Set<number>();
  for (const a of articleInfos(lib, selection.articleIds).values()) {
    if (a.source && seen.has(a.source.id)) continue;
    if (a.source) seen.add(a.source.id);
    items.push(articleCsl(a));
  }
  if (selection.scope.kind === 'all') {
    for (const s of lib.sources.list()) if (!seen.has(s.id)) items.push(s.csl);
  }
  return items;
}

/** CSL-JSON: the array of items that Zotero, Pandoc and citeproc read. */
export const cslJson: ExportFormat = {
  extension: 'json',
  mime: 'application/vnd.citationstyles.csl+json',
  run(ctx) {
    ctx.write(`${JSON.stringify(cslItems(ctx), null, 2)}\n`);
  },
};

/** CSL types that BibTeX writes as `@article` and biblatex tells apart with `entrysubtype`. */
export const ENTRY_SUBTYPES: Partial<Record<CslItem['type'], string>> = { 'article-newspaper': 'newspaper', 'article-magazine': 'magazine' };

/** `YYYY-MM-DD` (or shorter) of a CSL date with numeric date-parts, else null. */
function isoDate(date: CslDate | undefined): string | null {
  const parts = date?.['date-parts']?.[0];
  if (!parts?.length || !parts.every((p) => /^\d+$/.test(String(p)))) return null;
  return parts
    .slice(0, 3)
    .map((p, i) => String(p).padStart(i ? 2 : 4, '0'))
    .join('-');
}

/**
 * One BibTeX entry by citation-js, plus the biblatex fields that classic BibTeX
 * ignores and that citation-js reads back: `entrysubtype` (a newspaper or magazine
 * article is otherwise a journal article), `urldate` (the accessed date) and `language`.
 */
function bibtexEntry(item: CslItem): string {
  const entry = plugins.output.format('bibtex', [item], { format: 'text' });
  const extra: [string, string | null][] = [
    ['entrysubtype', ENTRY_SUBTYPES[item.type] ?? null],
    ['urldate', isoDate(item.accessed)],
    ['language', typeof item.language === 'string' && /^[A-Za-z0-9-]{1,35}$/.test(item.language) ? item.language : null],
  ];
  const fields = extra.filter(([field, value]) => value !== null && !new RegExp(`^\\t${field} = `, 'm').test(entry));
  if (!fields.length) return entry;
  return entry.replace(/^(@\w+\{[^\n]*\n)/, `$1${fields.map(([field, value]) => `\t${field} = {${value}},\n`).join('')}`);
}

/** BibTeX, written by citation-js with Unicode kept as is (CJK titles and names survive); keys from `citation-key`, else the item id. */
export const bibtex: ExportFormat = {
  extension: 'bib',
  mime: 'application/x-bibtex; charset=utf-8',
  run(ctx) {
    ctx.write(cslItems(ctx).map(bibtexEntry).join(''));
  },
};

/** `family, given` (or the literal name) as RIS writes authors. */
function risName(n: CslName): string {
  return n.literal ?? [n.family, n.given].filter(Boolean).join(', ');
}

/**
 * One RIS record by citation-js, completed where its mapping falls short: a newspaper
 * record gets its authors (RIS files them under AU, "Reporter", for NEWS), and any
 * record whose date has a month gets `DA  - YYYY/MM/DD/` beside the year in PY.
 */
function risRecord(item: CslItem): string {
  let record = plugins.output.format('ris', [item], { format: 'text' });
  const head: string[] = [];
  if (item.type === 'article-newspaper' && item.author?.length && !/^AU {2}- /m.test(record)) head.push(...item.author.map((n) => `AU  - ${risName(n)}`));
  const date = isoDate(item.issued);
  if (date && date.length > 4 && !/^DA {2}- /m.test(record)) head.push(`DA  - ${date.replace(/-/g, '/')}/`);
  if (head.length) record = record.replace(/^(TY {2}- .*\n)/, `$1${head.map((line) => `${line}\n`).join('')}`);
  return record;
}

/** RIS, written by citation-js. */
export const ris: ExportFormat = {
  extension: 'ris',
  mime: 'application/x-research-info-systems; charset=utf-8',
  run(ctx) {
    ctx.write(cslItems(ctx).map(risRecord).join('\n'));
  },
};
