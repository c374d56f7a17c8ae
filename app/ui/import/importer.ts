import { formatPercent, t } from '../i18n/i18n';
import { ApiCallError, apiMessage, call } from '../client';
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
 * error naming it. Each file is imported in the background as one transaction; a slow
 * import shows which file is running and how far it has come, and Cancel stops the file
 * being imported (it rolls back) and the files after it, while files already imported
 * stay. Resolves with the reports of the files that were imported.
 */
export async function importFiles(files: File[]): Promise<ImportReport[]> {
  return importAll(files.map((file) => ({ name: file.name, read: () => readForImport(file) })));
}

/** Imports pasted text as a file named `name` would be, with the same reporting as {@link importFiles}. */
export async function importText(name: string, text: string): Promise<ImportReport[]> {
  return importAll([{ name, read: async () => ({ name, text }) }]);
}

/** How often a running import is asked how far it has come. */
const POLL_MS = 200;

/**
 * Runs one import as a background job (`import:start`), reporting its progress as a
 * fraction and asking it to stop once `cancelled()` turns true. Resolves with the
 * report, or null when it was cancelled (and so changed nothing).
 */
async function runJob(payload: ImportPayload, onProgress: (fraction: number) => void, cancelled: () => boolean): Promise<ImportReport | null> {
  const { job } = await call('import:start', payload);
  let asked = false;
  for (;;) {
    await new Promise((done) => window.setTimeout(done, POLL_MS));
    if (cancelled() && !asked) {
      asked = true;
      await call('import:cancel', { job });
    }
    const { status } = await call('import:status', { job });
    if (status.state === 'running') onProgress(status.total ? status.done / status.total : 0);
    else if (status.state === 'done') return status.report;
    else if (status.state === 'cancelled') return null;
    else throw new ApiCallError(status.error.code, apiMessage(status.error.code, status.error.message));
  }
}

async function importAll(items: { name: string; read(): Promise<ImportPayload> }[]): Promise<ImportReport[]> {
  let cancelled = false;
  let done = 0;
  let fraction: number | null = null;
  const label = () => {
    const text = items.length === 1 ? t('import.progress', { name: items[0]!.name }) : t('import.progressOf', { done: done + 1, total: items.length, name: items[done]?.name ?? '' });
    return fraction === null ? text : t('import.percent', { label: text, percent: formatPercent(fraction) });
  };
  let progress: ToastHandle | undefined;
  const timer = window.setTimeout(() => {
    progress = toast(label(), { kind: 'busy', action: { label: t('import.cancel'), run: () => (cancelled = true) } });
  }, PROGRESS_AFTER_MS);
  const reports: ImportReport[] = [];
  let stoppedIn: string | null = null;
  for (const item of items) {
    if (cancelled) break;
    fraction = null;
    progress?.update(label());
    try {
      const report = await runJob(
        await item.read(),
        (f) => {
          fraction = f;
          progress?.update(label());
        },
        () => cancelled,
      );
      if (report) reports.push(report);
      else stoppedIn = item.name;
    } catch (err) {
      toastError(err, t('error.importFile', { name: item.name }));
    }
    if (stoppedIn === null) done++;
  }
  window.clearTimeout(timer);
  progress?.();
  if (cancelled) toast(items.length === 1 && stoppedIn ? t('import.cancelledOne', { name: stoppedIn }) : t('import.cancelled', { done, total: items.length }));
  announce(reports);
  return reports;
}
