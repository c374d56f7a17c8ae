import { t } from '../i18n/i18n';
import { call } from '../client';
import { toast, toastError, type ToastHandle } from '../toast';
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
 * error naming it. Several files show which one is running and can be cancelled between
 * files (each file is its own transaction, so what was imported stays). Resolves with the
 * reports of the files that were imported.
 */
export async function importFiles(files: File[]): Promise<ImportReport[]> {
  return importAll(files.map((file) => ({ name: file.name, read: () => readForImport(file) })));
}

/** Imports pasted text as a file named `name` would be, with the same reporting as {@link importFiles}. */
export async function importText(name: string, text: string): Promise<ImportReport[]> {
  return importAll([{ name, read: async () => ({ name, text }) }]);
}

async function importAll(items: { name: string; read(): Promise<ImportPayload> }[]): Promise<ImportReport[]> {
  let cancelled = false;
  let done = 0;
  const label = () => (items.length === 1 ? t('import.progress', { name: items[0]!.name }) : t('import.progressOf', { done: done + 1, total: items.length, name: items[done]?.name ?? '' }));
  let progress: ToastHandle | undefined;
  const timer = window.setTimeout(() => {
    progress = toast(label(), {
      kind: 'busy',
      ...(items.length > 1 ? { action: { label: t('import.cancel'), run: () => (cancelled = true) } } : {}),
    });
  }, PROGRESS_AFTER_MS);
  const reports: ImportReport[] = [];
  for (const item of items) {
    if (cancelled) break;
    progress?.update(label());
    try {
      reports.push((await call('import:run', await item.read())).report);
    } catch (err) {
      toastError(err, t('error.importFile', { name: item.name }));
    }
    done++;
  }
  window.clearTimeout(timer);
  progress?.();
  if (cancelled) toast(t('import.cancelled', { done, total: items.length }));
  announce(reports);
  return reports;
}
