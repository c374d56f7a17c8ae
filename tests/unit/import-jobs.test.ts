import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportJobs, type ImportJobStatus } from '../../app/api/importJobs';
import { Service } from '../../app/api/service';
import { exportToString } from '../../app/core/export';
import type { Library } from '../../app/core/library';
import { MIGRATIONS, openLibrary } from './helpers';

const WORKER = resolve('dist/worker/import.js');

/** A backup of a library with one article and `n` quotes, some tagged. */
function backupOf(n: number): string {
  const source = openLibrary();
  const text = Array.from({ length: n }, (_, i) => `第${i}句：稀土與晶片。`).join('');
  const id = source.articles.importText('big.txt', `大量摘錄\n\n${text}`).article.id;
  const body = source.articles.body(id);
  source.store.tx(() => {
    for (let i = 0, at = body.indexOf('第'); i < n; i++, at = body.indexOf('第', at + 1)) {
      source.quotes.create({ articleId: id, start: at, end: at + 4, tags: i % 3 ? [] : ['region/Korea'] });
    }
  });
  return exportToString(source, { format: 'json', scope: { kind: 'all' } }, { generator: 'test' }).content;
}

const counts = (lib: Library) => (['articles', 'quotes', 'tags'] as const).map((t) => lib.store.stmt<{ n: number }>(`SELECT count(*) AS n FROM ${t}`).get()!.n);

/** Polls a job until it has finished, collecting the progress it reported. */
async function settle(jobs: ImportJobs, id: number): Promise<{ status: ImportJobStatus; seen: number[] }> {
  const seen: number[] = [];
  for (;;) {
    const status = jobs.status(id);
    if (status.state !== 'running') return { status, seen };
    if (status.total) seen.push(status.done / status.total);
    await new Promise((done) => setTimeout(done, 5));
  }
}

describe('background import jobs', () => {
  it('import a backup in a worker with progress, and the library sees the result', async () => {
    const lib = openLibrary();
    const jobs = new ImportJobs({ databaseFile: lib.store.file, migrationsDir: MIGRATIONS, workerScript: WORKER });
    const id = jobs.start({ name: 'big.json', text: backupOf(3000) });
    const { status, seen } = await settle(jobs, id);
    expect(status).toMatchObject({ state: 'done', name: 'big.json', report: { format: 'apostil', quotes: { created: 3000, existing: 0 } } });
    expect(seen.length).toBeGreaterThan(0);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(counts(lib)).toEqual([1, 3000, 2]);
    expect(lib.search.run({ query: '第 tag:region/Korea', limit: 0 }).total).toBe(1000);
  });

  it('a cancelled import rolls back and changes nothing; only one runs at a time', async () => {
    const lib = openLibrary();
    const before = counts(lib);
    const jobs = new ImportJobs({ databaseFile: lib.store.file, migrationsDir: MIGRATIONS, workerScript: WORKER });
    const id = jobs.start({ name: 'big.json', text: backupOf(4000) });
    expect(() => jobs.start({ name: 'other.txt', text: '另一篇' })).toThrow(/Another import is still running/);
    while (jobs.status(id).state === 'running' && (jobs.status(id) as { done: number }).done === 0) await new Promise((done) => setTimeout(done, 2));
    expect(jobs.cancel(id)).toBe(true);
    const { status } = await settle(jobs, id);
    expect(status).toEqual({ state: 'cancelled', name: 'big.json' });
    expect(jobs.cancel(id)).toBe(false);
    expect(counts(lib)).toEqual(before);
    expect(lib.searchIndex.isCurrent()).toBe(true);
  });

  it('a bad file fails with its message, and the api serves start, status and cancel', async () => {
    const lib = openLibrary();
    const service = new Service(lib, () => undefined, new ImportJobs({ databaseFile: lib.store.file, migrationsDir: MIGRATIONS, workerScript: WORKER }));
    const started = service.call('import:start', { name: 'broken.json', text: '{"format":' });
    expect(started).toMatchObject({ ok: true, value: { job: expect.any(Number) } });
    const job = (started as { value: { job: number } }).value.job;
    const { status } = await settle(service.jobs!, job);
    expect(status).toMatchObject({ state: 'failed', error: { code: 'bad_file', message: expect.stringContaining('broken.json') } });
    expect(service.call('import:status', { job })).toMatchObject({ ok: true, value: { status: { state: 'failed' } } });
    expect(service.call('import:cancel', { job })).toEqual({ ok: true, value: { cancelled: false } });
    expect(service.call('import:status', { job: 999 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(service.call('import:status', { job: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(new Service(lib).call('import:start', { name: 'a.txt', text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
