import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Channel, Envelope, Request, Response } from '../app/api/channels';
import { Service } from '../app/api/service';
import { Library } from '../app/core/library';
import { fillLibrary, type LibraryData } from './libraryData';
import { libraryUiBench, type LibraryUiReport } from './libraryUi';
import { machine } from './machine';
import { random } from './random';
import { percentile, round } from './timing';

/** Largest allowed ratio of an operation's p95 at the largest size to its p95 at the smallest. */
export const RATIO_TARGET = 2;

/** Quote cards a list view's first screen holds (the smallest library's trash holds about 20). */
const SCREEN_ROWS = 20;
/** Rows of the articles list a window shows at once: 10, which the smallest library also fills, so both sizes show as many. */
const ARTICLE_SCREEN_ROWS = 10;

/** Sizes and repetitions of the library benchmark. */
export interface LibraryBenchOptions {
  /** Library sizes in quotes, smallest first. */
  sizes: number[];
  /** Timed runs of each operation at each size (after warm-up). */
  runs: number;
  /** Where the libraries are written (a temporary folder by default, removed afterwards). */
  dir?: string;
  /** Also measure the window in Chromium against the web host on the largest library (`bench/libraryUi.ts`). */
  ui?: boolean;
}

/** One operation's timings at every size. */
export interface LibraryOpResult {
  name: string;
  /** What the operation does through the api. */
  calls: string;
  p50_ms: Record<number, number>;
  p95_ms: Record<number, number>;
  /** p95 at the largest size over p95 at the smallest; the target is ≤ {@link RATIO_TARGET}. */
  ratio: number;
  /** The same for the medians, which load from other processes moves less. */
  ratio_p50: number;
  pass: boolean;
  /** A comparison only (the way Apostil counted before), not held to the target. */
  baseline?: boolean;
}

/** The whole library benchmark, as printed with --json. */
export interface LibraryBenchReport {
  sizes: number[];
  runs: number;
  libraries: Omit<LibraryData, 'leafTags' | 'articleIds' | 'noteIds'>[];
  ops: LibraryOpResult[];
  machine: Record<string, string | number>;
  /** The window on the largest library, in Chromium against the web host; absent with `--no-ui`. */
  ui?: LibraryUiReport;
}

/** A library under test: its service, what was generated, and a seeded chooser. */
interface Subject {
  lib: Library;
  call: <C extends Channel>(channel: C, req: Request<C>) => Response<C>;
  data: LibraryData;
  pick: <T>(xs: T[]) => T;
  liveQuote: () => number;
}

/** One everyday operation, as a window performs it through the api. */
interface Operation {
  name: string;
  calls: string;
  run: (s: Subject, i: number) => void;
  baseline?: boolean;
}

function subject(lib: Library, data: LibraryData, seed: number): Subject {
  const svc = new Service(lib, () => undefined);
  const rand = random(seed);
  const call = <C extends Channel>(channel: C, req: Request<C>): Response<C> => {
    const r = svc.call(channel, req) as Envelope<Response<C>>;
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value;
  };
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const liveQuote = (): number => {
    for (;;) {
      const id = 1 + Math.floor(rand() * data.quotes);
      const q = lib.store.stmt<{ ok: number }>('SELECT 1 AS ok FROM quotes WHERE id = ? AND deleted_at IS NULL').get(id);
      if (q) return id;
    }
  };
  return { lib, call, data, pick, liveQuote };
}

