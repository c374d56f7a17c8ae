import { parseArgs } from 'node:util';
import { exportBench, exportPeakChild, MEMORY_TARGET, TIME_TARGET, type ExportBenchReport } from './export';
import { intakeBench, type IntakeReport } from './intake';
import { libraryBench, RATIO_TARGET, type LibraryBenchReport } from './library';
import { DOM_TARGET, type LibraryUiReport, type StepTiming } from './libraryUi';
import { reanchorBench, type ReanchorReport } from './reanchor';
import { searchBench, type SearchBenchReport } from './search';
import { syncBench, syncText } from './sync';
import { syncHistoryBench, syncHistoryText } from './syncHistory';
import { teamBench, type TeamBenchReport } from './team';
import { textTable } from './table';
import { round } from './timing';
import { KEYSTROKE_TARGET_MS, OPEN_TARGET_MS, SPEEDUP_TARGET, uiBench, type UiBenchReport } from './ui';

const USAGE = `Usage: node dist/bench/run.js [search|reanchor|export|ui|library|team|intake] [--json]
  search   [--quotes N (100000)] [--articles N (1000)] [--runs N (20)] [--baseline-runs N (5)] [--rank-window N] [--dir FOLDER]
           full-text search against LIKE '%term%' and SQLite's trigram tokenizer, same rows, same run
  reanchor [--quotes N (1000)]
           re-anchoring quotes onto a revised 50,000-character article against fuzzy matching every quote
  export   [--quotes N (100000)] [--small N (10000)] [--runs N (3)] [--dir FOLDER]
           streamed CSV, JSON and W3C exports against reading the same rows; peak memory (fresh process) at both sizes
  ui       [--quotes N (1000)] [--runs N (7)] [--keystrokes N (200)]   (needs Chromium: CHROMIUM_PATH or /usr/bin/chromium)
           opening an article with its highlights, the naive re-render per highlight, and typing in a note beside it
  library  [--quotes N (100000)] [--small N (1000)] [--million] [--runs N (100)] [--dir FOLDER] [--no-ui]
           every everyday operation through the api on a small and a large library (2,000 tags, 500 notes), ratio large/small;
           then the window on the largest one in Chromium: first paint, All quotes, search keystrokes, list DOM size
  team     [--clients N (50)] [--seconds N (20)]   (needs redis-server; PostgreSQL when installed, else a shared SQLite file)
           simulated clients editing 20 articles and 5 notes on one server process, then on two through Redis (one SIGKILLed halfway):
           propagation p95 across processes vs one process, edits per second, server RSS per open document, end state checked
  intake   [--runs N (5)]
           extracting a ~1 MB news page and importing a 100-page PDF, each against importing the same text as .txt, same run
  sync     [--quotes N (10000)] [--runs N (50)]
           initial sync to a new device against a JSON import; an edit seen on another device; writes with sync on/off
  sync-history [--quotes N (100)] [--edits N (10000)]
           an article document of a synced library after N edits (comments, colours, tag links) against a fresh snapshot of the same content`;

function intakeText(r: IntakeReport): string {
  const m = r.machine;
  return [
    `Intake benchmark: each input imported into a fresh library (read, extracted, stored, indexed) against the text it gives imported as .txt, alternating, in one run`,
    `(${m.cpu}, ${m.cores} cores, load ${m.load_1min}; Node ${m.node}, SQLite ${m.sqlite}); times in ms.`,
    '',
    textTable(
      ['input', 'bytes', 'text chars', 'runs', 'p50', 'p95', '.txt p50', '.txt p95', 'ratio (p50)'],
      r.cases.map((c) => [c.name, c.input_bytes, c.text_chars, c.runs, c.p50_ms, c.p95_ms, c.txt_p50_ms, c.txt_p95_ms, `${c.ratio}×`]),
    ),
  ].join('\n');
}

function teamText(r: TeamBenchReport): string {
  const row = (name: string, l: TeamBenchReport['single']) => [
    name,
    l.store,
    l.clients,
    l.documents,
    l.edits_per_s,
    l.acknowledged,
    l.propagation_p50_ms,
    l.propagation_p95_ms,
    l.rss_mb.join(' + '),
    l.rss_per_document_kb,
    l.lost,
    l.problems.join('; ') || 'none',
  ];
  return [
    `Team benchmark: propagation p95 through Redis / one process = ${r.propagation_ratio}× (target ≤ ${r.target_ratio}×)`,
    '',
    textTable(
      ['run', 'store', 'clients', 'docs', 'edits/s', 'acked', 'p50 ms', 'p95 ms', 'server RSS MB', 'RSS/doc KB', 'lost', 'problems'],
      [row('1 process', r.single), row(`2 processes + Redis${r.redis.killed ? ', 1 killed' : ''}`, r.redis)],
    ),
  ].join('\n');
}

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

