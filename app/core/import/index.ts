import { describeControl, findControl } from '../controlChars';
import { ApostilError } from '../errors';
import type { Library } from '../library';
import { importBackup } from './backup';
import { detect, type Detected, type ImportInput } from './detect';
import { parseDocxArticle } from './docx';
import { parseHtmlArticle } from './html';
import { newReport, type ImportProgress, type ImportReport } from './report';
import { importSources, parseReferences } from './sources';
import { importAnnotations } from './w3c';
import { parseArticle, type ParsedArticle } from '../articleText';

/**
 * Adds an article, or — when its address is the source URL of an article already in
 * the library and the text differs — a new revision of that article, re-anchoring its
 * quotes. A new article with an address gets a web-page source carrying it.
 */
function addArticle(lib: Library, parsed: ParsedArticle, report: ImportReport): void {
  const sameUrl = parsed.url ? lib.sources.articleForUrl(parsed.url) : undefined;
  if (sameUrl !== undefined) {
    const result = lib.revisions.importParsed(sameUrl, parsed);
    report.articles.push({ article: result.article, created: false, ...(result.created ? { revision: { revision: result.revision, counts: result.counts } } : {}) });
    return;
  }
  const added = lib.articles.add(parsed);
  report.articles.push(added);
  if (added.created && parsed.url) lib.sources.set(added.article.id, { type: 'webpage', title: parsed.title, URL: parsed.url });
}

/** What a file adds once it is read: an article, sources, or records that need the library to be placed. */
type Readied =
  | { kind: 'article'; parsed: ParsedArticle }
  | { kind: 'sources'; items: unknown[] }
  | { kind: 'apostil' | 'w3c'; json: unknown };

/** Parses a recognised file before any transaction starts, so slow parsing never holds the write lock. */
function ready(name: string, detected: Detected): Readied {
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
      return { kind: 'article', parsed: parseHtmlArticle(name, detected.text) };
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
  const readied = ready(name, detected);
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
        addArticle(lib, readied.parsed, report);
        break;
    }
    report.tags.created = tagCount() - tagsBefore;
    return report;
  });
}

export type { ImportReport, Unmatched } from './report';
export type { ImportInput } from './detect';
export type { ImportFormat, ImportProgress } from './report';
