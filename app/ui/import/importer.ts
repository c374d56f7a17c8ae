import { formatPercent, t } from '../i18n/i18n';
import { ApiCallError, apiMessage, call } from '../client';
import { toast, toastError, type ToastHandle } from '../toast';
import { ask } from '../widgets/dialog';
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
  return importAll(files.map((file) => fileJob(file.name, () => readForImport(file))));
}

/** Imports pasted text as a file named `name` would be, with the same reporting as {@link importFiles}. */
export async function importText(name: string, text: string): Promise<ImportReport[]> {
  return importAll([fileJob(name, async () => ({ name, text }))]);
}

/** Fetches an address and imports its page or PDF (`import:url`), with the same progress, Cancel and reporting as {@link importFiles}. */
export async function importAddress(url: string): Promise<ImportReport[]> {
  const job = (wholePage: boolean): Job => ({
    name: url,
    start: async () => (await call('import:url', { url, wholePage })).job,
    wholePage: wholePage ? undefined : () => job(true),
  });
  return importAll([job(false)]);
}

/** One background import: its name, how to start it, and — for a page whose article was not found — the same import of the whole page. */
interface Job {
  name: string;
  start(): Promise<number>;
  wholePage?: () => Job;
}

function fileJob(name: string, read: () => Promise<ImportPayload>, wholePage = false): Job {
  return {
    name,
    start: async () => (await call('import:start', { ...(await read()), ...(wholePage ? { wholePage } : {}) })).job,
    wholePage: wholePage ? undefined : () => fileJob(name, read, true),
  };
}

/** Asks whether to import a page's whole text after its article could not be found. */
async function offerWholePage(err: unknown, job: Job): Promise<Job | null> {
  if (!(err instanceof ApiCallError) || !job.wholePage || !err.issues.some((i) => i.path === 'wholePage')) return null;
  const yes = await ask({
    title: t('url.whole.title'),
    message: t('url.whole.message', { name: job.name }),
    confirm: t('url.whole.confirm'),
    read: () => true,
  });
  return yes ? job.wholePage() : null;
}

/** How often a running import is asked how far it has come. */
const POLL_MS = 200;
/** How often a job asked to stop is asked whether it has, so Cancel is seen to end it promptly. */
const STOPPING_POLL_MS = 50;

/**
 * Runs one import as a background job (`import:start`), reporting its progress as a
 * fraction (and as steps done of all) and asking it to stop once `cancelled()` turns
 * true. Resolves with the report, or null when it was cancelled (and so changed nothing).
 */
export async function runJob(
  start: () => Promise<number>,
  onProgress: (fraction: number, done: number, total: number) => void,
  cancelled: () => boolean,
): Promise<ImportReport | null> {
  const job = await start();
  let asked = false;
  for (;;) {
    await new Promise((done) => window.setTimeout(done, asked ? STOPPING_POLL_MS : POLL_MS));
    if (cancelled() && !asked) {
      asked = true;
      await call('import:cancel', { job });
    }
    const { status } = await call('import:status', { job });
    if (status.state === 'running') onProgress(status.total ? status.done / status.total : 0, status.done, status.total);
    else if (status.state === 'done') return status.report;
    else if (status.state === 'cancelled') return null;
    else throw new ApiCallError(status.error.code, apiMessage(status.error.code, status.error.message), status.error.issues);
  }
}

async function importAll(items: Job[]): Promise<ImportReport[]> {
  let cancelled = false;
  let done = 0;
  let fraction: number | null = null;
  const label = () => {
    const text =
      items.length === 1
        ? t('import.progress', { name: items[0]!.name })
        : t('import.progressOf', { done: done + 1, total: items.length, name: items[done]?.name ?? '' });
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
        item.start,
        (f) => {
          fraction = f;
          progress?.update(label());
        },
        () => cancelled,
      );
      if (report) reports.push(report);
      else stoppedIn = item.name;
    } catch (err) {
      const retry = await offerWholePage(err, item);
      if (retry) items.splice(items.indexOf(item) + 1, 0, retry);
      else toastError(err, t('error.importFile', { name: item.name }));
    }
    if (stoppedIn === null) done++;
  }
  window.clearTimeout(timer);
  progress?.();
  if (cancelled) toast(items.length === 1 && stoppedIn ? t('import.cancelledOne', { name: stoppedIn }) : t('import.cancelled', { done, total: items.length }));
  announce(reports);
  return reports;
}
