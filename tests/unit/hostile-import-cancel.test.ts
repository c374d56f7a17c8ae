import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ImportJobs, type ImportJobStatus } from '../../app/api/importJobs';
import { checkDatabase } from '../../app/core/backups';
import { MIGRATIONS, openLibrary } from './helpers';

const WORKER = resolve('dist/worker/import.js');

/** A large, flat HTML page (about 9 MB) that takes the worker seconds to sanitise and parse, with no progress reports on the way. */
const slowPage = () => `<html><body><article>${'<p>一段很長的文字，<b>加粗</b>與<i>斜體</i>交錯。</p>'.repeat(140_000)}</article></body></html>`;

async function settle(jobs: ImportJobs, id: number): Promise<ImportJobStatus> {
  for (;;) {
    const status = jobs.status(id);
    if (status.state !== 'running') return status;
    await new Promise((done) => setTimeout(done, 10));
  }
}

describe('cancelling an import that is busy parsing', () => {
  it('ends the worker, reports the job cancelled and leaves the library as it was', async () => {
    const lib = openLibrary();
    lib.articles.importText('keep.txt', '保留的文章');
    const jobs = new ImportJobs({ databaseFile: lib.store.file, migrationsDir: MIGRATIONS, workerScript: WORKER });
    const id = jobs.start({ name: 'slow.html', text: slowPage() });
    // The window keeps writing while the worker parses: parsing holds no lock.
    lib.articles.importText('during.txt', '匯入期間寫入的文章');
    expect(jobs.cancel(id)).toBe(true);
    expect(await settle(jobs, id)).toEqual({ state: 'cancelled', name: 'slow.html' });
    expect(
      lib.articles
        .list()
        .map((a) => a.title)
        .sort(),
    ).toEqual(['保留的文章', '匯入期間寫入的文章']);
    expect(checkDatabase(lib.store.db).ok).toBe(true);
    await jobs.idle();
  });
});
