import { describeControl, findControl } from '../controlChars';
import { ApostilError } from '../errors';
import type { Library } from '../library';
import { importBackup } from './backup';
import { detect, type Detected, type ImportInput } from './detect';
import { looksLikePdf, readPdf } from './pdf';
import { parseDocxArticle } from './docx';
import { readPage } from './mainText';
import { Watches } from '../watch';
import type { CslItem } from '../cslItem';
import { newReport, type ImportProgress, type ImportReport } from './report';
import { importSources, parseReferences } from './sources';
import { importAnnotations } from './w3c';
import { parseArticle, type ParsedArticle } from '../articleText';

/** An article read from a file, a page or a PDF, with what it says about its source and, for a PDF, where its pages start. */
export interface ReadArticle {
  parsed: ParsedArticle;
  source?: Omit<CslItem, 'id'>;
  pageStarts?: number[];
}

/**
 * Adds an article, or — when its address is the source URL of an article already in
 * the library and the text differs — a new revision of that article, re-anchoring its
 * quotes. A new article gets the source its page or PDF describes (a web page with its
 * address at least); one fetched from an address is watched for new versions, and a
 * PDF's page starts are kept for the revision.
 */
function addArticle(lib: Library, read: ReadArticle, input: ImportInput, report: ImportReport): void {
  const { parsed } = read;
  const watches = new Watches(lib.store);
  const sameUrl = parsed.url ? lib.sources.articleForUrl(parsed.url) : undefined;
  let articleId: number;
  let revision: number;
  if (sameUrl !== undefined) {
    const result = lib.revisions.importParsed(sameUrl, parsed);
    report.articles.push({
      article: result.article,
      created: false,
      ...(result.created ? { revision: { revision: result.revision, counts: result.counts } } : {}),
    });
    [articleId, revision] = [sameUrl, result.revision];
  } else {
    const added = lib.articles.add(parsed);
    report.articles.push(added);
    articleId = added.article.id;
    revision = lib.revisions.list(articleId).find((r) => r.current)?.revision ?? 1;
    const source = read.source ?? (parsed.url ? { type: 'webpage' as const, title: parsed.title, URL: parsed.url } : undefined);
    if (added.created && source) lib.sources.set(articleId, source);
  }
  if (read.pageStarts) watches.savePages(articleId, revision, read.pageStarts);
  if (input.url) watches.watch(articleId, input.url, input.wholePage === true);
}

/** What a file adds once it is read: an article, sources, or records that need the library to be placed. */
type Readied = ({ kind: 'article' } & ReadArticle) | { kind: 'sources'; items: unknown[] } | { kind: 'apostil' | 'w3c'; json: unknown };

/** Parses a recognised file before any transaction starts, so slow parsing never holds the write lock. */
function ready(input: ImportInput, detected: Detected): Readied {
  const { name } = input;
  switch (detected.format) {
    case 'apostil':
    case 'w3c':
      return { kind: detected.format, json: detected.json };
    case 'csl-json':
      return { kind: 'sources', items: Array.isArray(detected.json) ? detected.json : [detected.json] };
    case 'bibtex':
    case 'ris':
      return { kind: 'sources', items: parseReferences(name, detected.format, detected.text) };
    case 'html':
      return { kind: 'article', ...readPage(name, detected.text, { wholePage: input.wholePage, fetchedFrom: input.url, fetchedAt: input.fetchedAt }) };
    case 'pdf': {
      if (!input.pdf)
        throw new ApostilError(
          'unsupported',
          `${name} is a PDF; PDFs are imported in the background (import:start), where they can be read first. Nothing was imported.`,
        );
      const { parsed, pageStarts, source } = input.pdf;
      const url = input.url && /^https?:/i.test(input.url) ? input.url : null;
      return { kind: 'article', parsed: { ...parsed, url }, pageStarts, source: url ? { ...source, type: 'webpage', URL: url } : source };
    }
    case 'docx':
      return { kind: 'article', parsed: parseDocxArticle(name, detected.bytes) };
    case 'text':
    case 'markdown':
      return { kind: 'article', parsed: parseArticle(name, detected.text, detected.format) };
  }
}

/**
 * Imports one file of any format Apostil reads, recognised by its content: an Apostil
 * backup, W3C Web Annotations, CSL-JSON/BibTeX/RIS sources, or an article (text,
 * Markdown, HTML, Word). The file is read and parsed first; what it adds is then one
 * transaction, so a bad file changes nothing. Backups and annotation files report how
 * far they have come to `progress`.
 */
export function importFile(lib: Library, input: ImportInput, progress?: ImportProgress): ImportReport {
  const detected = detect(input);
  const { name } = input;
  const readied = ready(input, detected);
  const control = findControl(readied);
  if (control) throw new ApostilError('bad_file', `${name} contains ${describeControl(control)}, which Apostil does not store. Nothing was imported.`);
  const report = newReport(name, detected.format);
  const tagCount = () => lib.store.stmt<{ n: number }>('SELECT count(*) AS n FROM tags').get()!.n;
  return lib.store.tx(() => {
    const tagsBefore = tagCount();
    switch (readied.kind) {
      case 'apostil':
        importBackup(lib, name, readied.json, report, progress);
        break;
      case 'w3c':
        importAnnotations(lib, name, readied.json, report, progress);
        break;
      case 'sources':
        importSources(lib, name, readied.items, report);
        break;
      case 'article':
        addArticle(lib, readied, input, report);
        break;
    }
    report.tags.created = tagCount() - tagsBefore;
    return report;
  });
}

/**
 * Reads what must be read before an import's transaction and cannot be read inside it:
 * a PDF (PDF.js is asynchronous). Other files pass through unchanged.
 */
export async function readAhead(input: ImportInput): Promise<ImportInput> {
  if (input.pdf || !looksLikePdf(input.bytes)) return input;
  detect(input);
  return { ...input, pdf: await readPdf(input.name, input.bytes!) };
}

/** Reads an article from a page or PDF already read ahead, without importing it (for checking a watched article). */
export function readArticle(input: ImportInput): ReadArticle {
  const readied = ready(input, detect(input));
  if (readied.kind !== 'article') throw new ApostilError('bad_file', `${input.name} is not an article. Nothing was imported.`);
  const control = findControl(readied.parsed);
  if (control) throw new ApostilError('bad_file', `${input.name} contains ${describeControl(control)}, which Apostil does not store. Nothing was imported.`);
  return readied;
}

export type { ImportReport, Unmatched } from './report';
export type { ImportInput } from './detect';
export type { ImportFormat, ImportProgress } from './report';
