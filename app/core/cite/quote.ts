import type { CslItem } from '../cslItem';
import type { Library } from '../library';
import { embedsOf } from '../export/rows';
import type { Cite } from './engine';
import type { QuoteCitation, QuotesCitations } from './types';

export { paragraphAt } from './locator';
import { escapeHtmlText, richHtml, richText } from './rich';
import { citationStyles, type StyleRequest } from './styles';
import { articleLanguages, distinctWorks, worksByArticle } from './works';

/** The quote marks of a language: 「」 for Chinese in Traditional script and Japanese, “” otherwise. */
export function quoteMarks(lang: string | null): [string, string] {
  const tag = (lang ?? '').toLowerCase();
  if (/^zh-(hant|tw|hk|mo)/.test(tag) || tag.startsWith('ja')) return ['「', '」'];
  return ['“', '”'];
}

/**
 * Formats the citations of quotes (with their locators) and the bibliography of their
 * works, in one style; `known` gives the works of an export that has keyed them already.
 */
export function citeQuotes(lib: Library, quoteIds: number[], request: StyleRequest = {}, known?: Map<number, CslItem>): QuotesCitations {
  const embeds = embedsOf(lib, quoteIds);
  const present = quoteIds.filter((id) => embeds.has(id));
  const articles = [...new Map([...embeds.values()].map((e) => [e.article.id, e.article])).values()];
  const works = known ?? worksByArticle(lib, articles);
  const cites: Cite[] = present.map((id) => {
    const embed = embeds.get(id)!;
    return { id: String(works.get(embed.article.id)!.id), locator: embed.locator };
  });
  const cited = new Set(cites.map((c) => c.id));
  const formatted = citationStyles(lib).format(
    request,
    distinctWorks(works).filter((w) => cited.has(String(w.id))),
    cites,
    articleLanguages(works, articles),
  );
  return {
    citations: present.map((quoteId, i) => ({ quoteId, key: cites[i]!.id, locator: cites[i]!.locator, citation: formatted.citations[i] ?? [] })),
    bibliography: formatted.bibliography.map((b) => ({ key: b.id, entry: b.entry })),
    locale: formatted.locale,
  };
}

/** One quote with its citation, for *Copy with citation* and `apostil cite`. */
export function citeQuote(lib: Library, quoteId: number, request: StyleRequest = {}): QuoteCitation {
  const quote = lib.quotes.get(quoteId);
  const { citations, bibliography } = citeQuotes(lib, [quote.id], request);
  const article = lib.articles.summary(quote.articleId);
  const [open, close] = quoteMarks(article.lang);
  const citationRich = citations[0]?.citation ?? [];
  const bibliographyRich = bibliography[0]?.entry ?? [];
  const citation = richText(citationRich);
  const sep = close === '」' ? '' : ' ';
  const lang = article.lang ? ` lang="${escapeHtmlText(article.lang)}"` : '';
  return {
    text: `${open}${quote.exact}${close}${sep}${citation}\n\n${richText(bibliographyRich)}`,
    html: `<p${lang}>${escapeHtmlText(open + quote.exact + close)}${sep}${richHtml(citationRich)}</p>\n<p>${richHtml(bibliographyRich)}</p>`,
    citation,
    bibliography: richText(bibliographyRich),
    citationRich,
    bibliographyRich,
  };
}
