import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { KEEP_BACKUPS, checkDatabase, inspectDatabase, listBackups, restoreDatabase, rotateBackup, writeBackup } from '../../app/core/backups';
import { Store } from '../../app/core/store';
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
    const store = Store.open({ file, migrationsDir: migrations });
    store.db.prepare("INSERT INTO articles (uuid, title, body, content_hash, imported_at, updated_at) VALUES ('u', '韓國', '韓國', 'h', 'now', 'now')").run();
    store.close();
    expect(listBackups(file)).toEqual([]);
    writeFileSync(join(migrations, '0002_more.sql'), 'CREATE TABLE more (x);');
    Store.open({ file, migrationsDir: migrations }).close();
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

describe('storage failures', () => {
  it('points to the latest backup when the library file is damaged, and restore replaces it', () => {
    const dir = tempDir();
    const file = join(dir, 'lib.db');
    const lib = openLibrary(file);
    lib.articles.importText('a.txt', '重要的文章');
    const backup = rotateBackup(lib.store.db, file, 'scheduled');
    lib.close();
    writeFileSync(file, 'garbage that replaced the database');
    const before = fileHash(file);
    expect(() => Store.open({ file, migrationsDir: MIGRATIONS })).toThrow(new RegExp(`latest backup is ${backup.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    expect(fileHash(file)).toBe(before);
    const { previous } = restoreDatabase(backup, file, latest);
    expect(fileHash(previous!)).toBe(before);
    expect(
      openLibrary(file)
        .articles.list()
        .map((a) => a.title),
    ).toEqual(['重要的文章']);
  });

  it('turns a full disk and a read-only file into clear errors that change nothing', () => {
    const lib = openLibrary();
    const id = lib.articles.importText('a.txt', '內容'.repeat(10)).article.id;
    const pages = lib.store.db.pragma('page_count', { simple: true }) as number;
    lib.store.db.pragma(`max_page_count = ${pages}`);
    const svc = new Service(lib, () => {});
    const full = svc.call('articles:import', { name: 'big.txt', text: '很長的文章。'.repeat(50_000) });
    expect(full).toMatchObject({ ok: false, error: { code: 'disk_full' } });
    expect(lib.articles.list()).toHaveLength(1);
    lib.store.db.pragma('query_only = ON');
    const ro = svc.call('quotes:create', { articleId: id, start: 0, end: 2 });
    expect(ro.ok).toBe(false);
    if (!ro.ok) expect(ro.error.message).toMatch(/nothing was saved|read-only/);
    lib.store.db.pragma('query_only = OFF');
    expect(lib.quotes.list()).toHaveLength(0);
  });

  it('two processes on one database: the second waits for the first, then writes', async () => {
    const file = join(tempDir(), 'two.db');
    const a = openLibrary(file);
    const id = a.articles.importText('a.txt', '兩個程序同時寫入。').article.id;
    const b = openLibrary(file);
    a.store.db.exec('BEGIN IMMEDIATE');
    const waited = new Promise<number>((done) => {
      const child = spawn(process.execPath, [resolve('dist/cli/apostil.js'), '--db', file, 'quote', String(id), '--exact', '同時', '--json'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      child.on('exit', (code) => done(code ?? -1));
    });
    await new Promise((r) => setTimeout(r, 800));
    a.store.db.exec('COMMIT');
    expect(await waited).toBe(0);
    expect(b.quotes.list().map((q) => q.exact)).toEqual(['同時']);
  });
});

describe('backups through the api', () => {
  it('lists, creates and restores backups by name, reopening the library in place', () => {
    const lib = openLibrary();
    const svc = new Service(lib, () => {});
    lib.articles.importText('a.txt', '備份前');
    const created = svc.call('backups:create', {});
    expect(created).toMatchObject({ ok: true, value: { backup: { name: expect.stringMatching(/manual\.db$/) } } });
    const name = (created as { value: { backup: { name: string } } }).value.backup.name;
    lib.articles.importText('b.txt', '備份後');
    expect(svc.call('backups:list', {})).toMatchObject({ ok: true, value: { backups: [{ name }] } });
    expect(svc.call('backups:restore', { name })).toMatchObject({ ok: true, value: { restored: { articles: 1 } } });
    expect(lib.articles.list().map((a) => a.title)).toEqual(['備份前']);
    expect(svc.call('library:check', {})).toMatchObject({ ok: true, value: { report: { ok: true } } });
    for (const bad of ['../etc/passwd.db', '/tmp/x.db', 'missing.db']) {
      expect(svc.call('backups:restore', { name: bad }).ok).toBe(false);
    }
    expect(lib.articles.list()).toHaveLength(1);
  });
});
