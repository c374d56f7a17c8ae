import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Service } from '../app/api/service';
import { exportToString } from '../app/core/export';
import { importFile } from '../app/core/import';
import { Library } from '../app/core/library';
import { SyncClient } from '../app/sync/client';
import { SyncEngine } from '../app/sync/engine';
import { createInvite, startSyncServer } from '../app/sync/server';
import { connectLibrary, syncWriteHook } from '../app/sync/setup';
import { percentile, round } from './timing';

/** Targets from issue #16, each a ratio or a time measured in the same run. */
export const SYNC_TARGETS = { initialRatio: 3, editP95Ms: 100, writeRatio: 1.5 } as const;

/** What `bench sync` measured. */
export interface SyncBenchReport {
  quotes: number;
  articles: number;
  import_ms: number;
  initial_sync_ms: number;
  initial_ratio: number;
  edit_p50_ms: number;
  edit_p95_ms: number;
  write_off_p95_ms: number;
  write_on_p95_ms: number;
  write_ratio: number;
  pass: { initial: boolean; edit: boolean; write: boolean };
}

const SENTENCES = [
  '李在明總統今天訪問北京，與習近平會談。',
  '雙方討論了半導體與稀土供應鏈的合作。',
  'The leaders also discussed THAAD and K-pop.',
  '東京と京都の専門家も注目している。',
  '양국 정상은 경제 협력을 논의했다.',
];

function articleText(i: number): string {
  const paras: string[] = [`第${i}篇 Article ${i}`];
  for (let p = 0; p < 40; p++) paras.push(`${SENTENCES[(i + p) % SENTENCES.length]!} (${i}.${p})`);
  return paras.join('\n\n');
}

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setImmediate(r));
  }
}

/**
 * Sync against the same library in the same run: the initial sync of a library to a new
 * device against importing its JSON backup; an edit's way from one connected device to
 * another; a local write with the sync hook against the same write without it.
 */
