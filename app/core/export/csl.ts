import { suggestCitationKey, uniqueCitationKey } from '../citationKey';
import type { CslItem } from '../cslItem';
import type { ExportContext, ExportFormat } from './format';
import { articleCsl, articleInfos } from './rows';

/**
 * The CSL items that cite the selection, each with its citation key as `id`: each
 * article's source (once, however many articles share it), or an item made from the
 * article's title and date, keyed like a source but never like one; a whole-library
 * export also includes sources no article uses yet.
 */
export function cslItems(ctx: ExportContext): CslItem[] {
  const { lib, selection } = ctx;
  const items: CslItem[] = [];
  const seen = new Set<number>();
  const made = new Set<string>();
  const taken = (key: string) => made.has(key.toLowerCase()) || lib.sources.keyInUse(key);
  for (const a of articleInfos(lib, selection.articleIds).values()) {
    if (a.source && seen.has(a.source.id)) continue;
    if (a.source) {
      seen.add(a.source.id);
      items.push(a.source.csl);
      continue;
    }
    const item = articleCsl(a);
    const key = uniqueCitationKey(suggestCitationKey(item), taken);
    made.add(key.toLowerCase());
    items.push({ ...item, id: key });
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
