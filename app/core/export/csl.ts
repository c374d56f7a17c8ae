import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslItem, CslName } from '../cslItem';
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

/** BibTeX, written by citation-js with Unicode kept as is (CJK titles and names survive); keys from `citation-key`, else the item id. */
export const bibtex: ExportFormat = {
  extension: 'bib',
  mime: 'application/x-bibtex; charset=utf-8',
  run(ctx) {
    ctx.write(plugins.output.format('bibtex', cslItems(ctx), { format: 'text' }));
  },
};

/** `family, given` (or the literal name) as RIS writes authors. */
function risName(n: CslName): string {
  return n.literal ?? [n.family, n.given].filter(Boolean).join(', ');
}

/**
 * One RIS record by citation-js. Its newspaper mapping leaves out the authors (RIS
 * files them under AU, "Reporter", for NEWS); they are added so that reference
 * managers keep them.
 */
function risRecord(item: CslItem): string {
  const record = plugins.output.format('ris', [item], { format: 'text' });
  if (item.type !== 'article-newspaper' || !item.author?.length || /^AU {2}- /m.test(record)) return record;
  return record.replace(/^(TY {2}- .*\n)/, `$1${item.author.map((n) => `AU  - ${risName(n)}\n`).join('')}`);
}

/** RIS, written by citation-js. */
export const ris: ExportFormat = {
  extension: 'ris',
  mime: 'application/x-research-info-systems; charset=utf-8',
  run(ctx) {
    ctx.write(cslItems(ctx).map(risRecord).join('\n'));
  },
};
