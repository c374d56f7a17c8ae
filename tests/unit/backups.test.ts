import Database from 'better-sqlite3';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KEEP_BACKUPS, checkDatabase, inspectDatabase, listBackups, restoreDatabase, rotateBackup, writeBackup } from '../../app/core/backups';
import { Library } from '../../app/core/library';
import { loadMigrations } from '../../app/core/migrations';
import { MIGRATIONS, fileHash, openLibrary, tempDir } from './helpers';

const latest = loadMigrations(MIGRATIONS).length;

describe('backups', () => {
  it('backs up before a migration, at the old level', () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(join(MIGRATIONS, '0001_init.sql'), join(migrations, '0001_init.sql'));
    const file = join(dir, 'lib.db');
    const lib = Library.open(file, migrations);
    lib.articles.importText('a.txt', '韓國\n\n內容');
    lib.close();
    expect(listBackups(file)).toEqual([]);
    writeFileSync(join(migrations, '0002_more.sql'), 'CREATE TABLE more (x);');
    Library.open(file, migrations).close();
    const [backup] = listBackups(file);
    expect(backup?.file).toMatch(/before-migration-1-to-2\.db$/);
    const raw = new Database(backup!.file, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(1);
    expect(raw.prepare('SELECT title FROM articles').pluck().get()).toBe('韓國');
    raw.close();
  });

  it('rotates, keeping the newest backups only', () => {
    const lib = openLibrary();
    for (let i = 0; i < KEEP_BACKUPS + 3; i++) rotateBackup(lib.store.db, lib.store.file, `n${i}`);
    expect(listBackups(lib.store.file)).toHaveLength(KEEP_BACKUPS);
  });

  it('takes a scheduled backup only when one is due', () => {
    const lib = openLibrary();
    expect(lib.backupIfDue()).toBeUndefined();
    lib.articles.importText('a.txt', 'text');
    expect(lib.backupIfDue()).toMatch(/scheduled\.db$/);
    expect(lib.backupIfDue()).toBeUndefined();
    expect(lib.backupIfDue(Date.now() + 25 * 3600 * 1000)).toMatch(/scheduled/);
  });

  it('restores a checked backup and keeps the replaced database', () => {
    const dir = tempDir();
    const lib = openLibrary(join(dir, 'main.db'));
    lib.articles.importText('a.txt', '第一篇');
    const saved = writeBackup(lib.store.db, join(dir, 'saved.db'));
    lib.articles.importText('b.txt', '第二篇');
    lib.close();
    const { info, previous } = restoreDatabase(saved, join(dir, 'main.db'), latest);
    expect(info).toMatchObject({ level: latest, articles: 1 });
    expect(previous && existsSync(previous)).toBeTruthy();
    const back = openLibrary(join(dir, 'main.db'));
    expect(back.articles.list().map((a) => a.title)).toEqual(['第一篇']);
  });

  it('refuses to restore what is not an intact Apostil database, changing nothing', () => {
    const dir = tempDir();
    const target = join(dir, 'main.db');
    openLibrary(target).close();
    const before = fileHash(target);
    const text = join(dir, 'text.db');
    writeFileSync(text, 'not sqlite at all');
    const other = join(dir, 'other.db');
    new Database(other).exec('CREATE TABLE t (x); INSERT INTO t VALUES (1);');
    const newer = join(dir, 'newer.db');
    const n = openLibrary(newer);
    n.store.db.pragma(`user_version = ${latest + 1}`);
    n.close();
    expect(() => restoreDatabase(text, target, latest)).toThrow(/not an Apostil database/);
    expect(() => restoreDatabase(other, target, latest)).toThrow(/not an Apostil database/);
    expect(() => restoreDatabase(newer, target, latest)).toThrow(/newer Apostil/);
    expect(() => restoreDatabase(join(dir, 'missing.db'), target, latest)).toThrow(/does not exist/);
    expect(fileHash(target)).toBe(before);
    expect(() => inspectDatabase(text, latest)).toThrow();
  });

  it('checks integrity and foreign keys', () => {
    const lib = openLibrary();
    expect(checkDatabase(lib.store.db)).toEqual({ ok: true, integrity: ['ok'], foreignKeys: [] });
    lib.store.db.pragma('foreign_keys = OFF');
    lib.store.db
      .prepare("INSERT INTO quotes (uuid, article_id, exact, start, \"end\", created_at, updated_at) VALUES ('u', 77, 'x', 0, 1, 'now', 'now')")
      .run();
    const report = checkDatabase(lib.store.db);
    expect(report.ok).toBe(false);
    expect(report.foreignKeys[0]).toMatchObject({ table: 'quotes', parent: 'articles' });
  });
});