const pass = (ok: boolean) => (ok ? 'pass' : 'FAIL');

function exportText(r: ExportBenchReport): string {
  const m = r.machine;
  const rows = r.formats.map((f) => [
    f.format,
    f.quotes,
    f.export_ms,
    f.read_ms,
    f.time_ratio,
    pass(f.time_pass),
    f.peak_small_mib,
    f.peak_large_mib,
    f.memory_ratio,
    pass(f.memory_pass),
  ]);
  return [
    `Export benchmark: ${r.large} quotes (memory also at ${r.small}) over 1000 articles (${m.cpu}, ${m.cores} cores, ${m.memory_gb} GB, ${m.os}; Node ${m.node}, SQLite ${m.sqlite})`,
    `Libraries generated in ${r.load_ms.small} ms and ${r.load_ms.large} ms. Times are medians of ${r.runs} runs in one process; other processes share the machine (load ${m.load_1min});`,
    `"read" selects the same rows (quotes, tags, articles, sources; the JSON backup also the article texts) without formatting them.`,
    `Peak memory is the max RSS of a fresh process doing one export into a discarding sink.`,
    '',
    textTable(
      [
        'format',
        'quotes',
        'export ms',
        'read ms',
        `ratio (≤ ${TIME_TARGET})`,
        'time',
        `peak MiB @${r.small}`,
        `peak MiB @${r.large}`,
        `memory ratio (≤ ${MEMORY_TARGET})`,
        'memory',
      ],
      rows,
    ),
  ].join('\n');
}

function libraryText(r: LibraryBenchReport): string {
  const m = r.machine;
  const sizes = r.sizes;
  const rows = r.ops.map((o) => [
    o.baseline ? `${o.name} *` : o.name,
    ...sizes.flatMap((s) => [o.p50_ms[s] ?? 0, o.p95_ms[s] ?? 0]),
    `${o.ratio_p50}×`,
    `${o.ratio}×`,
    o.baseline ? '' : pass(o.pass),
  ]);
  return [
    `Library benchmark: ${r.libraries.map((l) => `${l.quotes} quotes / ${l.articles} articles / ${l.tags} tags / ${l.notes} notes (built in ${l.build_ms} ms)`).join('; ')}`,
    `${m.cpu}, ${m.cores} cores (load ${m.load_1min}); Node ${m.node}, SQLite ${m.sqlite}. ${r.runs} runs per operation and size, alternating between the sizes; times in ms through the api service.`,
    `* how tag counts were read before this release, for comparison (not held to the target).`,
    '',
    textTable(
      ['operation', ...sizes.flatMap((s) => [`p50 @${s}`, `p95 @${s}`]), 'p50 ratio', `p95 ratio ${sizes.at(-1)}/${sizes[0]} (≤ ${RATIO_TARGET})`, 'result'],
      rows,
    ),
    ...(r.ui ? ['', libraryUiText(r.ui, sizes.at(-1)!)] : []),
  ].join('\n');
}

function libraryUiText(u: LibraryUiReport, quotes: number): string {
  const row = (name: string, s: StepTiming) => [name, s.p50_ms, s.p95_ms, `p95 ≤ ${s.target_ms} ms`, pass(s.pass)];
  return [
    `The window on the ${quotes}-quote library in ${u.browser} (headless) against the web host; ${u.cores} cores (load ${u.load_1min}).`,
    textTable(
      ['measure', 'p50 ms', 'p95 ms', 'target', 'result'],
      [
        row('first paint of the window', u.first_paint),
        row('All quotes, first screen', u.all_quotes_first_screen),
        row('search: key press to results painted', u.search_keystroke),
        ['most elements in a list view', u.dom_max, u.dom_max, `< ${DOM_TARGET}`, pass(u.dom_pass)],
      ],
    ),
    textTable(
      ['list view', 'top', 'middle', 'bottom', 'max'],
      u.dom.map((d) => [d.view, d.top, d.middle, d.bottom, d.max]),
    ),
  ].join('\n');
}

