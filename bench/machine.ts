import { readFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import type { Library } from '../app/core/library';

/** The machine, its load and the library versions a benchmark ran on, for its report. */
export function machine(lib: Library): Record<string, string | number> {
  const cpu = cpus();
  const sqlite = lib.store.db.prepare('SELECT sqlite_version() AS v').get() as { v: string };
  const betterSqlite = JSON.parse(readFileSync(require.resolve('better-sqlite3/package.json'), 'utf8')) as { version: string };
  return {
    cpu: cpu[0]?.model ?? 'unknown',
    cores: cpu.length,
    memory_gb: Math.round(totalmem() / 2 ** 30),
    os: `${platform()} ${release()}`,
    node: process.version,
    sqlite: sqlite.v,
    better_sqlite3: betterSqlite.version,
    /** Other processes share the machine: the 1-minute load average when the report was made. */
    load_1min: Math.round(loadavg()[0]! * 10) / 10,
  };
}
