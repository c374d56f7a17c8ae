import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { resourceUsage } from 'node:process';
import { runExport, type ExportFormatName } from '../app/core/export';
import { Library } from '../app/core/library';
import { appLayout } from '../app/core/paths';
import { machine } from './machine';
import { loadSearchData } from './searchData';
import { measure, round } from './timing';

/** The formats the export benchmark covers. */
export const EXPORT_BENCH_FORMATS = ['csv', 'json', 'w3c'] as const satisfies readonly ExportFormatName[];

/** Export time may be at most this many times the time of reading the same rows. */
export const TIME_TARGET = 3;
/** Peak memory at the large size may be at most this many times the peak at the small size. */
export const MEMORY_TARGET = 1.5;

/** Sizes and repetitions of the export benchmark. */
export interface ExportBenchOptions {
  /** Quotes in the small and the large library. */
  small: number;
  large: number;
  /** Timed runs of each export and each read (after one warm-up). */
  runs: number;
  /** Keep the generated databases in this folder instead of a temporary one. */
  dir?: string;
}

/** One format: time against a plain read at the large size, peak memory at both sizes. */
export interface ExportFormatResult {
  format: string;
  quotes: number;
  bytes: number;
  export_ms: number;
  read_ms: number;
  /** export_ms / read_ms; the target is ≤ {@link TIME_TARGET}. */
  time_ratio: number;
  time_pass: boolean;
  peak_small_mib: number;
  peak_large_mib: number;
  /** peak_large_mib / peak_small_mib; the target is ≤ {@link MEMORY_TARGET}. */
  memory_ratio: number;
  memory_pass: boolean;
}

/** The whole export benchmark, as printed with --json. */
export interface ExportBenchReport {
  small: number;
  large: number;
  runs: number;
  machine: Record<string, string | number>;
  /** Milliseconds to generate each library. */
  load_ms: { small: number; large: number };
  formats: ExportFormatResult[];
}

/** What the child process of {@link exportPeak} prints: the output size and its peak resident memory. */
interface PeakReport {
  bytes: number;
  max_rss_bytes: number;
}

const HOST = { generator: 'Apostil bench' };

function migrationsDir(): string {
  return appLayout(resolve(__dirname, '..', '..')).migrationsDir;
}

/** Streams one export of everything into a sink that only counts the bytes; returns the count. */
function exportBytes(lib: Library, format: ExportFormatName): number {
  let bytes = 0;
  runExport(lib, { format, scope: { kind: 'all' } }, (chunk) => (bytes += Buffer.byteLength(chunk)), HOST);
  return bytes;
}

/**
 * Reads, without formatting anything, the rows an export of everything reads: every live
 * quote in export order with its tag ids, joined with its article and source (and, for the
 * JSON backup, every article's text). Returns the number of rows read.
 */
function readRows(lib: Library, format: ExportFormatName): number {
  const db = lib.store.db;
  let rows = 0;
  const quotes = db.prepare(
    `SELECT q.id, q.uuid, q.article_id, q.exact, q.prefix, q.suffix, q.start, q."end", q.comment, q.color, q.created_at, q.updated_at,
       q.deleted_at, q.status, q.similarity, q.revision, q.reviewed_at,
       (SELECT group_concat(tag_id) FROM quote_tags WHERE quote_id = q.id) AS tag_ids,
       a.uuid AS article_uuid, a.title, a.date, a.lang, s.*
     FROM quotes q JOIN articles a ON a.id = q.article_id LEFT JOIN sources s ON s.id = a.source_id
     WHERE ${format === 'json' ? '1' : 'q.deleted_at IS NULL AND a.deleted_at IS NULL'}
     ORDER BY q.article_id, q.start, q.id`,
  );
  for (const row of quotes.iterate()) if (row) rows++;
  if (format === 'json') for (const row of db.prepare('SELECT * FROM articles ORDER BY id').iterate()) if (row) rows++;
  return rows;
}

/** Generates a library of `quotes` quotes over 1,000 corpus articles in `file`; returns the load time. */
function generate(file: string, quotes: number): number {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
  const lib = Library.open(file, migrationsDir());
  try {
    return lib.searchIndex.bulk(() => loadSearchData(lib, { quotes, articles: 1000 })).load_ms;
  } finally {
    lib.close();
  }
}

/**
 * Runs one export of `file` in a fresh Node process (`--expose-gc`, this same script with
 * the internal `export-peak` command) so that peaks at different sizes start equal.
 */
function exportPeak(file: string, format: ExportFormatName): PeakReport {
  const child = spawnSync(process.execPath, ['--expose-gc', process.argv[1]!, 'export-peak', '--db', file, '--format', format], { encoding: 'utf8' });
  if (child.status !== 0) throw new Error(`export-peak ${format} failed: ${child.stderr || child.error?.message}`);
  return JSON.parse(child.stdout) as PeakReport;
}

/** The child side of {@link exportPeak}: one streamed export into a discarding sink, then its peak RSS as JSON. */
export function exportPeakChild(file: string, format: string): PeakReport {
  if (!(EXPORT_BENCH_FORMATS as readonly string[]).includes(format)) throw new Error(`export-peak: unknown format "${format}".`);
  const lib = Library.open(file, migrationsDir());
  try {
    const bytes = exportBytes(lib, format as ExportFormatName);
    return { bytes, max_rss_bytes: resourceUsage().maxRSS * 1024 };
  } finally {
    lib.close();
  }
}

const mib = (bytes: number) => round(bytes / 2 ** 20);

/** Generates a small and a large library, then times and measures the streamed CSV, JSON and W3C exports of each. */
export function exportBench(options: ExportBenchOptions): ExportBenchReport {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'apostil-bench-'));
  const files = { small: join(dir, `export-${options.small}.db`), large: join(dir, `export-${options.large}.db`) };
  const load_ms = { small: generate(files.small, options.small), large: generate(files.large, options.large) };
  const lib = Library.open(files.large, migrationsDir());
  try {
    const formats = EXPORT_BENCH_FORMATS.map((format): ExportFormatResult => {
      const exported = measure(options.runs, () => exportBytes(lib, format));
      const read = measure(options.runs, () => readRows(lib, format));
      const small = exportPeak(files.small, format);
      const large = exportPeak(files.large, format);
      const time_ratio = round(exported.timing.p50 / Math.max(read.timing.p50, 0.01));
      const memory_ratio = round(large.max_rss_bytes / small.max_rss_bytes);
      return {
        format,
        quotes: options.large,
        bytes: exported.value,
        export_ms: exported.timing.p50,
        read_ms: read.timing.p50,
        time_ratio,
        time_pass: time_ratio <= TIME_TARGET,
        peak_small_mib: mib(small.max_rss_bytes),
        peak_large_mib: mib(large.max_rss_bytes),
        memory_ratio,
        memory_pass: memory_ratio <= MEMORY_TARGET,
      };
    });
    return { small: options.small, large: options.large, runs: options.runs, machine: machine(lib), load_ms, formats };
  } finally {
    lib.close();
    if (!options.dir) rmSync(dir, { recursive: true, force: true });
  }
}
