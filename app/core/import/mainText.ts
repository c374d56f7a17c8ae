import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { parseArticle, titleFromLine, type ParsedArticle } from '../articleText';
import type { CslItem } from '../cslItem';
import { ApostilError } from '../errors';
import { detectScriptLang } from '../script';
import { codePointLength } from '../text';
import { htmlBlocks, parseHtmlArticle } from './html';
import { assertMarkupDepth } from './markupDepth';
import { bylineNames, cslName, isoDate, pageMeta, type PageMeta } from './pageMeta';

/** An article read from a page, with the source its markup describes. */
export interface PageArticle {
  parsed: ParsedArticle;
  /** CSL fields from the page (no `id`: the library assigns it). */
  source: Omit<CslItem, 'id'>;
}

/** How a page is read: its main text (the default) or all of its text. */
export interface PageOptions {
  /** Import the whole page's text instead of the extracted article. */
  wholePage?: boolean;
  /** The address the page was fetched from, when it was; the canonical address wins over it. */
  fetchedFrom?: string;
  /** When it was fetched, as an ISO date-time (the source's `accessed`). */
  fetchedAt?: string;
}

/** Fewest characters of main text (spaces aside) that count as an article rather than a failed extraction. */
const MIN_MAIN_CHARS = 40;
/** Most characters of a page read whole when its article is not found: such a page has nothing to strip. */
const SHORT_PAGE_CHARS = 400;
/** Readability's threshold for trying less strict passes, lowered from 500 for CJK, where 500 characters is a long article. */
const CHAR_THRESHOLD = 100;

function visibleChars(text: string): number {
  return codePointLength(text.replace(/\s+/g, ''));
}

/** Thrown when the extractor finds no article; the message offers the whole page, and `details` says it can be asked for. */
export function noMainText(name: string): never {
  throw new ApostilError(
    'bad_file',
    `Apostil could not tell the article's main text from the rest of the page in ${name}. You can import the whole page's text instead (apostil import --whole-page, or "Import the whole page" in the app). Nothing was imported.`,
    { wholePage: true },
  );
}

/** The little of linkedom's document this module touches (the core has no DOM types). */
interface Queryable {
  querySelectorAll(selectors: string): ArrayLike<{ remove(): void; getAttribute(name: string): string | null }>;
}

/** A class or id token that marks an advertisement or a sponsored box (`ad`, `ads`, `ad-inline`, `top-ads`, `advertisement`, `sponsored`…). */
const AD_TOKEN = /^(?:ads?|advert(?:isement)?s?|ad[-_][\w-]+|[\w-]+[-_]ads?|sponsor(?:ed)?|promo(?:tion)?s?)$/i;

/**
 * Removes what is never article text before Readability scores the page: ruby readings
 * (`<rt>`, `<rp>`, `<rtc>`, so that only the base text is read) and boxes whose class or
 * id names them as advertisements (Readability keeps an ad placed inside the article).
 */
function dropNonText(document: Queryable): void {
  for (const el of Array.from(document.querySelectorAll('rt, rp, rtc'))) el.remove();
  for (const el of Array.from(document.querySelectorAll('[class], [id]'))) {
    const tokens = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.split(/\s+/);
    if (tokens.some((t) => AD_TOKEN.test(t))) el.remove();
  }
}

function dateParts(iso: string | null): { 'date-parts': number[][] } | undefined {
  return iso ? { 'date-parts': [iso.split('-').map(Number)] } : undefined;
}

/** The source a page describes, as CSL fields: a newspaper article when it says it is news, else a web page. */
function sourceOf(meta: PageMeta, title: string, lang: string | null, options: PageOptions): Omit<CslItem, 'id'> {
  const url = meta.url ?? (options.fetchedFrom && /^https?:/i.test(options.fetchedFrom) ? options.fetchedFrom : null);
  const source: Omit<CslItem, 'id'> = { type: meta.news ? 'article-newspaper' : 'webpage', title };
  if (meta.authors.length) source.author = meta.authors.slice(0, 50).map(cslName);
  if (meta.siteName) source['container-title'] = meta.siteName;
  const issued = dateParts(meta.date);
  if (issued) source.issued = issued;
  if (url) source.URL = url;
  const accessed = dateParts(isoDate(options.fetchedAt));
  if (accessed) source.accessed = accessed;
  if (lang) source.language = lang;
  return source;
}

/** Chinese pages often say only `zh` or a region (`zh-TW`); the characters tell Traditional from Simplified. */
function languageOf(declared: string | null, body: string): string | null {
  const fromText = detectScriptLang(body);
  if (!declared) return fromText;
  if (/^zh(?:-(?:TW|HK|MO|CN|SG))?$/i.test(declared) && (fromText === 'zh-Hant' || fromText === 'zh-Hans')) return fromText;
  return declared;
}

/**
 * Reads an article from an HTML page with Mozilla's Readability (Firefox's Reader View)
 * on a linkedom DOM: the main text only, without navigation, ads, comments or related
 * links, keeping headings and paragraphs; the existing sanitiser still cleans what it
 * returns. The source comes from the page's metadata. With `wholePage`, every text of
 * the page is read instead; without it, a page whose article cannot be found is refused
 * with a message offering that. Markup nested deeper than browsers render is refused first.
 */
export function readPage(name: string, raw: string, options: PageOptions = {}): PageArticle {
  assertMarkupDepth(name, raw);
  const meta = pageMeta(raw);
  let parsed: ParsedArticle;
  let title = meta.title;
  if (options.wholePage) {
    parsed = parseHtmlArticle(name, raw);
  } else {
    const { document } = parseHTML(raw);
    dropNonText(document);
    const result = new Readability(document, { charThreshold: CHAR_THRESHOLD, keepClasses: false }).parse();
    const body = (result?.content ? htmlBlocks(result.content) : []).join('\n\n');
    const found = visibleChars(body);
    if (!meta.authors.length) meta.authors = bylineNames(result?.byline);
    meta.siteName ??= result?.siteName?.trim() || null;
    meta.date ??= isoDate(result?.publishedTime);
    title ||= result?.title?.trim() ?? '';
    if (found >= MIN_MAIN_CHARS) {
      parsed = parseArticle(name, meta.date ? `date ${meta.date}\n${body}` : body, 'text');
    } else {
      // A short page has nothing to strip: its whole text is the article. A long one whose article was not found is refused.
      parsed = parseHtmlArticle(name, raw);
      if (visibleChars(parsed.body) > Math.max(SHORT_PAGE_CHARS, found * 2)) noMainText(name);
    }
  }
  const lang = languageOf(meta.lang, parsed.body);
  const finalTitle = title ? titleFromLine(title) : parsed.title;
  const url = meta.url ?? (options.fetchedFrom && /^https?:/i.test(options.fetchedFrom) ? options.fetchedFrom : null);
  return { parsed: { ...parsed, title: finalTitle, lang, url }, source: sourceOf(meta, finalTitle, lang, options) };
}
