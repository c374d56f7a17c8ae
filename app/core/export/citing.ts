import { referencesHeading } from '../cite/catalogue';
import type { Locator } from '../cite/engine';
import { citeQuotes } from '../cite/quote';
import type { Rich } from '../cite/rich';
import { citationStyles, type StyleRequest } from '../cite/styles';
import { articleLanguages, distinctWorks, worksByArticle } from '../cite/works';
import type { CslItem } from '../cslItem';
import { ApostilError } from '../errors';
import type { DocNode, Note } from '../notes';
import type { ExportContext } from './format';
import { articleInfos, type ArticleInfo } from './rows';

/** How a note's embeds are cited in an export: in a CSL style, with the note's bibliography. */
export interface NoteCiting {
  /** The embed's citation key, locator and formatted in-text citation. */
  cite(quoteId: number): { key: string; locator?: Locator; citation: Rich } | undefined;
  /** The works cited in the note, formatted, in the style's order. */
  bibliography: Rich[];
  /** `References`, in the style's locale. */
  heading: string;
}

/** The node type of a note's bibliography block: where the works cited are listed. */
export const BIBLIOGRAPHY_BLOCK = 'bibliography';

/**
 * The style an export cites in, or null for Apostil's plain citation line: a style
 * named by the request, else the library's chosen style once the user has chosen one;
 * never a style when the request asks for the plain line (`citations: 'plain'`).
 */
export function exportStyle(ctx: ExportContext): StyleRequest | null {
  const { style, styleXml, locale, citations } = ctx.options;
  if (citations === 'plain') {
    if (style !== undefined || styleXml !== undefined) throw new ApostilError('invalid_request', 'Plain citations cannot be given a citation style as well.');
    return null;
  }
  if (style === undefined && styleXml === undefined && !citationStyles(ctx.lib).hasChoice()) return null;
  return { style, styleXml, locale };
}

/** The citations of one note's embeds in the export's style, or null when the export uses the plain line. */
export function noteCiting(ctx: ExportContext, note: Note): NoteCiting | null {
  // A note with a Bibliography block is cited in the library's style even when none was chosen, unless the plain line was asked for.
  const request = exportStyle(ctx) ?? (hasBibliographyBlock(note.doc) && ctx.options.citations !== 'plain' ? {} : null);
  if (!request) return null;
  const { citations, bibliography, locale } = citeQuotes(ctx.lib, note.quoteIds, request, exportWorks(ctx));
  const byQuote = new Map(citations.map((c) => [c.quoteId, c]));
  return {
    cite: (id) => byQuote.get(id),
    bibliography: bibliography.map((b) => b.entry),
    heading: referencesHeading(locale),
  };
}

const worksOfExport = new WeakMap<ExportContext, Map<number, CslItem>>();

/** The works the export's articles cite, keyed once per export so that citations and bibliography files agree. */
export function exportWorks(ctx: ExportContext): Map<number, CslItem> {
  let works = worksOfExport.get(ctx);
  if (!works) worksOfExport.set(ctx, (works = worksByArticle(ctx.lib, articleInfos(ctx.lib, ctx.selection.articleIds).values())));
  return works;
}

/** True when a note document holds a bibliography block (its export then cites in a style even if none was chosen). */
export function hasBibliographyBlock(doc: DocNode): boolean {
  return doc.type === BIBLIOGRAPHY_BLOCK || (doc.content ?? []).some(hasBibliographyBlock);
}

/** Each article's bibliography entry in the export's style, or null when the export uses the plain line. */
export function articleEntries(ctx: ExportContext, articles: ArticleInfo[]): Map<number, Rich> | null {
  const request = exportStyle(ctx);
  if (!request) return null;
  const works = exportWorks(ctx);
  const languages = articleLanguages(works, articleInfos(ctx.lib, ctx.selection.articleIds).values());
  const { bibliography } = citationStyles(ctx.lib).format(request, distinctWorks(works), [], languages);
  const byKey = new Map(bibliography.map((b) => [b.id, b.entry]));
  return new Map(articles.map((a) => [a.id, byKey.get(String(works.get(a.id)!.id)) ?? []]));
}
