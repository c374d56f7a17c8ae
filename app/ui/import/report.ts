import { formatNumber, t, tn } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import type { Response } from '../../api/channels';
import { h } from '../dom';
import { openModal } from '../widgets/dialog';

/** What one imported file added, as the api reports it. */
export type ImportReport = Response<'import:run'>['report'];

const FORMAT_NAMES: Record<ImportReport['format'], MessageKey> = {
  apostil: 'report.format.apostil',
  w3c: 'export.w3c',
  'csl-json': 'report.format.csl',
  bibtex: 'report.format.bibtex',
  ris: 'report.format.ris',
  html: 'report.format.html',
  docx: 'report.format.docx',
  pdf: 'report.format.pdf',
  text: 'report.format.text',
  markdown: 'report.format.markdown',
};

/** True when a report is only about articles (a text, Markdown, HTML or Word file), which a toast can tell. */
export function isArticleOnly(report: ImportReport): boolean {
  return ['text', 'markdown', 'html', 'docx'].includes(report.format) && report.quotes.unmatched.length === 0;
}

function table(report: ImportReport): HTMLElement | null {
  const rows: [string, number, number | null, number | null][] = [
    [t('library.articles'), report.articles.filter((a) => a.created).length, report.articles.filter((a) => !a.created && !a.repeated).length, null],
    [t('report.sources'), report.sources.created, report.sources.existing, null],
    [t('section.tags'), report.tags.created, null, null],
    [t('quotes.title'), report.quotes.created, report.quotes.existing, report.quotes.unmatched.length],
    [t('library.notes'), report.notes.created, report.notes.existing, null],
  ];
  const shown = rows.filter(([, a, b, c]) => a + (b ?? 0) + (c ?? 0) > 0);
  if (!shown.length) return null;
  const cell = (n: number | null, cls = '') => h('td', { class: `report-number ${n ? cls : 'zero'}` }, n === null ? '' : formatNumber(n));
  return h(
    'table',
    { class: 'report-table' },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('report.kind'))),
        h('th', { scope: 'col' }, t('report.new')),
        h('th', { scope: 'col' }, t('report.existing')),
        h('th', { scope: 'col' }, t('report.unplaced')),
      ),
    ),
    h(
      'tbody',
      {},
      ...shown.map(([label, created, existing, unmatched]) =>
        h('tr', {}, h('th', { scope: 'row' }, label), cell(created, 'created'), cell(existing), cell(unmatched, 'unmatched')),
      ),
    ),
  );
}

/** Articles, sources and quotes the file held twice: kept once, and not "already there". */
function repeated(report: ImportReport): number {
  return report.articles.filter((a) => a.repeated).length + (report.sources.repeated ?? 0) + (report.quotes.repeated ?? 0);
}

function section(report: ImportReport): HTMLElement {
  const unmatched = report.quotes.unmatched;
  return h(
    'section',
    { class: 'import-report', 'aria-label': report.name },
    h('h3', { class: 'report-file' }, h('span', { class: 'report-name' }, report.name), h('span', { class: 'report-format' }, t(FORMAT_NAMES[report.format]))),
    table(report) ?? h('p', { class: 'dialog-message' }, t('report.nothingNew')),
    repeated(report) > 0 && h('p', { class: 'report-hint report-repeated' }, t('report.repeated', { count: formatNumber(repeated(report)) })),
    unmatched.length > 0 &&
      h(
        'div',
        { class: 'report-unmatched' },
        h('h4', {}, t('report.unmatched', { count: unmatched.length })),
        h('p', { class: 'report-hint' }, t('report.unmatched.hint')),
        h(
          'ol',
          { class: 'report-unmatched-list', 'aria-label': t('report.unmatched.list') },
          ...unmatched.map((u) => h('li', {}, h('blockquote', { class: 'report-quote' }, u.exact), h('span', { class: 'report-reason' }, u.reason))),
        ),
      ),
  );
}

/** Shows what imported files added, file by file: counts of new, existing and unplaced items, and every quote that could not be placed. */
export function showImportReport(reports: ImportReport[]): void {
  openModal({
    title: reports.length === 1 ? t('report.title') : t('report.title.many', { files: tn('import.files', reports.length) }),
    className: 'report-dialog',
    content: [h('div', { class: 'report-scroll' }, ...reports.map(section))],
  });
}
