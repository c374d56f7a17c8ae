import type { Response } from '../../api/channels';
import { h } from '../dom';
import { openModal } from '../widgets/dialog';

/** What one imported file added, as the api reports it. */
export type ImportReport = Response<'import:run'>['report'];

const FORMAT_NAMES: Record<ImportReport['format'], string> = {
  apostil: 'Apostil library (JSON)',
  w3c: 'W3C Web Annotation',
  'csl-json': 'CSL-JSON references',
  bibtex: 'BibTeX references',
  ris: 'RIS references',
  html: 'HTML article',
  docx: 'Word article',
  text: 'Text article',
  markdown: 'Markdown article',
};

/** True when a report is only about articles (a text, Markdown, HTML or Word file), which a toast can tell. */
export function isArticleOnly(report: ImportReport): boolean {
  return ['text', 'markdown', 'html', 'docx'].includes(report.format) && report.quotes.unmatched.length === 0;
}

function table(report: ImportReport): HTMLElement | null {
  const rows: [string, number, number | null, number | null][] = [
    ['Articles', report.articles.filter((a) => a.created).length, report.articles.filter((a) => !a.created).length, null],
    ['Sources', report.sources.created, report.sources.existing, null],
    ['Tags', report.tags.created, null, null],
    ['Quotes', report.quotes.created, report.quotes.existing, report.quotes.unmatched.length],
    ['Notes', report.notes.created, report.notes.existing, null],
  ];
  const shown = rows.filter(([, a, b, c]) => a + (b ?? 0) + (c ?? 0) > 0);
  if (!shown.length) return null;
  const cell = (n: number | null, cls = '') => h('td', { class: `report-number ${n ? cls : 'zero'}` }, n === null ? '' : n.toLocaleString());
  return h(
    'table',
    { class: 'report-table' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, 'Kind')), h('th', { scope: 'col' }, 'New'), h('th', { scope: 'col' }, 'Already there'), h('th', { scope: 'col' }, 'Not placed'))),
    h('tbody', {}, ...shown.map(([label, created, existing, unmatched]) => h('tr', {}, h('th', { scope: 'row' }, label), cell(created, 'created'), cell(existing), cell(unmatched, 'unmatched')))),
  );
}

function section(report: ImportReport): HTMLElement {
  const unmatched = report.quotes.unmatched;
  return h(
    'section',
    { class: 'import-report', 'aria-label': report.name },
    h('h3', { class: 'report-file' }, h('span', { class: 'report-name' }, report.name), h('span', { class: 'report-format' }, FORMAT_NAMES[report.format])),
    table(report) ?? h('p', { class: 'dialog-message' }, 'Nothing new: everything in this file is already in your library.'),
    unmatched.length > 0 &&
      h(
        'div',
        { class: 'report-unmatched' },
        h('h4', {}, `Quotes that could not be placed (${unmatched.length})`),
        h('p', { class: 'report-hint' }, 'They were not imported: no article in the library has their text. Import the article they belong to, then import this file again.'),
        h(
          'ol',
          { class: 'report-unmatched-list', 'aria-label': 'Quotes not placed' },
          ...unmatched.map((u) => h('li', {}, h('blockquote', { class: 'report-quote' }, u.exact), h('span', { class: 'report-reason' }, u.reason))),
        ),
      ),
  );
}

/** Shows what imported files added, file by file: counts of new, existing and unplaced items, and every quote that could not be placed. */
export function showImportReport(reports: ImportReport[]): void {
  openModal({
    title: reports.length === 1 ? 'Import report' : `Import report · ${reports.length} files`,
    className: 'report-dialog',
    content: [h('div', { class: 'report-scroll' }, ...reports.map(section))],
  });
}
