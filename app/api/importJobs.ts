import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ApostilError, notFound } from '../core/errors';
import type { ImportReport } from '../core/import';
import type { ApiError } from './channels';
import { PUBLIC_POLICY, type FetchPolicy } from '../core/fetchPage';

/** What a job is called in its status: the file's name, the address, or the check. */
function jobName(request: JobRequest): string {
  if (!('kind' in request)) return request.name;
  return request.kind === 'url' ? request.url : request.articleId === undefined ? 'all watched articles' : `article ${request.articleId}`;
}

/** A file to import, as `import:run` and `import:start` take it. */
export interface ImportRequest {
  name: string;
  text?: string;
  base64?: string;
  /** Read an HTML page's whole text rather than its extracted article. */
  wholePage?: boolean;
}

/** A page or PDF to fetch and import (`import:url`). */
export interface UrlRequest {
  kind: 'url';
  url: string;
  wholePage: boolean;
}

/** Articles from the web to check for a new version (`watch:check`): one, or every watched one. */
export interface CheckRequest {
  kind: 'check';
  articleId?: number;
}

/** Anything a background job does: import a file, fetch and import an address, or check watched articles. */
export type JobRequest = ImportRequest | UrlRequest | CheckRequest;

/** Where an import job stands: running with its progress, or finished one way or another. */
export type ImportJobStatus =
  | { state: 'running'; name: string; done: number; total: number }
  | { state: 'done'; name: string; report: ImportReport }
  | { state: 'failed'; name: string; error: ApiError }
  | { state: 'cancelled'; name: string };

/** What the worker posts: progress, then exactly one ending. */
export type WorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; report: ImportReport } | { type: 'failed'; error: ApiError };

/** What a worker is started with. */
export interface WorkerInput {
  databaseFile: string;
  migrationsDir: string;
  request: JobRequest;
  /** What the job may fetch. */
  fetchPolicy: FetchPolicy;
  /** Set to 1 by the main thread to ask the import to stop; it then rolls back. */
  cancel: Int32Array;
}

/** Where the bundled worker script is, beside the bundle of the shell that runs it (`dist/<shell>/…`). */
export function bundledWorkerScript(bundleDir: string): string {
  return join(bundleDir, '..', 'worker', 'import.js');
}

/** How long a cancelled import may take to stop by itself before its worker is ended (its transaction then rolls back). */
export const CANCEL_GRACE_MS = 250;

/** Finished jobs remembered for `import:status`, newest last. */
const KEEP_FINISHED = 20;

interface Job {
  id: number;
  status: ImportJobStatus;
  worker: Worker | null;
  cancel: Int32Array;
}

/**
 * Runs imports in a worker thread with its own connection to the library, so the shell
 * stays responsive and can report progress while the import's one transaction runs.
 * One import at a time; cancelling asks the worker to stop at its next progress report,
 * and its transaction rolls back, so a cancelled import changes nothing.
 */
export class ImportJobs {
  private readonly jobs = new Map<number, Job>();
  private next = 1;

  constructor(private readonly options: { databaseFile: string; migrationsDir: string; workerScript: string; fetchPolicy?: FetchPolicy }) {}

  /** What jobs may fetch: the shell's policy, else public http(s) addresses only. */
  get fetchPolicy(): FetchPolicy {
    return this.options.fetchPolicy ?? PUBLIC_POLICY;
  }

  /** Starts importing a file (or fetching an address, or checking articles) in the background; fails with `busy` while another job runs. */
  start(request: JobRequest): number {
    if ([...this.jobs.values()].some((j) => j.status.state === 'running')) {
      throw new ApostilError('busy', 'Another import is still running; wait for it to finish or cancel it.');
    }
    const id = this.next++;
    const cancel = new Int32Array(new SharedArrayBuffer(4));
    const input: WorkerInput = {
      databaseFile: this.options.databaseFile,
      migrationsDir: this.options.migrationsDir,
      request,
      fetchPolicy: this.fetchPolicy,
      cancel,
    };
    const name = jobName(request);
    const job: Job = { id, status: { state: 'running', name, done: 0, total: 0 }, worker: null, cancel };
    const worker = new Worker(this.options.workerScript, { workerData: input });
    job.worker = worker;
    this.jobs.set(id, job);
    const ended = (why: string) =>
      this.finish(
        job,
        Atomics.load(cancel, 0)
          ? { state: 'cancelled', name }
          : { state: 'failed', name, error: { code: 'internal', message: `The import stopped unexpectedly (${why}); nothing was imported.` } },
      );
    worker.on('message', (message: WorkerMessage) => this.receive(job, message));
    worker.on('error', (err) => ended(err.message));
    worker.on('exit', (code) => ended(`exit ${code}`));
    this.forgetOld();
    return id;
  }

  /** Where a job stands. */
  status(id: number): ImportJobStatus {
    const job = this.jobs.get(id);
    if (!job) return notFound('import job', id);
    return job.status;
  }

  /**
   * Stops a running job: the worker is asked to stop at its next progress report and, if
   * it is still busy (parsing a slow file) after {@link CANCEL_GRACE_MS}, ended. Either way
   * its transaction rolls back and the job reads `cancelled`. False when it had already finished.
   */
  cancel(id: number): boolean {
    const job = this.jobs.get(id);
    if (!job) return notFound('import job', id);
    if (job.status.state !== 'running') return false;
    Atomics.store(job.cancel, 0, 1);
    const worker = job.worker;
    setTimeout(() => {
      if (job.status.state === 'running') void worker?.terminate();
    }, CANCEL_GRACE_MS).unref();
    return true;
  }

  /** Resolves with how a job ended, once it has. */
  async finished(id: number): Promise<ImportJobStatus> {
    const job = this.jobs.get(id);
    if (!job) return notFound('import job', id);
    if (job.status.state === 'running' && job.worker) await new Promise((done) => job.worker!.once('exit', done));
    return job.status;
  }

  /** Resolves once no job is running (each asked to stop when `cancel` is set). */
  async idle(cancel = false): Promise<void> {
    const running = [...this.jobs.values()].filter((j) => j.status.state === 'running' && j.worker);
    if (cancel) running.forEach((j) => this.cancel(j.id));
    await Promise.all(running.map((j) => new Promise((done) => j.worker!.once('exit', done))));
  }

  private receive(job: Job, message: WorkerMessage): void {
    const { name } = job.status;
    if (message.type === 'progress') {
      if (job.status.state === 'running') job.status = { state: 'running', name, done: message.done, total: message.total };
    } else if (message.type === 'done') {
      this.finish(job, { state: 'done', name, report: message.report });
    } else if (message.error.code === 'cancelled') {
      this.finish(job, { state: 'cancelled', name });
    } else {
      this.finish(job, { state: 'failed', name, error: message.error });
    }
  }

  /** Records how a job ended; only its first ending counts (a worker that reported exits afterwards). */
  private finish(job: Job, status: ImportJobStatus): void {
    if (job.status.state === 'running') job.status = status;
  }

  private forgetOld(): void {
    const finished = [...this.jobs.values()].filter((j) => j.status.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(job.id);
  }
}
