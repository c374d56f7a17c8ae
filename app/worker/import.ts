import { parentPort, workerData } from 'node:worker_threads';
import { ApostilError } from '../core/errors';
import { importFile } from '../core/import';
import { Library } from '../core/library';
import { importInput, toApiError } from '../api/service';
import type { WorkerInput, WorkerMessage } from '../api/importJobs';

/**
 * The import worker (bundled as dist/worker/import.js): opens its own connection to the
 * library, imports one file in one transaction and posts progress, then the report or
 * the error. Asked to cancel, it stops at the next progress report and rolls back.
 */
function run(input: WorkerInput): WorkerMessage {
  let lib: Library | undefined;
  try {
    lib = Library.open(input.databaseFile, input.migrationsDir);
    const report = importFile(lib, importInput(input.request), (done, total) => {
      if (Atomics.load(input.cancel, 0)) throw new ApostilError('cancelled', 'The import was cancelled; nothing was imported.');
      parentPort!.postMessage({ type: 'progress', done, total } satisfies WorkerMessage);
    });
    return { type: 'done', report };
  } catch (err) {
    return { type: 'failed', error: toApiError(err) };
  } finally {
    lib?.close();
  }
}

parentPort!.postMessage(run(workerData as WorkerInput));
