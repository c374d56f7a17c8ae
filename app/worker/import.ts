import { parentPort, workerData } from 'node:worker_threads';
import { ApostilError } from '../core/errors';
import { importFile, readAhead, readArticle } from '../core/import';
import { readUrl } from '../core/import/fromUrl';
import { newReport, type ImportReport } from '../core/import/report';
import { Library } from '../core/library';
import { checkForNewVersions } from '../core/watch';
import { importInput, toApiError } from '../api/service';
import type { ApiError } from '../api/channels';
import type { WorkerInput, WorkerMessage } from '../api/importJobs';

function cancelled(): never {
  throw new ApostilError('cancelled', 'The import was cancelled; nothing was imported.');
}

/** The error as the api tells it; a page whose article was not found says the whole page can be asked for. */
function failure(err: unknown): ApiError {
  const error = toApiError(err);
  const offer = err instanceof ApostilError && (err.details as { wholePage?: boolean } | undefined)?.wholePage === true;
  return offer ? { ...error, issues: [{ path: 'wholePage', message: 'the whole page can be imported instead' }] } : error;
}

/** Runs one job on its own connection: a file (a PDF read first), an address fetched and imported, or a check of watched articles. */
async function job(lib: Library, input: WorkerInput): Promise<ImportReport> {
  const { request, fetchPolicy, cancel } = input;
  const stop = () => Atomics.load(cancel, 0) === 1;
  if ('kind' in request && request.kind === 'check') {
    const reread = async (url: string, wholePage: boolean) => readArticle(await readUrl(url, fetchPolicy, wholePage));
    const progress = (done: number, total: number) => parentPort!.postMessage({ type: 'progress', done, total } satisfies WorkerMessage);
    const checks = await checkForNewVersions(lib, reread, request.articleId, { stop, progress });
    return { ...newReport(request.articleId === undefined ? 'all watched articles' : `article ${request.articleId}`, 'html'), checks };
  }
  const prepared = 'kind' in request ? await readUrl(request.url, fetchPolicy, request.wholePage) : await readAhead(importInput(request));
  if (stop()) cancelled();
  return importFile(lib, prepared, (done, total) => {
    if (stop()) cancelled();
    parentPort!.postMessage({ type: 'progress', done, total } satisfies WorkerMessage);
  });
}

/**
 * The import worker (bundled as dist/worker/import.js): opens its own connection to the
 * library, runs one job — a file imported in one transaction, an address fetched and
 * imported, or watched articles checked — posting progress, then the report or the
 * error. Asked to cancel, it stops at the next progress report and rolls back.
 */
async function run(input: WorkerInput): Promise<WorkerMessage> {
  let lib: Library | undefined;
  try {
    lib = Library.open(input.databaseFile, input.migrationsDir);
    return { type: 'done', report: await job(lib, input) };
  } catch (err) {
    return { type: 'failed', error: failure(err) };
  } finally {
    lib?.close();
  }
}

void run(workerData as WorkerInput).then((message) => parentPort!.postMessage(message));
