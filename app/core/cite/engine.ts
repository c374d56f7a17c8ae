import CSL, { type Engine } from 'citeproc';
import type { CslItem } from '../cslItem';
import { localeFor, type CslLocale } from './catalogue';
import { runsFromCiteprocHtml } from './citeprocHtml';
import type { CslNode } from './cslJson';
import type { Rich } from './rich';
import type { Locator } from './types';

export type { Locator } from './types';

/** One citation to format: the work (its `id` is its citation key) and where in it. */
export interface Cite {
  id: string;
  locator?: Locator;
}

/** A style's citations and bibliography for a set of works. */
export interface Formatted {
  /** One in-text citation per {@link Cite}, in the order given. */
  citations: Rich[];
  /** One entry per work, in the style's order. */
  bibliography: { id: string; entry: Rich }[];
}

/** Reads a shipped locale: a fresh JSON node each call (citeproc-js may change what it is given), or XML. */
export type LocaleSource = (locale: CslLocale) => CslNode | string;

/** CSL number variables, which citeproc-js wants as strings. */
const NUMBERS = new Set([
  'chapter-number',
  'collection-number',
  'edition',
  'issue',
  'locator',
  'number',
  'number-of-pages',
  'number-of-volumes',
  'page',
  'page-first',
  'part',
  'printing',
  'supplement',
  'volume',
]);

/** An item as citeproc-js reads it: ids and numbers as strings. */
function processorItem(item: CslItem): Record<string, unknown> {
  const out: Record<string, unknown> = { ...item, id: String(item.id) };
  for (const [k, v] of Object.entries(out)) if (NUMBERS.has(k) && typeof v === 'number') out[k] = String(v);
  return out;
}

/**
 * One citeproc-js processor for a style and locale. It is built once (parsing a large
 * style takes a second) and reused: each {@link format} call registers the works it
 * cites, so numeric styles number them in the order they are first cited.
 */
export class CiteEngine {
  private readonly items = new Map<string, Record<string, unknown>>();
  private readonly engine: Engine;

  /** `style` is a CSL style as XML (a user's `.csl` file) or in citeproc-js's JSON form (a shipped style), not shared with other engines. */
  constructor(style: string | CslNode, locale: CslLocale | null, loadLocale: LocaleSource) {
    const sys = {
      retrieveLocale: (lang: string) => {
        const shipped = localeFor(lang);
        return shipped ? loadLocale(shipped) : false;
      },
      retrieveItem: (id: string) => this.items.get(id) ?? { id, type: 'document', title: id },
    };
    this.engine = locale ? new CSL.Engine(sys, style, locale, true) : new CSL.Engine(sys, style);
    this.engine.setOutputFormat('html');
  }

  /** Formats each cite as an in-text citation, and the bibliography of the works cited, in order of first citation. */
  format(works: CslItem[], cites: Cite[]): Formatted {
    this.items.clear();
    for (const w of works) this.items.set(String(w.id), processorItem(w));
    const order = [...new Set([...cites.map((c) => c.id), ...this.items.keys()])].filter((id) => this.items.has(id));
    this.engine.updateItems(order);
    const citations = cites.map((c) => {
      const item = c.locator ? { id: c.id, locator: c.locator.value, label: c.locator.label } : { id: c.id };
      return runsFromCiteprocHtml(this.engine.makeCitationCluster([item]));
    });
    const bib = order.length ? this.engine.makeBibliography() : false;
    const bibliography = bib ? bib[1].map((html, i) => ({ id: bib[0].entry_ids[i]?.[0] ?? '', entry: runsFromCiteprocHtml(html) })) : [];
    return { citations, bibliography };
  }
}
