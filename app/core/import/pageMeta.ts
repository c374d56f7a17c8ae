import { DomUtils, parseDocument } from 'htmlparser2';
import type { CslName } from '../cslItem';
import { jsonDepth } from '../nesting';
import { canonicalLang } from '../script';
import { textOf, type DomNode } from './domWalk';

/** What a page says about itself in its markup: the fields of its source, read and never run. */
export interface PageMeta {
  title: string;
  /** Authors from JSON-LD, else from author meta tags, else from a byline. */
  authors: string[];
  siteName: string | null;
  /** `YYYY-MM-DD` as published (the page's own calendar date). */
  date: string | null;
  /** The canonical http(s) address, from `<link rel=canonical>`, `og:url` or JSON-LD. */
  url: string | null;
  lang: string | null;
  /** True when JSON-LD or `og:type` calls the page a news article. */
  news: boolean;
}

/** Most JSON-LD objects read from one page; a page with more is read up to there. */
const MAX_LD_NODES = 5000;
const MAX_LD_DEPTH = 64;
const ARTICLE_TYPES = /^(?:News|Reportage|Analysis|Opinion|Review|Background)?(?:Article|NewsArticle|BlogPosting|Report)$/;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

function isObject(v: Json | undefined): v is { [key: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function clean(text: string | null | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

/** `YYYY-MM-DD` from the start of an ISO date or date-time, when it is a real date. */
export function isoDate(value: string | null | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value?.trim() ?? '');
  return m && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) ? m[1]! : null;
}

function httpUrl(value: string | null | undefined): string | null {
  const v = clean(value);
  return /^https?:\/\/\S+$/i.test(v) ? v : null;
}

/** Names from a JSON-LD `author`: a string, a Person/Organization, or a list of them. */
function ldNames(value: Json | undefined): string[] {
  const list = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return list
    .map((v) => (typeof v === 'string' ? v : isObject(v) && typeof v.name === 'string' ? v.name : ''))
    .map(clean)
    .filter((n) => n && !/^https?:/i.test(n));
}

/** Every JSON-LD object on the page (`@graph` members included), breadth-first and bounded. */
function ldObjects(doc: ReturnType<typeof parseDocument>): { [key: string]: Json }[] {
  const found: { [key: string]: Json }[] = [];
  const scripts = DomUtils.findAll(
    (e) => e.name === 'script' && (DomUtils.getAttributeValue(e, 'type') ?? '').toLowerCase() === 'application/ld+json',
    doc.children,
  );
  const queue: Json[] = [];
  for (const s of scripts) {
    try {
      const json = JSON.parse(textOf(s)) as Json;
      if (jsonDepth(json, MAX_LD_DEPTH) <= MAX_LD_DEPTH) queue.push(json);
    } catch {
      // A broken JSON-LD block is ignored: the page's other metadata still counts.
    }
  }
  for (let i = 0; i < queue.length && found.length < MAX_LD_NODES; i++) {
    const v = queue[i]!;
    if (Array.isArray(v)) queue.push(...v.slice(0, MAX_LD_NODES));
    else if (isObject(v)) {
      found.push(v);
      if (Array.isArray(v['@graph'])) queue.push(...v['@graph'].slice(0, MAX_LD_NODES));
    }
  }
  return found;
}

function ldTypes(v: { [key: string]: Json }): string[] {
  const t = v['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string');
}

/** Splits a byline such as "By Jane Doe and John Roe" or "記者王小明、李大華／台北報導" into names. */
export function bylineNames(byline: string | null | undefined): string[] {
  const text = clean(byline)
    .replace(/^(?:by|von|par|por)\s+/i, '')
    .replace(/^(?:\S*?社)?記者\s*/u, '')
    .replace(/\s*[／/|｜].*$/u, '')
    .replace(/(?:綜合)?報導$/u, '');
  return text
    .split(/\s*(?:,|;|、|，|\s&\s|\sand\s)\s*/u)
    .map(clean)
    .filter((n) => n.length > 0 && n.length <= 100);
}

/** A CSL name from a written name: CJK names and organisations whole, Latin "Given Family" split at the last space. */
export function cslName(name: string): CslName {
  const parts = name.split(' ');
  if (parts.length < 2 || parts.length > 4 || /[^\p{Script=Latin}\s.'’-]/u.test(name)) return { literal: name };
  return { family: parts[parts.length - 1]!, given: parts.slice(0, -1).join(' ') };
}

/**
 * Reads a page's metadata: the title, authors, site name, publication date, canonical
 * address and language, from JSON-LD (`NewsArticle` and kin), Open Graph and other
 * meta tags, `<link rel=canonical>`, `<time datetime>` and `<html lang>`.
 */
export function pageMeta(raw: string): PageMeta {
  const doc = parseDocument(raw);
  const metas = DomUtils.getElementsByTagName('meta', doc);
  const meta = (...keys: string[]): string | null => {
    for (const key of keys) {
      const m = metas.find(
        (e) =>
          (
            DomUtils.getAttributeValue(e, 'property') ??
            DomUtils.getAttributeValue(e, 'name') ??
            DomUtils.getAttributeValue(e, 'itemprop') ??
            ''
          ).toLowerCase() === key,
      );
      const content = m && clean(DomUtils.getAttributeValue(m, 'content'));
      if (content) return content;
    }
    return null;
  };
  const ld = ldObjects(doc);
  const article = ld.find((v) => ldTypes(v).some((t) => ARTICLE_TYPES.test(t)));
  const ldString = (key: string) => (article && typeof article[key] === 'string' ? clean(article[key] as string) : null);
  const publisher = article && isObject(article.publisher) && typeof article.publisher.name === 'string' ? clean(article.publisher.name) : null;
  const mainEntity = article && isObject(article.mainEntityOfPage) ? article.mainEntityOfPage['@id'] : article?.mainEntityOfPage;

  const html = DomUtils.findOne((e) => e.name === 'html', doc.children);
  const canonical = DomUtils.getElementsByTagName('link', doc).find((l) =>
    (DomUtils.getAttributeValue(l, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const time = DomUtils.findOne((e) => e.name === 'time' && DomUtils.hasAttrib(e, 'datetime'), doc.children);
  const h1 = DomUtils.findOne((e) => e.name === 'h1', doc.children);
  const titleTag = DomUtils.findOne((e) => e.name === 'title', doc.children);
  const nodeText = (n: DomNode | null) => (n ? clean(textOf(n)) : '');

  const metaAuthors = [meta('author', 'article:author', 'dc.creator', 'parsely-author', 'sailthru.author', 'byl')].filter(
    (a): a is string => a !== null && !/^https?:/i.test(a),
  );
  const langTag = (html && DomUtils.getAttributeValue(html, 'lang')) || ldString('inLanguage') || meta('content-language', 'og:locale');
  return {
    title: ldString('headline') || meta('og:title', 'twitter:title') || nodeText(h1) || nodeText(titleTag),
    authors: article && ldNames(article.author).length ? ldNames(article.author) : metaAuthors.flatMap(bylineNames),
    siteName: publisher || meta('og:site_name', 'application-name') || null,
    date:
      isoDate(ldString('datePublished')) ??
      isoDate(meta('article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'dc.date', 'dcterms.date', 'og:published_time')) ??
      isoDate(time ? DomUtils.getAttributeValue(time, 'datetime') : undefined),
    url:
      httpUrl(canonical && DomUtils.getAttributeValue(canonical, 'href')) ??
      httpUrl(meta('og:url')) ??
      httpUrl(typeof mainEntity === 'string' ? mainEntity : ldString('url')),
    lang: langTag ? canonicalLang(langTag.trim().replace(/_/g, '-')) : null,
    news: Boolean(article && ldTypes(article).some((t) => /News|Reportage/.test(t))) || meta('og:type') === 'article',
  };
}
