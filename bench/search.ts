import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Library } from '../app/core/library';
import { appLayout } from '../app/core/paths';
import type { RebuildReport } from '../app/core/search/index';
import { RANK_WINDOW, Search } from '../app/core/search/search';
import { machine } from './machine';
import { loadSearchData, type LoadReport } from './searchData';
import { measure, round, since } from './timing';

/** What to generate and how often to repeat each query. */
export interface SearchBenchOptions {
  quotes: number;
  articles: number;
  /** Timed runs per query for Apostil and the trigram index. */
  runs: number;
  /** Timed runs per query for the LIKE baseline (each scans every quote twice). */
  baselineRuns: number;
  /** See RANK_WINDOW in app/core/search/search.ts. */
  rankWindow?: number;
  /** Keep the generated database in this folder instead of a temporary one. */
  dir?: string;
}

/** One query class: Apostil against `LIKE '%term%'` and SQLite's trigram tokenizer, same rows, same run. */
export interface ClassResult {
  name: string;
  query: string;
  hits: number;
  /** Hits as a share of all quotes. */
  share: number;
  p50_ms: number;
  p95_ms: number;
  baseline_hits: number;
  baseline_p50_ms: number;
  baseline_p95_ms: number;
  /** baseline p95 / Apostil p95. */
  speedup: number;
  trigram_hits: number;
  /** Hits Apostil finds that the trigram index does not. */
  trigram_missed: number;
  trigram_p95_ms: number;
}

/** The whole search benchmark, as printed with --json. */
export interface SearchBenchReport {
  quotes: number;
  articles: number;
  machine: Record<string, string | number>;
  load: LoadReport;
  index: {
    /** Building the quotes index from the rows (the reindex path), in ms. */
    build_quotes_ms: number;
    build_articles_ms: number;
    index_bytes: number;
    text_bytes: number;
    size_ratio: number;
    trigram_build_ms: number;
    trigram_bytes: number;
    trigram_size_ratio: number;
  };
  rank_window: number;
  classes: ClassResult[];
}

interface QueryClass {
  name: string;
  /** In Apostil's query language. */
  query: string;
  /** The text the baselines look for. */
  term: string;
  tag?: string;
}

function tableBytes(lib: Library, like: string): number {
  return (lib.store.db.prepare('SELECT coalesce(sum(pgsize), 0) AS n FROM dbstat WHERE name LIKE ?').get(like) as { n: number }).n;
}

/** The most widespread Han character, and one found in about one quote in two thousand. */
function pickCharacters(lib: Library, quotes: number): { common: string; rare: string } {
  lib.store.db.exec("CREATE VIRTUAL TABLE IF NOT EXISTS temp.bench_vocab USING fts5vocab(main, 'quotes_fts', 'row')");
  const han = (lib.store.db.prepare('SELECT term, doc FROM temp.bench_vocab WHERE length(term) = 1').all() as { term: string; doc: number }[])
    .filter((r) => /^\p{sc=Han}$/u.test(r.term))
    .sort((a, b) => b.doc - a.doc || (a.term < b.term ? -1 : 1));
  const target = quotes / 2000;
  const rare = [...han].sort((a, b) => Math.abs(a.doc - target) - Math.abs(b.doc - target) || (a.term < b.term ? -1 : 1))[0];
  return { common: han[0]?.term ?? '之', rare: rare?.term ?? '鶴' };
}

function classes(common: string, rare: string): QueryClass[] {
  const plain = (name: string, query: string): QueryClass => ({ name, query, term: query });
  return [
    plain('cjk-1char-common', common),
    plain('cjk-1char-rare', rare),
    plain('cjk-2char', '國家'),
    plain('cjk-3char-name', '歐陽修'),
    plain('cjk-6char-phrase', '中央主管機關'),
    plain('japanese-kana', 'ところ'),
    plain('korean', '처벌'),
    plain('latin-word', 'government'),
    plain('latin-prefix', 'employ'),
    plain('mixed', 'AI晶片'),
    plain('trad-simp', '著作权'),
    { name: 'tag-filter', query: `${common} tag:region/Korea`, term: common, tag: 'region/Korea' },
    plain('no-hit', '量子電腦'),
  ];
}

