import { parseArgs } from 'node:util';
import { reanchorBench, type ReanchorReport } from './reanchor';
import { searchBench, type SearchBenchReport } from './search';
import { textTable } from './table';

const USAGE = `Usage: node dist/bench/run.js [search|reanchor] [--json]
  search   [--quotes N (100000)] [--articles N (1000)] [--runs N (20)] [--baseline-runs N (5)] [--rank-window N] [--dir FOLDER]
           full-text search against LIKE '%term%' and SQLite's trigram tokenizer, same rows, same run
  reanchor [--quotes N (1000)]
           re-anchoring quotes onto a revised 50,000-character article against fuzzy matching every quote`;

function count(value: string | undefined, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (!/^[1-9]\d{0,8}$/.test(value)) throw new Error(`${what} must be a positive whole number (got "${value}").`);
  return Number(value);
}

function searchText(r: SearchBenchReport): string {
  const m = r.machine;
  const rows = r.classes.map((c) => [
    c.name,
    c.query,
    c.hits,
    c.p50_ms,
    c.p95_ms,
    c.baseline_hits,
    c.baseline_p95_ms,
    `${c.speedup}×`,
    c.trigram_hits,
    c.trigram_missed,
    c.trigram_p95_ms,
  ]);
  return [
    `Search benchmark: ${r.quotes} quotes over ${r.articles} articles (${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}; Node ${m.node}, SQLite ${m.sqlite}, better-sqlite3 ${m.better_sqlite3})`,
    `Rows written in ${r.load.load_ms} ms; index built from them in ${r.index.build_quotes_ms} ms for the quotes, ${r.index.build_articles_ms} ms for the articles`,
    `Index ${(r.index.index_bytes / 2 ** 20).toFixed(1)} MiB = ${r.index.size_ratio}× the text (${(r.index.text_bytes / 2 ** 20).toFixed(1)} MiB); ` +
      `SQLite trigram index ${(r.index.trigram_bytes / 2 ** 20).toFixed(1)} MiB = ${r.index.trigram_size_ratio}×, built in ${r.index.trigram_build_ms} ms`,
    `Ranking: bm25 over all hits up to ${r.rank_window}, else over the newest ${r.rank_window}. Times in ms; each query returns the exact total and the first 50 hits with snippets.`,
    '',
    textTable(['class', 'query', 'hits', 'p50', 'p95', 'LIKE hits', 'LIKE p95', 'speedup', 'trigram hits', 'trigram missed', 'trigram p95'], rows),
  ].join('\n');
}

function reanchorText(r: ReanchorReport): string {
  const s = r.statuses;
  return [
    `Re-anchoring benchmark: ${r.quotes} quotes from a ${r.articleChars}-character article onto its revision (${r.revisedChars} characters)`,
    `Statuses: ${s.exact} exact, ${s.moved} moved, ${s.fuzzy} fuzzy, ${s.orphaned} orphaned; ${Math.round(r.fast_path_share * 100)}% took the position/exact fast paths.`,
    '',
    textTable(
      ['method', 'median ms', 'ratio'],
      [
        ['Apostil (mapped position → exact text → folded → fuzzy)', r.apostil_ms, 1],
        ['fuzzy matcher for every quote', r.fuzzy_every_quote_ms, r.speedup],
      ],
    ),
  ].join('\n');
}

/** Runs one benchmark and prints its report. */
function main(argv: string[]): number {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean' },
      quotes: { type: 'string' },
      articles: { type: 'string' },
      runs: { type: 'string' },
      'baseline-runs': { type: 'string' },
      'rank-window': { type: 'string' },
      dir: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const command = positionals[0] ?? 'search';
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (command === 'search') {
    const quotes = count(values.quotes, 100_000, '--quotes');
    const report = searchBench({
      quotes,
      articles: count(values.articles, 1000, '--articles'),
      runs: count(values.runs, 20, '--runs'),
      baselineRuns: count(values['baseline-runs'], 5, '--baseline-runs'),
      rankWindow: values['rank-window'] === undefined ? undefined : count(values['rank-window'], 0, '--rank-window'),
      dir: values.dir,
    });
    console.log(values.json ? JSON.stringify(report) : searchText(report));
    return 0;
  }
  if (command === 'reanchor') {
    const report = reanchorBench({ quotes: count(values.quotes, 1000, '--quotes') });
    console.log(values.json ? JSON.stringify(report) : reanchorText(report));
    return 0;
  }
  console.error(`Unknown benchmark "${command}".\n${USAGE}`);
  return 2;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  console.error(`bench: ${(e as Error).message}`);
  process.exitCode = 2;
}
