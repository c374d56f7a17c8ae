import { t, tn } from '../i18n/i18n';
import { call } from '../client';
import { toast, toastError } from '../toast';
import { readForImport, type ImportPayload } from './read';
import { isArticleOnly, showImportReport, type ImportReport } from './report';

/** How long an import may run before a progress toast appears. */
const PROGRESS_AFTER_MS = 400;

function announce(reports: ImportReport[]): void {
  if (!reports.length) return;
  if (!reports.every(isArticleOnly)) return showImportReport(reports);
  for (const { article, created } of reports.flatMap((r) => r.articles)) {
    toast(t(created ? 'import.done' : 'import.exists', { title: article.title }));
  }
}

/**
 * Imports files one at a time (each all or nothing) through `import:run`, which
 * recognises them by content. Articles are announced with a toast; libraries,
 * annotations and references with the import report; a file that fails gets an
 * error naming it. Resolves with the reports of the files that were imported.
 */
export async function importFiles(files: File[]): Promise<ImportReport[]> {
  return importAll(files.map((file) => ({ name: file.name, read: () => readForImport(file) })));
}

/** Imports pasted text as a file named `name` would be, with the same reporting as {@link importFiles}. */
export async function importText(name: string, text: string): Promise<ImportReport[]> {
  return importAll([{ name, read: async () => ({ name, text }) }]);
}

async function importAll(items: { name: string; read(): Promise<ImportPayload> }[]): Promise<ImportReport[]> {
  let closeProgress = (): void => undefined;
  const progress = window.setTimeout(() => {
    closeProgress = toast(t('import.progress', { name: items.length === 1 ? items[0]!.name : tn('import.files', items.length) }), { kind: 'busy' });
  }, PROGRESS_AFTER_MS);
  const reports: ImportReport[] = [];
  for (const item of items) {
    try {
      reports.push((await call('import:run', await item.read())).report);
    } catch (err) {
      toastError(err, t('error.importFile', { name: item.name }));
    }
  }
  window.clearTimeout(progress);
  closeProgress();
  announce(reports);
  return reports;
}
