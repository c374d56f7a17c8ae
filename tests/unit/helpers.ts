import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach } from 'vitest';
import { Library } from '../../app/core/library';

/** The repository's migrations folder. */
export const MIGRATIONS = resolve('migrations');
/** The bundled sample article. */
export const SAMPLE = resolve('resources/sample/2026-01-02-xi-lee-state-visit.zh-Hant.txt');
/** The project's copy of the shared test data (each folder with its licence and README). */
export const TESTDATA = resolve('tests/testdata');

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

/** A temporary folder removed after the current test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'apostil-test-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A fresh library in a temporary file, closed after the current test. */
export function openLibrary(file = join(tempDir(), 'test.db')): Library {
  const lib = Library.open(file, MIGRATIONS);
  cleanups.unshift(() => lib.close());
  return lib;
}

/** SHA-256 of a file's bytes, to prove a file was left untouched. */
export function fileHash(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Result of one CLI run. */
export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
  json: () => unknown;
}

/** Runs the built CLI (`dist/cli/apostil.js`) against `db`. */
export function cli(db: string, ...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [resolve('dist/cli/apostil.js'), '--db', db, ...args], { encoding: 'utf8', env: { ...process.env, APOSTIL_DB: '' } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, json: () => JSON.parse(r.stdout) };
}
