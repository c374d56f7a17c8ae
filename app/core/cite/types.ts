/** Citation results as the api hands them out: plain types, safe for every shell (and the renderer) to import. */
import type { CslLocale } from './catalogue';
import type { Rich } from './rich';

/** Where in a work a quote is: a page (PDFs) or a paragraph (everything else). */
export interface Locator {
  label: 'page' | 'paragraph';
  value: string;
}

/** The style and locale a library cites in; `locale` null follows the style's own default. */
export interface CitationChoice {
  style: string;
  locale: CslLocale | null;
}

/** A quote ready for the clipboard: itself in the quote marks of its language, its citation, and its bibliography entry. */
export interface QuoteCitation {
  /** `“quote” (Citation)` and the bibliography entry, as plain text. */
  text: string;
  /** The same as HTML that word processors keep on paste. */
  html: string;
  /** The in-text citation, as text. */
  citation: string;
  /** The bibliography entry, as text. */
  bibliography: string;
  /** The in-text citation, formatted. */
  citationRich: Rich;
  /** The bibliography entry, formatted. */
  bibliographyRich: Rich;
}

/** The citations of several quotes and the bibliography of the works they come from. */
export interface QuotesCitations {
  /** One per quote that exists, in the order asked. */
  citations: { quoteId: number; key: string; locator?: Locator; citation: Rich }[];
  /** One entry per work, in the style's order. */
  bibliography: { key: string; entry: Rich }[];
  /** The locale of the bibliography (with `auto`, that of the most-cited work; null: the style's own). */
  locale: CslLocale | null;
}
