/** The parts of citeproc-js (the `citeproc` package, which ships no type declarations) that Apostil uses. */
declare module 'citeproc' {
  /** A CSL style or locale in citeproc-js's JSON form: one element, its attributes and its children (text as strings). */
  export interface JsonNode {
    name: string;
    attrs: Record<string, string>;
    children: (JsonNode | string)[];
  }
  /** What the processor asks its host for: a locale (XML or JSON form) by language tag, and items by id. */
  export interface CiteprocSys {
    retrieveLocale(lang: string): string | JsonNode | false;
    retrieveItem(id: string): Record<string, unknown>;
  }
  /** One cited item in a cluster, with an optional locator such as a page. */
  export interface CitationItem {
    id: string;
    locator?: string;
    label?: string;
  }
  /** Formatting parameters and the formatted entries, in the order of the ids. */
  export type Bibliography = [{ entry_ids: string[][]; bibstart: string; bibend: string; [key: string]: unknown }, string[]];
  /** One citeproc-js processor bound to a style and a default locale. */
  export class Engine {
    constructor(sys: CiteprocSys, style: string | JsonNode, lang?: string, forceLang?: boolean);
    setOutputFormat(format: 'html' | 'text' | 'rtf'): void;
    updateItems(ids: string[]): void;
    makeCitationCluster(items: CitationItem[]): string;
    makeBibliography(): Bibliography | false;
    cslXml: unknown;
    opt: { class: string; 'default-locale': string[]; xclass: string };
  }
  const CSL: { Engine: typeof Engine };
  export default CSL;
}