const OPERATIONS: Operation[] = [
  { name: 'read one quote', calls: 'quotes:get', run: (s) => void s.call('quotes:get', { ids: [s.liveQuote()] }) },
  {
    name: 'create a quote',
    calls: 'quotes:create (with a tag)',
    run: (s) => {
      const articleId = s.pick(s.data.articleIds);
      s.call('quotes:create', { articleId, start: 0, end: 8, tags: [`bench/新 ${s.pick([1, 2, 3])}`] });
    },
  },
  {
    name: 'tag a quote',
    calls: 'quotes:tag',
    run: (s) => {
      s.call('quotes:tag', { id: s.liveQuote(), tags: [s.lib.tags.get(s.pick(s.data.leafTags)).path] });
    },
  },
  { name: 'comment on a quote', calls: 'quotes:update', run: (s, i) => void s.call('quotes:update', { id: s.liveQuote(), comment: `評論 ${i}：與前文比較` }) },
  {
    name: 'recolour a quote',
    calls: 'quotes:update',
    run: (s, i) => void s.call('quotes:update', { id: s.liveQuote(), color: i % 2 ? '#ffcc00' : '#88ccff' }),
  },
  {
    name: 'trash and restore a quote',
    calls: 'quotes:delete, quotes:restore',
    run: (s) => {
      const id = s.liveQuote();
      s.call('quotes:delete', { id });
      s.call('quotes:restore', { id });
    },
  },
  { name: 'rename a tag', calls: 'tags:rename', run: (s, i) => void s.call('tags:rename', { id: s.pick(s.data.leafTags), name: `code·${i}` }) },
  {
    name: 'open an article (100 quotes)',
    calls: 'articles:get, quotes:list, sources:get, revisions:list, revisions:status',
    run: (s) => {
      const articleId = s.pick(s.data.articleIds);
      s.call('articles:get', { id: articleId });
      s.call('quotes:list', { articleId });
      s.call('sources:get', { articleId });
      s.call('revisions:list', { articleId });
      s.call('revisions:status', { articleId });
    },
  },
  {
    name: 'open a note (20 embeds)',
    calls: 'notes:get, quotes:get',
    run: (s) => {
      const { note } = s.call('notes:get', { id: s.pick(s.data.noteIds) });
      s.call('quotes:get', { ids: note.quoteIds });
    },
  },
  { name: 'list tags with counts', calls: 'tags:list', run: (s) => void s.call('tags:list', {}) },
  { name: 'counts for the side bar', calls: 'library:counts', run: (s) => void s.call('library:counts', {}) },
  { name: 'All quotes, first screen', calls: `quotes:list limit ${SCREEN_ROWS}`, run: (s) => void s.call('quotes:list', { limit: SCREEN_ROWS }) },
  {
    name: 'trash, first screen',
    calls: `quotes:list trash limit ${SCREEN_ROWS}`,
    run: (s) => void s.call('quotes:list', { state: 'trash', limit: SCREEN_ROWS }),
  },
  {
    name: 'articles list, first screen',
    calls: `articles:list limit ${ARTICLE_SCREEN_ROWS}`,
    run: (s) => void s.call('articles:list', { limit: ARTICLE_SCREEN_ROWS }),
  },
  {
    name: 'tag counts by counting rows (before)',
    calls: 'SELECT count(*) per tag over quote_tags',
    baseline: true,
    run: (s) =>
      void s.lib.store
        .stmt(
          `SELECT t.id, (SELECT count(*) FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id
             WHERE qt.tag_id = t.id AND q.deleted_at IS NULL) AS count FROM tags t`,
        )
        .all(),
  },
];

/**
 * Generates a library at each size in the same run, then times every everyday operation
 * through the api, alternating between the sizes run by run so that load on the machine
 * falls on all of them alike, and reports each operation's ratio largest/smallest.
 */
export async function libraryBench(options: LibraryBenchOptions): Promise<LibraryBenchReport> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'apostil-bench-library-'));
  const libs: Library[] = [];
  try {
    const subjects = options.sizes.map((size, k) => {
      const lib = Library.open(join(dir, `library-${size}.db`), 'migrations');
      libs.push(lib);
      const data = fillLibrary(lib, size);
      lib.store.db.pragma('optimize');
      return subject(lib, data, 1000 + k);
    });
    const ops = OPERATIONS.map((op): LibraryOpResult => {
      const times = subjects.map(() => [] as number[]);
      for (let i = 0; i < options.runs + 3; i++) {
        subjects.forEach((s, k) => {
          const start = performance.now();
          op.run(s, i);
          if (i >= 3) times[k]!.push(performance.now() - start);
        });
      }
      const p50 = Object.fromEntries(options.sizes.map((size, k) => [size, round(percentile(times[k]!, 50))]));
      const p95 = Object.fromEntries(options.sizes.map((size, k) => [size, round(percentile(times[k]!, 95))]));
      const ratio = round(percentile(times.at(-1)!, 95) / Math.max(percentile(times[0]!, 95), 0.001));
      const ratioP50 = round(percentile(times.at(-1)!, 50) / Math.max(percentile(times[0]!, 50), 0.001));
      return {
        name: op.name,
        calls: op.calls,
        p50_ms: p50,
        p95_ms: p95,
        ratio,
        ratio_p50: ratioP50,
        pass: op.baseline === true || ratio <= RATIO_TARGET,
        ...(op.baseline ? { baseline: true } : {}),
      };
    });
    const report: LibraryBenchReport = {
      sizes: options.sizes,
      runs: options.runs,
      libraries: subjects.map(({ data: { leafTags: _l, articleIds: _a, noteIds: _n, ...rest } }) => rest),
      ops,
      machine: machine(libs[0]!),
    };
    if (options.ui !== false) {
      const largest = libs.at(-1)!;
      const file = largest.store.file;
      largest.close();
      libs.pop();
      report.ui = await libraryUiBench(file);
    }
    return report;
  } finally {
    for (const lib of libs) lib.close();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
