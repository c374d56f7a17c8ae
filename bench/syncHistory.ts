import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as Y from 'yjs';
import { Service } from '../app/api/service';
import { Library } from '../app/core/library';
import { SyncEngine } from '../app/sync/engine';
import { syncWriteHook } from '../app/sync/setup';
import { round } from './timing';

/** The bound: a document's state after many edits within this factor of a fresh snapshot of the same content. */
export const HISTORY_TARGET = 2;

/** One kind of edit, repeated: what the documents weigh afterwards against a fresh copy of the same content. */
export interface HistoryCase {
  name: string;
  edits: number;
  /** Bytes of every document's compacted state after the edits. */
  state_bytes: number;
  /** Bytes of fresh documents holding the same content (no history). */
  fresh_bytes: number;
  ratio: number;
  /** What each edit left behind, on average. */
  bytes_per_edit: number;
}

/** What `bench sync-history` measured. */
export interface HistoryReport {
  quotes: number;
  gc: boolean;
  cases: HistoryCase[];
  pass: boolean;
}

/** A copy of `value` (a shared type's content) as fresh shared types: the same content, no history. */
function fresh(value: unknown): unknown {
  if (value instanceof Y.Map) {
    const m = new Y.Map<unknown>();
    for (const [k, v] of value.entries()) m.set(k, fresh(v));
    return m;
  }
  return value;
}

/** The bytes of a fresh snapshot of `doc`'s present content (maps only: no notes here). */
function freshBytes(doc: Y.Doc): number {
  const copy = new Y.Doc();
  copy.transact(() => {
    for (const [key, type] of doc.share) {
      if (!(type instanceof Y.Map)) continue;
      const target = copy.getMap<unknown>(key);
      for (const [k, v] of (doc.getMap<unknown>(key) as Y.Map<unknown>).entries()) target.set(k, fresh(v));
    }
  });
  return Y.encodeStateAsUpdate(copy).length;
}

/**
 * Edits a library that syncs (its documents written by the engine, as on any device)
 * `edits` times in one way, compacts its documents, and weighs them against fresh
 * snapshots of the same content: how much history the documents keep.
 */
function runCase(
  name: string,
  edit: (service: Service, ids: number[], i: number) => void,
  options: { quotes: number; edits: number; migrations: string; dir: string },
): { report: HistoryCase; gc: boolean } {
  const lib = Library.open(join(options.dir, `${name}.db`), options.migrations);
  try {
    const engine = new SyncEngine(lib);
    lib.store.tx(() => {
      engine.setConfig('server', 'ws://127.0.0.1:9');
      engine.setConfig('library', 'bench');
    });
    const service = new Service(lib);
    service.writeHook = syncWriteHook(engine);
    const call = (channel: string, payload: unknown) => {
      const r = service.call(channel as never, payload as never);
      if (!r.ok) throw new Error(r.error.message);
      return r.value as never;
    };
    const { article } = call('articles:import', { name: 'a.txt', text: '李在明總統今天訪問北京，與習近平會談。'.repeat(40) }) as { article: { id: number } };
    const ids: number[] = [];
    for (let q = 0; q < options.quotes; q++) {
      const start = (q * 7) % 700;
      ids.push((call('quotes:create', { articleId: article.id, start, end: start + 5, tags: [`topic/t${q % 5}`] }) as { quote: { id: number } }).quote.id);
    }
    for (let i = 0; i < options.edits; i++) edit(service, ids, i);
    engine.reconcile();
    lib.store.tx(() => engine.docs.compact(true));
    // The edited quotes live in the article's document: that one is weighed.
    const stored = lib.store.stmt<{ name: string; n: number }>("SELECT name, length(state) AS n FROM sync_docs WHERE name LIKE 'article/%'").get()!;
    const freshSize = freshBytes(engine.docs.get(stored.name));
    return {
      gc: engine.docs.get(stored.name).gc,
      report: {
        name,
        edits: options.edits,
        state_bytes: stored.n,
        fresh_bytes: freshSize,
        ratio: round(stored.n / freshSize),
        bytes_per_edit: round((stored.n - freshSize) / options.edits),
      },
    };
  } finally {
    lib.close();
  }
}

/** Edits that overwrite map values: comments, colours and comments in turn, tag links added and removed. */
export function syncHistoryBench(options: { quotes?: number; edits?: number; migrationsDir?: string } = {}): HistoryReport {
  const quotes = options.quotes ?? 100;
  const edits = options.edits ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'apostil-bench-history-'));
  const base = { quotes, edits, migrations: options.migrationsDir ?? resolve('migrations'), dir };
  const ok = (r: { ok: boolean; error?: { message: string } }) => {
    if (!r.ok) throw new Error(r.error!.message);
  };
  try {
    const cases = [
      runCase('one comment', (s, ids, i) => ok(s.call('quotes:update', { id: ids[0]!, comment: `comment ${i}` })), base),
      runCase('comments', (s, ids, i) => ok(s.call('quotes:update', { id: ids[i % ids.length]!, comment: `comment ${i}` })), base),
      runCase(
        'comments and colours',
        (s, ids, i) =>
          ok(
            s.call(
              'quotes:update',
              i % 2 ? { id: ids[i % ids.length]!, color: i % 4 === 1 ? '#ff0000' : null } : { id: ids[i % ids.length]!, comment: `c${i}` },
            ),
          ),
        base,
      ),
      runCase(
        'tag links',
        (s, ids, i) => ok(s.call(i % 2 ? 'quotes:untag' : 'quotes:tag', { id: ids[Math.floor(i / 2) % ids.length]!, tags: ['flip'] })),
        base,
      ),
    ];
    return {
      quotes,
      gc: cases.every((c) => c.gc),
      cases: cases.map((c) => c.report),
      pass: cases.every((c) => c.report.ratio <= HISTORY_TARGET),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a table for people. */
export function syncHistoryText(r: HistoryReport): string {
  return [
    `Sync history: an article document of ${r.quotes} quotes (gc ${r.gc ? 'on' : 'off'}), its compacted state against a fresh snapshot of the same content (target ≤ ${HISTORY_TARGET}×).`,
    ...r.cases.map(
      (c) =>
        `${c.name.padEnd(22)} ${c.edits} edits: ${c.state_bytes} vs ${c.fresh_bytes} bytes = ${c.ratio}× (${c.bytes_per_edit} bytes per edit) ${c.ratio <= HISTORY_TARGET ? 'pass' : 'FAIL'}`,
    ),
  ].join('\n');
}
