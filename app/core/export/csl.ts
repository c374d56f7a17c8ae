import { distinctWorks, worksByArticle } from '../cite/works';
import type { CslItem } from '../cslItem';
import type { ExportContext, ExportFormat } from './format';
import { articleInfos } from './rows';

/**
 * The CSL items that cite the selection, each with its citation key as `id`: each
 * article's source (once, however many articles share it), or an item made from the
 * article's title and date, keyed like a source but never like one; a whole-library
 * export also includes sources no article uses yet.
 */
export function cslItems(ctx: ExportContext): CslItem[] {
  const { lib, selection } = ctx;
  const items = distinctWorks(worksByArticle(lib, articleInfos(lib, selection.articleIds).values()));
  if (selection.scope.kind === 'all') {
    const keys = new Set(items.map((i) => String(i.id)));
    for (const s of lib.sources.list()) if (!keys.has(s.citationKey)) items.push(s.csl);
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