/** Generates the library, builds the indexes, and times every query class. */
export function searchBench(options: SearchBenchOptions): SearchBenchReport {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'apostil-bench-'));
  const file = join(dir, `search-${options.quotes}.db`);
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const lib = Library.open(file, appLayout(resolve(__dirname, '..', '..')).migrationsDir);
  try {
    let build: RebuildReport | undefined;
    const load = lib.store.tx(() => {
      lib.searchIndex.suspend();
      const rows = loadSearchData(lib, { quotes: options.quotes, articles: options.articles });
      build = lib.searchIndex.rebuild();
      return rows;
    });
    const db = lib.store.db;
    const start = performance.now();
    db.exec(`CREATE VIRTUAL TABLE bench_trigram USING fts5(exact, comment, tokenize = 'trigram');
             INSERT INTO bench_trigram (rowid, exact, comment) SELECT id, exact, comment FROM quotes WHERE deleted_at IS NULL;`);
    const trigramMs = since(start);
    const indexBytes = tableBytes(lib, 'quotes_fts%');
    const trigramBytes = tableBytes(lib, 'bench_trigram%');
    const search = new Search(lib.store, lib.tags, options.rankWindow);
    const { common, rare } = pickCharacters(lib, load.quotes);
    const results = classes(common, rare).map((c): ClassResult => {
      const tagIds = c.tag ? JSON.stringify(lib.tags.subtree(c.tag)) : undefined;
      const tagged = (column: string) =>
        tagIds ? ` AND ${column} IN (SELECT quote_id FROM quote_tags WHERE tag_id IN (SELECT value FROM json_each('${tagIds}')))` : '';
      const like = `%${c.term.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      const where = `q.deleted_at IS NULL AND (q.exact LIKE ? ESCAPE '\\' OR q.comment LIKE ? ESCAPE '\\')${tagged('q.id')}`;
      const likeCount = db.prepare(`SELECT count(*) AS n FROM quotes q WHERE ${where}`);
      const likePage = db.prepare(`SELECT q.id, q.exact, q.comment FROM quotes q WHERE ${where} ORDER BY q.id DESC LIMIT 50`);
      const trigramWhere = `bench_trigram MATCH ?${tagged('+rowid')}`;
      const trigramCount = db.prepare(`SELECT count(*) AS n FROM bench_trigram WHERE ${trigramWhere}`);
      const trigramPage = db.prepare(`SELECT rowid FROM bench_trigram WHERE ${trigramWhere} ORDER BY rank LIMIT 50`);
      const phrase = `"${c.term.replace(/"/g, '""')}"`;
      const ours = measure(options.runs, () => search.run({ query: c.query, limit: 50 }));
      const baseline = measure(options.baselineRuns, () => {
        likePage.all(like, like);
        return (likeCount.get(like, like) as { n: number }).n;
      });
      const trigram = measure(options.runs, () => {
        trigramPage.all(phrase);
        return (trigramCount.get(phrase) as { n: number }).n;
      });
      const hits = ours.value.total;
      return {
        name: c.name,
        query: c.query,
        hits,
        share: round((hits / load.quotes) * 100) / 100,
        p50_ms: ours.timing.p50,
        p95_ms: ours.timing.p95,
        baseline_hits: baseline.value,
        baseline_p50_ms: baseline.timing.p50,
        baseline_p95_ms: baseline.timing.p95,
        speedup: round(baseline.timing.p95 / Math.max(ours.timing.p95, 0.01)),
        trigram_hits: trigram.value,
        trigram_missed: Math.max(0, hits - trigram.value),
        trigram_p95_ms: trigram.timing.p95,
      };
    });
    return {
      quotes: load.quotes,
      articles: load.articles,
      machine: machine(lib),
      load,
      index: {
        build_quotes_ms: build!.ms.quotes,
        build_articles_ms: build!.ms.articles,
        index_bytes: indexBytes,
        text_bytes: load.textBytes,
        size_ratio: round(indexBytes / load.textBytes),
        trigram_build_ms: trigramMs,
        trigram_bytes: trigramBytes,
        trigram_size_ratio: round(trigramBytes / load.textBytes),
      },
      rank_window: options.rankWindow ?? RANK_WINDOW,
      classes: results,
    };
  } finally {
    lib.close();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
