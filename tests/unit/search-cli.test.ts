import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const ARTICLE = '韓美關稅協議\n\n𠮷野家與李在明。習近平說，AI晶片很重要。\n\nSemiconductors said AI matters; 李在明再次強調。';

function setup() {
  const dir = tempDir();
  const db = join(dir, 'cli.db');
  const file = join(dir, 'tariffs.zh-Hant.txt');
  writeFileSync(file, ARTICLE);
  expect(cli(db, 'import', file).status).toBe(0);
  for (const [exact, ...tags] of [
    ['𠮷野家與李在明', 'region/Korea'],
    ['習近平說，AI晶片很重要'],
    ['Semiconductors said AI matters', 'topic/chips'],
    ['李在明再次強調', 'region/Korea/Seoul'],
  ]) {
    expect(cli(db, 'quote', '1', '--exact', exact!, ...tags.flatMap((t) => ['--tag', t])).status).toBe(0);
  }
  return db;
}

describe('apostil search', () => {
  it('prints the documented JSON, with code-point highlights in the snippet', () => {
    const db = setup();
    const r = cli(db, 'search', '李在明', '--json');
    expect(r.status).toBe(0);
    const out = r.json() as { total: number; results: Record<string, unknown>[] };
    expect(out.total).toBe(2);
    expect(out.results.map((h) => h.id)).toEqual(expect.arrayContaining([1, 4]));
    const first = out.results.find((h) => h.id === 1)!;
    expect(first).toMatchObject({
      type: 'quote',
      id: 1,
      articleId: 1,
      text: '𠮷野家與李在明',
      snippet: '𠮷野家與李在明',
      tags: ['region/Korea'],
      highlights: [[4, 7]],
    });
    expect(Object.keys(first)).toEqual(expect.arrayContaining(['type', 'id', 'articleId', 'text', 'snippet', 'tags']));
  });

  it('folds Simplified to Traditional, width and case; matches Latin words by prefix only', () => {
    const db = setup();
    const ids = (...args: string[]) => (cli(db, 'search', ...args, '--json').json() as { results: { id: number }[] }).results.map((h) => h.id);
    expect(ids('习近平')).toEqual([2]);
    expect(ids('ＡＩ晶片')).toEqual([2]);
    expect(ids('semi')).toEqual([3]);
    expect(ids('ai')).toEqual(expect.arrayContaining([2, 3]));
    expect(ids('id')).toEqual([]);
    expect(ids('tag:region')).toEqual([4, 1]);
    expect(ids('李在明 -強調')).toEqual([1]);
  });

  it('limits per kind (0 = all), searches articles with --in, and rebuilds with reindex', () => {
    const db = setup();
    const limited = cli(db, 'search', '李在明', '--limit', '1', '--json').json() as { total: number; results: unknown[] };
    expect([limited.total, limited.results.length]).toEqual([2, 1]);
    expect((cli(db, 'search', '李在明', '--limit', '0', '--json').json() as { results: unknown[] }).results).toHaveLength(2);
    const both = cli(db, 'search', '李在明', '--in', 'quotes,articles', '--json').json() as { total: number; results: { type: string }[] };
    expect(both.results.map((h) => h.type)).toEqual(['quote', 'quote', 'article']);
    expect(cli(db, 'reindex', '--json').json()).toMatchObject({ indexed: { quotes: 4, articles: 1, notes: 0 } });
    const text = cli(db, 'search', '習近平');
    expect(text.stdout).toContain('【習近平】');
    expect(text.stdout).toMatch(/^1 found/m);
  });

  it('answers malformed queries with a message, and rejects bad options', () => {
    const db = setup();
    const open = cli(db, 'search', '"李在明', '--json');
    expect(open.status).toBe(0);
    expect(open.json()).toMatchObject({ total: 2, notices: [expect.stringMatching(/not closed/)] });
    expect(cli(db, 'search', 'before:tomorrow').stdout).toMatch(/needs a date/);
    expect(cli(db, 'search', 'x', '--in', 'images').status).toBe(2);
    expect(cli(db, 'search', 'x', '--limit', 'ten').status).toBe(2);
    expect(cli(db, 'search').status).toBe(2);
    expect(cli(db, 'reindex', 'now').status).toBe(2);
  });
});
