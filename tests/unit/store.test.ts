import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApostilError } from '../../app/core/errors';
import { loadMigrations } from '../../app/core/migrations';
import { Store } from '../../app/core/store';
import { MIGRATIONS, fileHash, openLibrary, tempDir } from './helpers';

const latest = loadMigrations(MIGRATIONS).length;

function errorOf(fn: () => unknown): ApostilError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApostilError);
    return e as ApostilError;
  }
  throw new Error('expected an ApostilError');
}

describe('store', () => {
  it('creates the database with its folder, WAL, foreign keys, busy timeout and the latest schema', () => {
    const file = join(tempDir(), 'nested', 'deeper', 'a.db');
    const lib = openLibrary(file);
    const db = lib.store.db;
    expect(existsSync(file)).toBe(true);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(latest);
    const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(['articles', 'sources', 'quotes', 'tags', 'quote_tags', 'notes']));
  });

  it('reopens an existing database without re-running migrations', () => {
    const file = join(tempDir(), 'a.db');
    const lib = openLibrary(file);
    lib.articles.importText('a.txt', 'Title\n\nBody');
    lib.close();
    const again = openLibrary(file);
    expect(again.articles.list()).toHaveLength(1);
  });

  it('refuses a database from a newer Apostil and leaves it byte-identical', () => {
    const file = join(tempDir(), 'newer.db');
    openLibrary(file).close();
    const raw = new Database(file);
    raw.pragma('journal_mode = DELETE');
    raw.pragma(`user_version = ${latest + 5}`);
    raw.close();
    const before = fileHash(file);
    const err = errorOf(() => Store.open({ file, migrationsDir: MIGRATIONS }));
    expect(err.code).toBe('newer_database');
    expect(err.message).toMatch(/newer version of Apostil/);
    expect(err.message).toMatch(/not been changed/);
    expect(fileHash(file)).toBe(before);
    expect(existsSync(`${file}-wal`)).toBe(false);
  });

  it('refuses a file that is not SQLite and never overwrites it', () => {
    const file = join(tempDir(), 'notes.db');
    writeFileSync(file, 'these are my precious notes, not a database\n'.repeat(100));
    const before = fileHash(file);
    const err = errorOf(() => Store.open({ file, migrationsDir: MIGRATIONS }));
    expect(err.code).toBe('corrupt_database');
    expect(fileHash(file)).toBe(before);
  });

  it('refuses a truncated SQLite file without changing it', () => {
    const dir = tempDir();
    const file = join(dir, 'good.db');
    const lib = openLibrary(file);
    lib.articles.importText('a.txt', 'x\n\n'.repeat(5000));
    lib.close();
    const bytes = readFileSync(file);
    const cut = join(dir, 'cut.db');
    writeFileSync(cut, Buffer.concat([bytes.subarray(0, 100), Buffer.alloc(4096, 0xab)]));
    const before = fileHash(cut);
    const err = errorOf(() => Store.open({ file: cut, migrationsDir: MIGRATIONS }));
    expect(['corrupt_database']).toContain(err.code);
    expect(fileHash(cut)).toBe(before);
  });

  it('applies pending migrations all together or not at all', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(join(MIGRATIONS, '0001_init.sql'), join(migrations, '0001_init.sql'));
    writeFileSync(join(migrations, '0002_broken.sql'), 'CREATE TABLE extra (x);\nTHIS IS NOT SQL;');
    const file = join(dir, 'm.db');
    expect(() => Store.open({ file, migrationsDir: migrations })).toThrow(/0002_broken\.sql failed/);
    const raw = new Database(file);
    expect(raw.pragma('user_version', { simple: true })).toBe(0);
    expect(raw.prepare("SELECT count(*) FROM sqlite_schema WHERE name IN ('articles', 'extra')").pluck().get()).toBe(0);
    raw.close();
  });

  it('rejects a migrations folder with gaps', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '0001_a.sql'), 'SELECT 1;');
    writeFileSync(join(dir, '0003_c.sql'), 'SELECT 1;');
    expect(() => loadMigrations(dir)).toThrow(/without gaps/);
  });
});
