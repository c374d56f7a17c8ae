import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../app/core/library';
import { Store } from '../../app/core/store';
import { MIGRATIONS, SAMPLE, cli, tempDir } from './helpers';

const WORKER = resolve('dist/test/crash-writer.cjs');
const KILLS = 50;

beforeAll(() => {
  buildSync({
    entryPoints: ['tests/unit/fixtures/crash-writer.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['better-sqlite3'],
    outfile: WORKER,
    logLevel: 'warning',
  });
});

/** Runs the writer until it has acknowledged a few writes and a random moment has passed, then SIGKILLs it. */
function runAndKill(file: string, articleId: number, seed: number): Promise<string[]> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [WORKER, file, MIGRATIONS, String(articleId)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!timer && out.includes('\nQ ')) timer = setTimeout(() => child.kill('SIGKILL'), 5 + ((seed * 7919) % 120));
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') fail(new Error(`writer exited on its own (${code}): ${err}`));
      else done(out.split('\n').filter((l) => /^[NQTE] /.test(l)));
    });
  });
}

describe('durability under SIGKILL', () => {
  it(`keeps every acknowledged write across ${KILLS} kills, with a sound database each time`, async () => {
    const file = join(tempDir(), 'crash.db');
    const setup = Library.open(file, MIGRATIONS);
    const articleId = setup.articles.importFile(SAMPLE).article.id;
    setup.close();
    let acknowledged = 0;
    for (let k = 0; k < KILLS; k++) {
      const acks = await runAndKill(file, articleId, k);
      acknowledged += acks.length;
      const db = new Database(file, { readonly: true });
      try {
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(db.pragma('foreign_key_check')).toEqual([]);
        for (const ack of acks) {
          const [kind, id, rest] = ack.split(' ');
          if (kind === 'N') expect(db.prepare('SELECT 1 FROM notes WHERE id = ?').get(id)).toBeTruthy();
          if (kind === 'Q') expect(db.prepare('SELECT length(exact) FROM quotes WHERE id = ?').pluck().get(id)).toBe(Number(rest));
          if (kind === 'T') {
            const [parent, child] = rest!.split('/');
            const tagged = db
              .prepare(
                'SELECT 1 FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id JOIN tags p ON p.id = t.parent_id WHERE qt.quote_id = ? AND t.name = ? AND p.name = ?',
              )
              .get(id, child, parent);
            expect(tagged, ack).toBeTruthy();
          }
        }
        const lastEdit = acks.filter((a) => a.startsWith('E ')).pop();
        if (lastEdit) {
          const [, id, text] = lastEdit.split(' ');
          const saved = db.prepare('SELECT text FROM notes WHERE id = ?').pluck().get(id) as string;
          expect([text, `第${Number(/\d+/.exec(text!)![0]) + 1}次編輯`]).toContain(saved);
        }
      } finally {
        db.close();
      }
    }
    console.log(`crash test: ${KILLS} SIGKILLs, ${acknowledged} acknowledged writes, all present; integrity and foreign keys ok every time`);
    expect(acknowledged).toBeGreaterThan(KILLS * 3);
  }, 180_000);

  it('a kill during a migration leaves the database at its old level, intact', async () => {
    const dir = tempDir();
    const migrations = join(dir, 'migrations');
    mkdirSync(migrations);
    copyFileSync(join(MIGRATIONS, '0001_init.sql'), join(migrations, '0001_init.sql'));
    const file = join(dir, 'm.db');
    const store = Store.open({ file, migrationsDir: migrations });
    store.db
      .prepare(
        "INSERT INTO articles (uuid, title, body, content_hash, imported_at, updated_at) VALUES ('u', '遷移前的文章。', '遷移前的文章。', 'h', 'now', 'now')",
      )
      .run();
    store.close();
    writeFileSync(
      join(migrations, '0002_slow.sql'),
      `CREATE TABLE filler (x);
       WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) INSERT INTO filler SELECT randomblob(16) FROM n;`,
    );
    const script = `const D=require('better-sqlite3');const{Store}=require(${JSON.stringify(resolve('dist/test/store.cjs'))});process.stdout.write('go\\n');Store.open({file:${JSON.stringify(file)},migrationsDir:${JSON.stringify(migrations)}});`;
    buildSync({
      entryPoints: ['app/core/store.ts'],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      external: ['better-sqlite3'],
      outfile: resolve('dist/test/store.cjs'),
      logLevel: 'warning',
    });
    await new Promise<void>((done) => {
      const child = spawn(process.execPath, ['-e', script], { cwd: resolve('.'), stdio: ['ignore', 'pipe', 'inherit'] });
      child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), 400));
      child.on('exit', () => done());
    });
    const db = new Database(file, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(1);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare("SELECT count(*) FROM sqlite_schema WHERE name = 'filler'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT title FROM articles').pluck().all()).toEqual(['遷移前的文章。']);
    db.close();
  }, 60_000);

  it('a kill during a multi-file import leaves all of them or none', async () => {
    const dir = tempDir();
    const db = join(dir, 'i.db');
    const files = Array.from({ length: 6 }, (_, i) => {
      const f = join(dir, `big${i}.txt`);
      writeFileSync(f, `第${i}篇\n\n${'這是很長的文章內容，用來讓匯入需要一點時間。'.repeat(40_000)}`);
      return f;
    });
    expect(cli(db, 'articles').status).toBe(0);
    for (const delay of [50, 150, 300, 600]) {
      await new Promise<void>((done) => {
        const child = spawn(process.execPath, [resolve('dist/cli/apostil.js'), '--db', db, 'import', ...files], { stdio: 'ignore' });
        setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('exit', () => done());
      });
      const r = spawnSync(process.execPath, [resolve('dist/cli/apostil.js'), '--db', db, 'articles', '--json'], { encoding: 'utf8' });
      const n = (JSON.parse(r.stdout) as { articles: unknown[] }).articles.length;
      expect([0, files.length]).toContain(n);
      expect(existsSync(db)).toBe(true);
    }
  }, 120_000);
});