export async function syncBench(options: { quotes?: number; runs?: number; migrationsDir?: string } = {}): Promise<SyncBenchReport> {
  const quotesWanted = options.quotes ?? 10_000;
  const perArticle = 100;
  const articles = Math.max(1, Math.ceil(quotesWanted / perArticle));
  const runs = options.runs ?? 50;
  const migrations = options.migrationsDir ?? resolve('migrations');
  const dir = mkdtempSync(join(tmpdir(), 'apostil-bench-sync-'));
  const server = await startSyncServer({ dataDir: join(dir, 'server'), debounceMs: 200 });
  const open: { lib: Library; client?: SyncClient }[] = [];
  try {
    // The library.
    const a = Library.open(join(dir, 'a.db'), migrations);
    open.push({ lib: a });
    a.store.tx(() => {
      for (let i = 0; i < articles; i++) {
        const { article } = a.articles.importText(`a${i}.txt`, articleText(i));
        const body = a.articles.body(article.id);
        for (let q = 0; q < perArticle; q++) {
          const start = (q * 37) % (body.length - 20);
          a.quotes.create({ articleId: article.id, start, end: start + 12, tags: [`topic/t${q % 40}`], comment: q % 5 ? '' : `c${q}` });
        }
      }
    });
    const quotes = a.quotes.count({ state: 'all' });
    // Baseline: importing the same library from its JSON backup into an empty one.
    const backup = exportToString(a, { format: 'json', scope: { kind: 'all' } }, { generator: 'bench' }).content;
    const imp = Library.open(join(dir, 'import.db'), migrations);
    open.push({ lib: imp });
    let t = performance.now();
    importFile(imp, { name: 'backup.json', text: backup });
    const importMs = performance.now() - t;

    const token = createInvite(join(dir, 'server'), { library: 'bench', role: 'editor', name: 'bench' }).token;
    await connectLibrary(a, server.url, token);
    const engineA = new SyncEngine(a);
    const clientA = new SyncClient(engineA);
    open[0]!.client = clientA;
    clientA.start();
    await clientA.waitSettled(600_000);
    // Initial sync to a new device.
    const b = Library.open(join(dir, 'b.db'), migrations);
    await connectLibrary(b, server.url, token);
    const engineB = new SyncEngine(b);
    const clientB = new SyncClient(engineB);
    open.push({ lib: b, client: clientB });
    t = performance.now();
    clientB.start();
    await clientB.waitSettled(600_000);
    const initialMs = performance.now() - t;
    if (b.quotes.count({ state: 'all' }) !== quotes) throw new Error(`the new device has ${b.quotes.count({ state: 'all' })} of ${quotes} quotes`);

    // An edit on A until it is in B's table.
    const serviceA = new Service(a);
    serviceA.writeHook = syncWriteHook(engineA);
    const ids = a.store.stmt<{ id: number; uuid: string }>('SELECT id, uuid FROM quotes ORDER BY id LIMIT 200').all();
    const commentOf = b.store.db.prepare('SELECT comment FROM quotes WHERE uuid = ?');
    const edits: number[] = [];
    for (let i = 0; i < runs; i++) {
      const q = ids[i % ids.length]!;
      const text = `edit ${i}`;
      t = performance.now();
      const r = serviceA.call('quotes:update', { id: q.id, comment: text });
      if (!r.ok) throw new Error(r.error.message);
      await until(() => (commentOf.get(q.uuid) as { comment: string }).comment === text, 10_000);
      edits.push(performance.now() - t);
    }
    // Local writes with sync on and off, alternating, on the same library.
    const plain = new Service(a);
    const on: number[] = [];
    const off: number[] = [];
    for (let i = 0; i < runs * 2; i++) {
      const q = ids[(i * 7) % ids.length]!;
      const service = i % 2 ? serviceA : plain;
      t = performance.now();
      const r = service.call('quotes:update', { id: q.id, color: i % 4 < 2 ? '#ff0000' : null });
      (i % 2 ? on : off).push(performance.now() - t);
      if (!r.ok) throw new Error(r.error.message);
      await new Promise((r2) => setImmediate(r2));
    }
    const report: SyncBenchReport = {
      quotes,
      articles,
      import_ms: round(importMs),
      initial_sync_ms: round(initialMs),
      initial_ratio: round(initialMs / importMs),
      edit_p50_ms: round(percentile(edits, 50)),
      edit_p95_ms: round(percentile(edits, 95)),
      write_off_p95_ms: round(percentile(off, 95)),
      write_on_p95_ms: round(percentile(on, 95)),
      write_ratio: round(percentile(on, 95) / percentile(off, 95)),
      pass: { initial: false, edit: false, write: false },
    };
    report.pass = {
      initial: report.initial_ratio <= SYNC_TARGETS.initialRatio,
      edit: report.edit_p95_ms < SYNC_TARGETS.editP95Ms,
      write: report.write_ratio <= SYNC_TARGETS.writeRatio,
    };
    return report;
  } finally {
    for (const o of open) {
      await o.client?.stop();
      o.lib.close();
    }
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a table for people. */
export function syncText(r: SyncBenchReport): string {
  const ok = (b: boolean) => (b ? 'pass' : 'FAIL');
  return [
    `Sync benchmark: ${r.quotes} quotes over ${r.articles} articles, server and devices on loopback in one process.`,
    `initial sync to a new device   ${r.initial_sync_ms} ms vs JSON import ${r.import_ms} ms = ${r.initial_ratio}× (≤ ${SYNC_TARGETS.initialRatio}) ${ok(r.pass.initial)}`,
    `edit seen on the other device  p50 ${r.edit_p50_ms} ms, p95 ${r.edit_p95_ms} ms (< ${SYNC_TARGETS.editP95Ms}) ${ok(r.pass.edit)}`,
    `local write, sync on vs off    p95 ${r.write_on_p95_ms} vs ${r.write_off_p95_ms} ms = ${r.write_ratio}× (≤ ${SYNC_TARGETS.writeRatio}) ${ok(r.pass.write)}`,
  ].join('\n');
}
