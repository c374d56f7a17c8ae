import { closeSync, existsSync, openSync, readdirSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { fromStorageError } from '../../app/core/errors';
import { Service } from '../../app/api/service';
import { Library } from '../../app/core/library';
import { cli, MIGRATIONS, tempDir } from './helpers';
import { mountTmpfs, mountUnavailable, type TestMount } from './mounts';

const ARTICLE = '韓中峰會\n\n李在明將於4日訪問北京。分析人士說，這是兩個月內第二次會面。';
const DISK_FULL = /^apostil: (The disk is full, so nothing was saved|Apostil could not write to the disk)/;
const READ_ONLY = /^apostil: The library file is read-only, so nothing was saved/;

const unavailable = mountUnavailable();
let mounted: TestMount | undefined;
afterEach(() => {
  mounted?.unmount();
  mounted = undefined;
});

/** Files left in `dir` (recursively) that a failed write must never leave: partial copies and restores. */
function leftovers(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => /\.(partial|restoring)$/.test(f));
}

/** Fills the file system holding `dir` until writing fails. */
function fill(dir: string): void {
  const fd = openSync(join(dir, 'filler'), 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd);
  }
}

describe.skipIf(unavailable !== null)(`full disk and read-only mounts (${unavailable ?? 'tmpfs'})`, () => {
  it('every CLI write on a full disk says disk full plainly, exits 1 and leaves no partial file', () => {
    mounted = mountTmpfs(4096);
    const { dir } = mounted;
    const outside = tempDir();
    const db = join(dir, 'lib.db');
    writeFileSync(join(outside, 'b.txt'), `${ARTICLE}\n\n第二篇：${'很長的文字。'.repeat(20_000)}`);
    for (const file of [db, join(outside, 'other.db')]) {
      const lib = Library.open(file, MIGRATIONS);
      lib.articles.importText('a.txt', ARTICLE);
      if (file !== db) lib.backupNow();
      lib.close();
    }
    const backup = join(outside, 'backups', readdirSync(join(outside, 'backups'))[0]!);
    fill(dir);
    const runs = [
      cli(db, 'import', join(outside, 'b.txt')),
      cli(db, 'import', '--revision-of', '1', join(outside, 'b.txt')),
      cli(db, 'backup', join(dir, 'copy.db')),
      cli(db, 'export', '--format', 'json', '--out', join(dir, 'out.json')),
      cli(db, 'restore', backup),
    ];
    for (const r of runs) {
      expect(r.stderr).toMatch(DISK_FULL);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(r.status).toBe(1);
    }
    expect(leftovers(dir)).toEqual([]);
    expect(existsSync(join(dir, 'copy.db'))).toBe(false);
    expect(existsSync(join(dir, 'out.json'))).toBe(false);
    rmSync(join(dir, 'filler'));
    expect(cli(db, 'articles', '--json').json()).toEqual({
      articles: [{ id: 1, uuid: expect.any(String), title: '韓中峰會', date: null, chars: expect.any(Number) }],
    });
  });

  it('a scheduled backup on a full disk is logged in plain words and leaves nothing behind', () => {
    mounted = mountTmpfs(2048);
    const { dir } = mounted;
    const lib = Library.open(join(dir, 'lib.db'), MIGRATIONS);
    try {
      lib.articles.importText('a.txt', ARTICLE);
      fill(dir);
      const logged: unknown[] = [];
      lib.startBackupSchedule((e) => logged.push(e))();
      expect(logged).toHaveLength(1);
      expect(fromStorageError(logged[0])).toMatchObject({ code: 'disk_full', message: expect.stringMatching(/^The disk is full/) });
    } finally {
      lib.close();
    }
    expect(leftovers(dir)).toEqual([]);
  });

  it('a library on a read-only mount opens for reading: list, search, export and check work, writes say read-only, no side files', () => {
    mounted = mountTmpfs(4096);
    const { dir } = mounted;
    const outside = tempDir();
    const db = join(dir, 'lib.db');
    const writer = Library.open(db, MIGRATIONS);
    const { article } = writer.articles.importText('a.txt', ARTICLE);
    writer.quotes.create({ articleId: article.id, start: ARTICLE.indexOf('李在明'), end: ARTICLE.indexOf('李在明') + 3, tags: ['region/Korea'] });
    writer.close();
    const before = readdirSync(dir).sort();
    mounted.readOnly(true);
    expect(cli(db, 'quotes', '--json').json()).toMatchObject({ quotes: [{ exact: '李在明', tags: ['region/Korea'] }] });
    expect(cli(db, 'export', '--format', 'csv').stdout).toContain('李在明');
    writeFileSync(join(outside, 'b.txt'), `${ARTICLE}\n\n新的一段。`);
    for (const r of [cli(db, 'tag', '1', 'x'), cli(db, 'import', join(outside, 'b.txt'))]) {
      expect(r.stderr).toMatch(READ_ONLY);
      expect(r.status).toBe(1);
    }
    const lib = Library.open(db, MIGRATIONS);
    try {
      const service = new Service(lib);
      expect(lib.store.readOnly).toBe(true);
      expect(service.call('app:info', {})).toMatchObject({ ok: true, value: { readOnly: true } });
      expect(service.call('search:query', { query: '李在明' })).toMatchObject({ ok: true, value: { total: 1 } });
      expect(service.call('library:check', {})).toMatchObject({ ok: true, value: { report: { ok: true } } });
      expect(service.call('notes:create', { title: 'x' })).toMatchObject({ ok: false, error: { code: 'read_only' } });
      expect(lib.backupIfDue(Date.now() + 1e12)).toBeUndefined();
    } finally {
      lib.close();
    }
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});

describe('refused databases leave no side files', () => {
  it('a newer or damaged database is refused and nothing appears next to it', () => {
    const dir = tempDir();
    const newer = join(dir, 'newer.db');
    const db = new Database(newer);
    db.pragma('journal_mode = WAL');
    db.exec('CREATE TABLE t (x)');
    db.pragma('user_version = 999');
    db.close();
    const damaged = join(dir, 'damaged.db');
    writeFileSync(damaged, Buffer.concat([Buffer.from('SQLite format 3\0'), Buffer.alloc(4000, 7)]));
    const before = readdirSync(dir).sort();
    expect(cli(newer, 'articles').stderr).toMatch(/newer version of Apostil/);
    expect(cli(damaged, 'articles').status).toBe(1);
    expect(cli(join(dir, 'fresh.db'), 'restore', newer).status).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(before);
  });
});
