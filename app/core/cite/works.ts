import { suggestCitationKey, uniqueCitationKey } from '../citationKey';
import type { CslItem } from '../cslItem';
import type { Library } from '../library';
import { articleCsl, type ArticleInfo } from '../export/rows';

/**
 * The work that cites each article, with its citation key as `id`: the article's
 * source, or an item made from the article's title and date, keyed like a source
 * (and never like an existing one). Articles sharing a source share one item. Keys
 * are given in article order, so the same articles always get the same keys.
 */
export function worksByArticle(lib: Library, articles: Iterable<ArticleInfo>): Map<number, CslItem> {
  const works = new Map<number, CslItem>();
  const made = new Set<string>();
  const taken = (key: string) => made.has(key.toLowerCase()) || lib.sources.keyInUse(key);
  for (const a of [...articles].sort((x, y) => x.id - y.id)) {
    if (a.source) {
      works.set(a.id, a.source.csl);
      continue;
    }
    const item = articleCsl(a);
    const key = uniqueCitationKey(suggestCitationKey(item), taken);
    made.add(key.toLowerCase());
    works.set(a.id, { ...item, id: key });
  }
  return works;
}

/** The distinct works of {@link worksByArticle}, in first-seen order. */
export function distinctWorks(works: Map<number, CslItem>): CslItem[] {
  const seen = new Map<string, CslItem>();
  for (const w of works.values()) if (!seen.has(String(w.id))) seen.set(String(w.id), w);
  return [...seen.values()];
}

/**
 * The language of each work's articles, by work id (the first article's that has one):
 * what the `auto` locale cites a work in when the work records no language itself.
 */
export function articleLanguages(works: Map<number, CslItem>, articles: Iterable<ArticleInfo>): (id: string) => string | undefined {
  const langs = new Map<string, string>();
  for (const a of [...articles].sort((x, y) => x.id - y.id)) {
    const id = works.get(a.id)?.id;
    if (id !== undefined && a.lang && !langs.has(String(id))) langs.set(String(id), a.lang);
  }
  return (id) => langs.get(id);
}
