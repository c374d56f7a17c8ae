import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SAMPLE, cli, fileHash, tempDir } from './helpers';

const ARTICLE = 'date 2025-11-03\n韓美關稅協議\n\n𠮷野家與李在明。李在明說，AI晶片很重要。\n\n第二段：李在明再次強調。';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function setup() {
  const dir = tempDir();
  const db = join(dir, 'cli.db');
  const file = join(dir, 'tariffs.zh-Hant.txt');
  writeFileSync(file, ARTICLE);
  return { dir, db, file };
}

describe('apostil CLI', () => {
  it('imports files and lists articles with the documented JSON', () => {
    const { db, file } = setup();
    const r = cli(db, 'import', file, SAMPLE, '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { articles } = r.json() as { articles: { id: number; title: string; date: string; chars: number }[] };
    expect(articles).toHaveLength(2);
    expect(articles[0]).toEqual({ id: 1, uuid: expect.stringMatching(UUID), title: '韓美關稅協議', date: '2025-11-03', chars: [...ARTICLE.slice(16)].length });
    expect(articles[1]!.date).toBe('2026-01-02');
    expect(cli(db, 'import', file, '--json').json()).toEqual({ articles: [articles[0]] });
    expect((cli(db, 'articles', '--json').json() as { articles: unknown[] }).articles).toHaveLength(2);
  });

  it('keeps the n-th occurrence as a quote with code-point offsets', () => {
    const { db, file } = setup();
    cli(db, 'import', file);
    const r = cli(db, 'quote', '1', '--exact', '李在明', '--nth', '2', '--tag', 'region/Korea', '--tag', '人物', '--comment', '再次', '--json');
    expect(r.status).toBe(0);
    const { quote } = r.json() as { quote: Record<string, unknown> };
    const body = ARTICLE.slice(16);
    const cps = [...body];
    const start = cps.join('').indexOf('李在明', cps.join('').indexOf('李在明') + 1);
    expect(quote).toMatchObject({ id: 1, articleId: 1, exact: '李在明', comment: '再次', tags: ['region/Korea', '人物'] });
    expect(quote.start).toBe([...body.slice(0, start)].length);
    expect(quote.end).toBe((quote.start as number) + 3);
    expect(cps.slice(quote.start as number, quote.end as number).join('')).toBe('李在明');
    expect(quote.prefix).toBe('韓美關稅協議\n\n𠮷野家與李在明。');
    expect(typeof quote.suffix).toBe('string');
    expect(Object.keys(quote)).toEqual(expect.arrayContaining(['id', 'articleId', 'exact', 'start', 'end', 'prefix', 'suffix', 'comment', 'tags']));
  });

  it('gives every article, quote and tag its uuid (the identity sync uses) in --json', () => {
    const { db, file } = setup();
    cli(db, 'import', file);
    const { quote } = cli(db, 'quote', '1', '--exact', '李在明', '--tag', 'region/Korea', '--json').json() as { quote: { uuid: string } };
    expect(quote.uuid).toMatch(UUID);
    const { quotes } = cli(db, 'quotes', '--json').json() as { quotes: { uuid: string }[] };
    expect(quotes.map((q) => q.uuid)).toEqual([quote.uuid]);
    const { articles } = cli(db, 'articles', '--json').json() as { articles: { uuid: string }[] };
    expect(articles[0]!.uuid).toMatch(UUID);
    const { tags } = cli(db, 'tags', '--json').json() as { tags: { uuid: string; path: string; total: number }[] };
    expect(tags.map((t) => [t.path, t.total])).toEqual([
      ['region', 1],
      ['region/Korea', 1],
    ]);
    for (const t of tags) expect(t.uuid).toMatch(UUID);
    expect(cli(db, 'tags').stdout).toContain('region/Korea');
  });

  it('lists, tags, untags, deletes and restores quotes', () => {
    const { db, file } = setup();
    cli(db, 'import', file);
    cli(db, 'quote', '1', '--exact', 'AI晶片');
    cli(db, 'quote', '1', '--exact', '𠮷野家', '--tag', 'food');
    expect(cli(db, 'tag', '1', 'tech/chips', 'Tech/AI', '--json').json()).toMatchObject({ quote: { tags: ['tech/AI', 'tech/chips'] } });
    const byTag = cli(db, 'quotes', '--tag', 'tech', '--json').json() as { quotes: { id: number; start: number }[] };
    expect(byTag.quotes.map((q) => q.id)).toEqual([1]);
    const all = cli(db, 'quotes', '--article', '1', '--json').json() as { quotes: { id: number; start: number; exact: string }[] };
    expect(all.quotes.map((q) => q.exact)).toEqual(['𠮷野家', 'AI晶片']);
    expect(all.quotes[0]!.start).toBe(8);
    expect(cli(db, 'untag', '1', 'tech/chips', '--json').json()).toMatchObject({ quote: { tags: ['tech/AI'] } });
    expect(cli(db, 'delete', '1').status).toBe(0);
    expect((cli(db, 'quotes', '--json').json() as { quotes: unknown[] }).quotes).toHaveLength(1);
    expect((cli(db, 'quotes', '--trash', '--json').json() as { quotes: unknown[] }).quotes).toHaveLength(1);
    expect(cli(db, 'restore', '1', '--json').json()).toMatchObject({ quote: { id: 1, deletedAt: null, tags: ['tech/AI'] } });
  });

  it('reports errors on stderr with a non-zero status and changes nothing', () => {
    const { dir, db, file } = setup();
    cli(db, 'import', file);
    cli(db, 'quote', '1', '--exact', 'AI');
    const before = fileHash(db);
    const cases: string[][] = [
      ['quote', '1', '--exact', '不存在的字'],
      ['quote', '1', '--exact', '李在明', '--nth', '9'],
      ['quote', '1', '--exact', '李在明', '--nth', '0'],
      ['quote', '42', '--exact', 'x'],
      ['quote', 'abc', '--exact', 'x'],
      ['quote', '1'],
      ['tag', '99', 'x'],
      ['tag', '1'],
      ['untag', '1', 'never-made'],
      ['delete', 'one'],
      ['restore', '1'],
      ['quotes', '--tag', 'missing'],
      ['quotes', '--bogus'],
      ['frobnicate'],
      ['import', join(dir, 'missing.txt')],
    ];
    for (const args of cases) {
      const r = cli(db, ...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr, args.join(' ')).toMatch(/^apostil: /);
      expect(r.stdout).toBe('');
    }
    expect(fileHash(db)).toBe(before);
  });

  it('imports all files or none', () => {
    const { dir, db, file } = setup();
    const bad = join(dir, 'bad.txt');
    writeFileSync(bad, Buffer.from([0x00, 0x01, 0xfe, 0x00]));
    const r = cli(db, 'import', file, bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/binary|UTF-8/);
    expect((cli(db, 'articles', '--json').json() as { articles: unknown[] }).articles).toEqual([]);
  });

  it('refuses a database from a newer Apostil and leaves it byte-identical', () => {
    const { db, file } = setup();
    cli(db, 'import', file);
    const raw = new Database(db);
    raw.pragma('journal_mode = DELETE');
    raw.pragma('user_version = 999');
    raw.close();
    const before = fileHash(db);
    const r = cli(db, 'articles');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/newer version of Apostil/);
    expect(fileHash(db)).toBe(before);
  });

  it('uses APOSTIL_DB when --db is absent', () => {
    const { db, file } = setup();
    const r = spawnSync(process.execPath, ['dist/cli/apostil.js', 'import', file, '--json'], { encoding: 'utf8', env: { ...process.env, APOSTIL_DB: db } });
    expect(r.status).toBe(0);
    expect((cli(db, 'articles', '--json').json() as { articles: unknown[] }).articles).toHaveLength(1);
  });
});
