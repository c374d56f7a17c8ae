import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import type { CslDate, CslItem } from '../cslItem';
import type { ExportFormat } from './format';
import { cslItems, ENTRY_SUBTYPES } from './csl';

const bibtexConfig = plugins.config.get('@bibtex');
bibtexConfig.format!.asciiOnly = false;
bibtexConfig.format!.useIdAsLabel = true;

/** An entry as citation-js maps it, before it is written out. */
interface EntryObject {
  type: string;
  label: string;
  properties: Record<string, string>;
}

/** One field to write: its value in braces, or a bare macro (`month = feb`). */
interface Field {
  name: string;
  value: string;
  macro?: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Fields whose value is read verbatim (no TeX), so nothing in them is escaped. */
const VERBATIM = new Set(['url', 'doi', 'date', 'urldate', 'eprint', 'file']);

/** biblatex's names for fields classic BibTeX has under another name (biber reads the classic ones as aliases). */
const CLASSIC_ALIASES: Record<string, string> = { journaltitle: 'journal', location: 'address' };

/** Fields citation-js adds that other readers take for something else. */
const NOISE = new Set(['note', 'howpublished']);

/** `YYYY-MM-DD` (or shorter) of a CSL date with numeric date-parts, else null. */
export function isoDate(date: CslDate | undefined): string | null {
  const parts = date?.['date-parts']?.[0];
  if (!parts?.length || !parts.every((p) => /^\d+$/.test(String(p)))) return null;
  return parts
    .slice(0, 3)
    .map((p, i) => String(p).padStart(i ? 2 : 4, '0'))
    .join('-');
}

/** TeX's special characters in text fields, escaped unless they already are. */
function escapeTex(value: string): string {
  return value.replace(/(?<!\\)([&%$#_])/g, '\\$1');
}

/** Keeps the fields citation-js wrote unless they are its own notes (`[Online; accessed …]`) or the URL again. */
function ownField(item: CslItem, name: string, value: string): boolean {
  if (name === 'note') return typeof item.note === 'string';
  if (name === 'howpublished') return value !== item.URL;
  return true;
}

/**
 * The fields of one entry: citation-js's classic BibTeX mapping (what every BibTeX style
 * reads), then what only biblatex says, which biber and Pandoc read and classic BibTeX
 * ignores: `date` with the day, `urldate`, `langid`, `entrysubtype`. The month is a macro
 * (`month = feb`) with the day in `day`, as classic styles and citation-js read them.
 */
function entryFields(item: CslItem, classic: EntryObject, modern: EntryObject): Field[] {
  const fields: Field[] = [];
  const has = (name: string) => fields.some((f) => f.name === name);
  const subtype = ENTRY_SUBTYPES[item.type];
  if (subtype) fields.push({ name: 'entrysubtype', value: subtype });
  for (const [name, value] of Object.entries(classic.properties)) {
    if (NOISE.has(name) && !ownField(item, name, value)) continue;
    if (name === 'month') {
      const [, month, day] = (item.issued?.['date-parts']?.[0] ?? []).map(Number);
      if (month && month >= 1 && month <= 12) fields.push({ name, value: MONTHS[month - 1]!, macro: true });
      if (month && day && day >= 1 && day <= 31) fields.push({ name: 'day', value: String(day) });
      continue;
    }
    fields.push({ name, value });
  }
  for (const [name, value] of Object.entries(modern.properties)) {
    const classicName = CLASSIC_ALIASES[name] ?? name;
    if (NOISE.has(name) || has(classicName) || name === 'booktitle' || name === 'organization' || name === 'institution') continue;
    fields.push({ name: name === 'language' ? 'langid' : name, value });
  }
  if (item['container-title'] && !has('journal') && !has('booktitle')) fields.push({ name: 'journal', value: item['container-title'] });
  if (!has('urldate')) {
    const accessed = isoDate(item.accessed);
    if (accessed) fields.push({ name: 'urldate', value: accessed });
  }
  return fields;
}

/**
 * Classic BibTeX's entry type, except where it has none and says `misc`: there
 * biblatex's (`online` for web pages and posts, `thesis`), which biber and Pandoc read
 * as that kind and classic styles print as `misc`.
 */
function entryType(classic: EntryObject, modern: EntryObject): string {
  return classic.type === 'misc' ? modern.type : classic.type;
}

/** One entry, one field a line, its key the item's id (the source's citation key). */
function bibtexEntry(item: CslItem): string {
  const [classic] = plugins.output.format('bibtex', [item], { format: 'object' }) as unknown as EntryObject[];
  const [modern] = plugins.output.format('biblatex', [item], { format: 'object' }) as unknown as EntryObject[];
  const lines = entryFields(item, classic!, modern!).map(({ name, value, macro }) => {
    const text = VERBATIM.has(name) ? value : escapeTex(value);
    return `  ${name} = ${macro ? text : `{${text}}`},`;
  });
  return `@${entryType(classic!, modern!)}{${item.id},\n${lines.join('\n')}\n}\n\n`;
}

/**
 * BibTeX that biblatex, Pandoc and classic BibTeX styles all read: citation-js's mapping
 * with Unicode kept as is (CJK titles and names survive), `year` and `month = feb` beside
 * biblatex's full `date`, the URL only in `url` (with `urldate`), keys from each source's
 * citation key.
 */
export const bibtex: ExportFormat = {
  extension: 'bib',
  mime: 'application/x-bibtex; charset=utf-8',
  run(ctx) {
    for (const item of cslItems(ctx)) ctx.write(bibtexEntry(item));
  },
};