function uiText(r: UiBenchReport): string {
  return [
    `UI benchmark: a ${r.article_chars}-character zh-Hant article with ${r.quotes} quotes in ${r.browser} (headless) against the web host; ${r.cores} cores shared with other processes (load ${r.load_1min}).`,
    `Opening: from a click in the library list until the reader shows all ${r.quotes} highlights, after switching to another article (${r.open.runs} runs).`,
    `Naive: the same text and ranges, rebuilding the whole document (a <p> per line, <mark> per range) once per highlight and laying it out, in the same page;`,
    `without laying out each rebuild (DOM work only) it took ${r.naive_dom_only_ms} ms (${round(r.naive_dom_only_ms / Math.max(r.open.p50_ms, 0.01))}× open p50).`,
    `Keystroke: keydown until the editor handled the input and the page was laid out, typing ${r.keystroke.runs} characters into a note with the article's quotes beside it;`,
    `Event Timing saw ${r.keystroke.event_timing_slow} key interactions of 16 ms or more (longest ${r.keystroke.event_timing_max_ms} ms, to the next paint).`,
    '',
    textTable(
      ['measure', 'p50 ms', 'p95 ms', 'target', 'result'],
      [
        ['open article', r.open.p50_ms, r.open.p95_ms, `p95 < ${OPEN_TARGET_MS} ms`, pass(r.open.pass)],
        ['naive re-render per highlight', r.naive_ms, r.naive_ms, `≥ ${SPEEDUP_TARGET}× open p50 (${r.speedup}×)`, pass(r.speedup_pass)],
        ['keystroke in a note', r.keystroke.p50_ms, r.keystroke.p95_ms, `p95 < ${KEYSTROKE_TARGET_MS} ms`, pass(r.keystroke.pass)],
        ['keystroke in a bare textarea (control)', r.control_keystroke.p50_ms, r.control_keystroke.p95_ms, '', ''],
      ],
    ),
  ].join('\n');
}

/** Runs one benchmark and prints its report. */
async function main(argv: string[]): Promise<number> {
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
      small: { type: 'string' },
      keystrokes: { type: 'string' },
      db: { type: 'string' },
      format: { type: 'string' },
      million: { type: 'boolean' },
      clients: { type: 'string' },
      seconds: { type: 'string' },
      edits: { type: 'string' },
      'no-ui': { type: 'boolean' },
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
  if (command === 'export') {
    const report = exportBench({
      large: count(values.quotes, 100_000, '--quotes'),
      small: count(values.small, 10_000, '--small'),
      runs: count(values.runs, 3, '--runs'),
      dir: values.dir,
    });
    console.log(values.json ? JSON.stringify(report) : exportText(report));
    return 0;
  }
  if (command === 'library') {
    const small = count(values.small, 1000, '--small');
    const large = count(values.quotes, 100_000, '--quotes');
    const report = await libraryBench({
      sizes: [small, large, ...(values.million ? [1_000_000] : [])],
      runs: count(values.runs, 100, '--runs'),
      dir: values.dir,
      ui: !values['no-ui'],
    });
    console.log(values.json ? JSON.stringify(report) : libraryText(report));
    const ui = report.ui;
    const uiPass = !ui || (ui.first_paint.pass && ui.all_quotes_first_screen.pass && ui.search_keystroke.pass && ui.dom_pass);
    return report.ops.every((o) => o.pass) && uiPass ? 0 : 1;
  }
  if (command === 'export-peak') {
    // Internal: the child process that `export` spawns to measure one export's peak memory.
    console.log(JSON.stringify(exportPeakChild(values.db ?? '', values.format ?? '')));
    return 0;
  }
  if (command === 'ui') {
    const report = await uiBench({
      quotes: count(values.quotes, 1000, '--quotes'),
      chars: 20_000,
      runs: count(values.runs, 7, '--runs'),
      keystrokes: count(values.keystrokes, 200, '--keystrokes'),
    });
    console.log(values.json ? JSON.stringify(report) : uiText(report));
    return 0;
  }
  if (command === 'intake') {
    const report = await intakeBench({ runs: count(values.runs, 5, '--runs') });
    console.log(values.json ? JSON.stringify(report) : intakeText(report));
    return 0;
  }
  if (command === 'sync') {
    const report = await syncBench({ quotes: count(values.quotes, 10_000, '--quotes'), runs: count(values.runs, 50, '--runs') });
    console.log(values.json ? JSON.stringify(report) : syncText(report));
    return 0;
  }
  if (command === 'sync-history') {
    const report = syncHistoryBench({ quotes: count(values.quotes, 100, '--quotes'), edits: count(values.edits, 10_000, '--edits') });
    console.log(values.json ? JSON.stringify(report) : syncHistoryText(report));
    return 0;
  }
  if (command === 'team') {
    const report = await teamBench({ clients: count(values.clients, 50, '--clients'), durationMs: count(values.seconds, 20, '--seconds') * 1000 });
    console.log(values.json ? JSON.stringify(report) : teamText(report));
    const ok = [report.single, report.redis].every((l) => l.problems.length === 0);
    return ok && report.propagation_ratio <= report.target_ratio ? 0 : 1;
  }
  console.error(`Unknown benchmark "${command}".\n${USAGE}`);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(`bench: ${(e as Error).message}`);
    process.exitCode = 2;
  },
);
