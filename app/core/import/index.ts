import type { Library } from '../library';
import { importBackup } from './backup';
import { detect, type ImportInput } from './detect';
import { parseDocxArticle } from './docx';
import { parseHtmlArticle } from './html';
import { newReport, type ImportReport } from './report';
import { importSources, parseReferences } from './sources';
import { importAnnotations } from './w3c';
import { parseArticle } from '../articleText';

/**
 * Imports one file of any format Apostil reads, recognised by its content: an Apostil
 * backup, W3C Web Annotations, CSL-JSON/BibTeX/RIS sources, or an article (text,
 * Markdown, HTML, Word). It is one transaction: a bad file changes nothing.
 */
export function importFile(lib: Library, input: ImportInput): ImportReport {
  const detected = detect(input);
  const { name } = input;
  const report = newReport(name, detected.format);
  const tagCount = () => lib.store.stmt<{ n: number }>('SELECT count(*) AS n FROM tags').get()!.n;
  return lib.store.tx(() => {
    const tagsBefore = tagCount();
    switch (detected.format) {
      case 'apostil':
        importBackup(lib, name, detected.json, report);
        break;
      case 'w3c':
        importAnnotations(lib, name, detected.json, report);
        break;
      case 'csl-json':
        importSources(lib, name, Array.isArray(detected.json) ? detected.json : [detected.json], report);
        break;
      case 'bibtex':
      case 'ris':
        importSources(lib, name, parseReferences(name, detected.format, detected.text), report);
        break;
      case 'html':
        report.articles.push(lib.articles.add(parseHtmlArticle(name, detected.text)));
        break;
      case 'docx':
        report.articles.push(lib.articles.add(parseDocxArticle(name, detected.bytes)));
        break;
      case 'text':
      case 'markdown':
        report.articles.push(lib.articles.add(parseArticle(name, detected.text, detected.format)));
        break;
    }
    report.tags.created = tagCount() - tagsBefore;
    return report;
  });
}

export type { ImportReport, Unmatched } from './report';
export type { ImportInput } from './detect';
export type { ImportFormat } from './report';
