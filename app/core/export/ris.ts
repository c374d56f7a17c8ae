import { plugins } from '@citation-js/core';
import '@citation-js/plugin-ris';
import type { CslItem, CslName } from '../cslItem';
import { isoDate } from './bibtex';
import { cslItems } from './csl';
import type { ExportFormat } from './format';

/** A RIS record as citation-js maps it: tag → value or values. */
type RisRecord = Record<string, string | number | (string | number)[]>;

/** `family, given` (or the literal name) as RIS writes authors. */
function risName(n: CslName): string {
  return n.literal ?? [n.family, n.given].filter(Boolean).join(', ');
}

/**
 * One record by citation-js's mapping, completed where it falls short: a newspaper record
 * gets its authors (citation-js files them under nothing for NEWS), a date with a month
 * gets `DA  - YYYY/MM/DD/` beside PY's year, and a web page keeps its site as T2.
 */
function risRecord(item: CslItem): RisRecord {
  const [record] = plugins.output.format('ris', [item], { format: 'object' }) as unknown as RisRecord[];
  const out: RisRecord = { TY: record!.TY! };
  if (item.author?.length && record!.AU === undefined && record!.A1 === undefined) out.AU = item.author.map(risName);
  const date = isoDate(item.issued);
  if (date && date.length > 4 && record!.DA === undefined) out.DA = `${date.replace(/-/g, '/')}/`;
  Object.assign(out, record, { TY: record!.TY!, ID: String(item.id) });
  if (item['container-title'] && record!.T2 === undefined && record!.JO === undefined && record!.JF === undefined) out.T2 = item['container-title'];
  return out;
}

/** One `TAG  - value` line per value: a line break inside a value would start a line without a tag, so it becomes a space. */
function risLines(record: RisRecord): string {
  const lines = [`TY  - ${record.TY}`];
  for (const [tag, value] of Object.entries(record)) {
    if (tag === 'TY') continue;
    for (const v of [value].flat())
      lines.push(
        `${tag}  - ${String(v)
          .replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ')
          .trim()}`,
      );
  }
  lines.push('ER  - ');
  return `${lines.join('\n')}\n`;
}

/** RIS, mapped by citation-js, written one unwrapped `TAG  - value` line per field, `ID` the citation key. */
export const ris: ExportFormat = {
  extension: 'ris',
  mime: 'application/x-research-info-systems; charset=utf-8',
  run(ctx) {
    ctx.write(
      cslItems(ctx)
        .map((item) => risLines(risRecord(item)))
        .join('\n'),
    );
  },
};
