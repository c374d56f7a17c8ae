import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { Library } from '../../app/core/library';
import { INDEX_SETTING } from '../../app/core/search/index';
import { Store } from '../../app/core/store';
import { MIGRATIONS, TESTDATA, openLibrary, tempDir } from './helpers';

const cjkTests = join(TESTDATA, 'cjk-tests');

function library(text: string) {
  const lib = openLibrary();
  const { article } = lib.articles.importText('a.txt', text);
  const body = lib.articles.body(article.id);
  const quote = (exact: string, extra: { comment?: string; tags?: string[] } = {}) => {
    const at = body.indexOf(exact);
    if (at < 0) throw new Error(`not in the article: ${exact}`);
    return lib.quotes.create({ articleId: article.id, start: at, end: at + exact.length, ...extra });
  };
  const ids = (query: string) =>
    lib.search
      .run({ query, limit: 0 })
      .results.map((h) => h.id)
      .sort((a, b) => a - b);
  return { lib, articleId: article.id, body, quote, ids };
}

describe('the search index follows every write in the same transaction', () => {
  it('quotes: create, comment, delete, restore, tag, untag', () => {
    const { lib, quote, ids } = library('標題\n\n韓國稀土出口增加。李在明訪問中國。');
    const q = quote('韓國稀土出口', { tags: ['region/Korea'] });
    expect(ids('稀土')).toEqual([q.id]);
    lib.quotes.update(q.id, { comment: 'AI晶片' });
    expect(ids('ai晶片')).toEqual([q.id]);
    lib.quotes.delete(q.id);
    expect(ids('稀土')).toEqual([]);
    lib.quotes.restore(q.id);
    expect(ids('稀土 tag:region')).toEqual([q.id]);
    lib.quotes.untag(q.id, ['region/Korea']);
    expect(ids('tag:region')).toEqual([]);
    lib.quotes.tag(q.id, ['todo']);
    expect(ids('tag:todo')).toEqual([q.id]);
  });

  it('tags: merge and delete re-index the quotes that carried them', () => {
    const { lib, quote, ids } = library('標題\n\n韓國稀土出口增加。李在明訪問中國。');
    const a = quote('韓國稀土', { tags: ['a'] });
    const b = quote('李在明', { tags: ['b'] });
    lib.tags.merge(lib.tags.require('a'), lib.tags.require('b'));
    expect(ids('tag:b')).toEqual([a.id, b.id]);
    lib.tags.delete(lib.tags.require('b'));
    expect(ids('韓國 OR 李')).toEqual([a.id, b.id]);
    expect(lib.search.run({ query: 'tag:b' }).notices.join()).toMatch(/No tag named/);
  });

  it('articles and notes, including the trash', () => {
    const { lib, articleId, quote, ids } = library('標題\n\n韓國稀土出口增加。');
    const q = quote('稀土');
    lib.articles.rename(articleId, 'Seoul 首爾');
    expect(lib.search.run({ query: '首尔 in:articles' }).results.map((h) => h.id)).toEqual([articleId]);
    lib.store.db.prepare("UPDATE articles SET deleted_at = '2026-01-01' WHERE id = ?").run(articleId);
    expect(ids('稀土')).toEqual([]);
    lib.store.db.prepare('UPDATE articles SET deleted_at = NULL WHERE id = ?').run(articleId);
    expect(ids('稀土')).toEqual([q.id]);
    const note = lib.notes.create({
      title: '筆記',
      doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '東京と京都に行く' }] }] },
    });
    const notes = (query: string) => lib.search.run({ query: `${query} in:notes` }).results.map((h) => h.id);
    expect(notes('京都')).toEqual([note.id]);
    expect(notes('東京都')).toEqual([]);
    lib.notes.update(note.id, { doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'ここは東京都' }] }] } });
    expect(notes('东京都')).toEqual([note.id]);
    lib.notes.delete(note.id);
    expect(notes('東京都')).toEqual([]);
  });

  it('a bulk write leaves the triggers still and rebuilds once, in the same transaction', () => {
    const { lib, body, articleId, ids } = library('標題\n\n韓國稀土出口增加。李在明訪問中國。');
    const at = body.indexOf('稀土');
    const created = lib.searchIndex.bulk(() => {
      const q = lib.quotes.create({ articleId, start: at, end: at + 2, tags: ['x'] });
      expect(lib.search.run({ query: '稀土' }).total).toBe(0);
      return q;
    });
    expect(ids('稀土 tag:x')).toEqual([created.id]);
    expect(lib.searchIndex.isCurrent()).toBe(true);
    expect(() =>
      lib.searchIndex.bulk(() => {
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(lib.searchIndex.isCurrent()).toBe(true);
  });

  it('rolls back with the write that failed', () => {
    const { lib, body, articleId, ids } = library('標題\n\n韓國稀土出口增加。');
    const at = body.indexOf('稀土');
    expect(() =>
      lib.store.tx(() => {
        lib.quotes.create({ articleId, start: at, end: at + 2 });
        throw new Error('abort');
      }),
    ).toThrow('abort');
    expect(ids('稀土')).toEqual([]);
  });

  it('reindex rebuilds the same index, and a stale or older index is rebuilt on open', () => {
    const dir = tempDir();
    const file = join(dir, 'lib.db');
    let lib = Library.open(file, MIGRATIONS);
    const { article } = lib.articles.importText('a.txt', '標題\n\n韓國稀土出口。AI晶片。');
    const q = lib.quotes.create({ articleId: article.id, start: 4, end: 8, tags: ['x'] });
    const withoutScores = (query: string) => lib.search.run({ query }).results.map(({ score: _score, ...hit }) => hit);
    const before = withoutScores('稀土 tag:x');
    expect(new Service(lib).call('search:reindex', {})).toMatchObject({ ok: true, value: { indexed: { quotes: 1, articles: 1, notes: 0 } } });
    expect(withoutScores('稀土 tag:x')).toEqual(before);
    expect(before.map((h) => h.id)).toEqual([q.id]);
    lib.store.db.prepare("INSERT INTO quotes_fts (quotes_fts) VALUES ('delete-all')").run();
    lib.setSetting(INDEX_SETTING, 'stale');
    lib.close();
    lib = Library.open(file, MIGRATIONS);
    expect(lib.search.run({ query: '稀土' }).results.map((h) => h.id)).toEqual([q.id]);
    lib.close();
  });

  it('the migration indexes a database that had quotes before search existed', () => {
    const dir = tempDir();
    const level1 = join(dir, 'migrations');
    mkdirSync(level1);
    cpSync(join(MIGRATIONS, '0001_init.sql'), join(level1, '0001_init.sql'));
    const file = join(dir, 'old.db');
    const old = Library.open(file, level1);
    const now = new Date().toISOString();
    old.store.db
      .prepare("INSERT INTO articles (uuid, title, body, content_hash, imported_at, updated_at) VALUES ('u', 't', '習近平會見李在明', 'h', ?, ?)")
      .run(now, now);
    old.store.db
      .prepare("INSERT INTO quotes (uuid, article_id, exact, start, \"end\", created_at, updated_at) VALUES ('q', 1, '習近平會見', 0, 5, ?, ?)")
      .run(now, now);
    old.close();
    const lib = Library.open(file, MIGRATIONS);
    expect(lib.search.run({ query: '习近平' }).total).toBe(1);
    expect(lib.search.run({ query: '李在明', kinds: ['articles'] }).total).toBe(1);
    lib.close();
  });
});

describe('search index upgrades', () => {
  it('a database indexed by the first search schema (level 2) is re-indexed with pairs', () => {
    const dir = tempDir();
    const level3 = join(dir, 'migrations');
    mkdirSync(level3);
    for (const f of ['0001_init.sql', '0002_search.sql', '0003_revisions.sql']) cpSync(join(MIGRATIONS, f), join(level3, f));
    const file = join(dir, 'level3.db');
    const old = Store.open({ file, migrationsDir: level3 });
    const now = new Date().toISOString();
    old.db
      .prepare("INSERT INTO articles (uuid, title, body, content_hash, imported_at, updated_at) VALUES ('u', 't', '東京と京都に行く。ここは東京都', 'h', ?, ?)")
      .run(now, now);
    old.db
      .prepare("INSERT INTO quotes (uuid, article_id, exact, start, \"end\", created_at, updated_at) VALUES ('q', 1, 'ここは東京都', 9, 15, ?, ?)")
      .run(now, now);
    old.close();
    const lib = Library.open(file, MIGRATIONS);
    expect(lib.search.run({ query: '东京都' }).results.map((h) => h.text)).toEqual(['ここは東京都']);
    expect(lib.searchIndex.isCurrent()).toBe(true);
    lib.close();
  });
});

describe('search semantics on the shared CJK cases', () => {
  it('pg_bigm LIKE cases: substring matches only, never the 東京都 bigram false positive', () => {
    const cases = JSON.parse(readFileSync(join(cjkTests, 'pg_bigm', 'ja-like-cases.json'), 'utf8')) as {
      corpus: string[];
      cases: { query?: string; substringMatches?: string[]; falsePositives?: string[] }[];
    };
    const { lib, quote } = library(`pg_bigm\n\n${cases.corpus.join('\n\n')}`);
    const byId = new Map(cases.corpus.map((line) => [quote(line).id, line]));
    let checked = 0;
    for (const c of cases.cases) {
      if (c.query === undefined || !c.substringMatches) continue;
      const lines = lib.search.run({ query: c.query, limit: 0 }).results.map((h) => byId.get(h.id));
      expect(lines.sort(), c.query).toEqual([...c.substringMatches].sort());
      for (const fp of c.falsePositives ?? []) expect(lines).not.toContain(fp);
      checked++;
    }
    expect(checked).toBeGreaterThanOrEqual(8);
    expect(lib.search.run({ query: '東京都' }).results.map((h) => byId.get(h.id))).toEqual(['ここは東京都']);
  });

  it('bleve CJK analyzer tokens are all found, highlighted at their original offsets', () => {
    const { cases } = JSON.parse(readFileSync(join(cjkTests, 'bleve', 'cjk-analyzer-cases.json'), 'utf8')) as {
      cases: { input: string; tokens: { term: string; start: number; end: number }[] }[];
    };
    let checked = 0;
    for (const c of cases) {
      const input = c.input.trim();
      if (!input || c.input !== input) continue;
      const lib = openLibrary();
      const { article } = lib.articles.importText('b.txt', `${input}\n\n${input}`);
      const body = lib.articles.body(article.id);
      const start = body.lastIndexOf(input);
      const q = lib.quotes.create({ articleId: article.id, start, end: start + input.length });
      for (const t of c.tokens) {
        const bytes = Buffer.from(input);
        const from = bytes.subarray(0, t.start).toString().length;
        const to = bytes.subarray(0, t.end).toString().length;
        const hit = lib.search.run({ query: t.term }).results.find((h) => h.id === q.id);
        expect(hit, `${input} ${t.term}`).toBeDefined();
        expect(
          hit!.snippet.highlights.some(([s, e]) => s <= from && to <= e),
          `${input} ${t.term}`,
        ).toBe(true);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe('search filters and messages', () => {
  it('filters by article, source, date and kind, and explains what it cannot use', () => {
    const lib = openLibrary();
    const a = lib.articles.importText('a.txt', 'date 2017-03-01\n韓國稀土出口。').article;
    const b = lib.articles.importText('b.txt', 'date 2020-05-01\n韓國稀土進口。').article;
    expect([a.date, b.date]).toEqual(['2017-03-01', '2020-05-01']);
    for (const art of [a, b]) lib.quotes.create({ articleId: art.id, start: 0, end: 4 });
    lib.sources.set(b.id, { type: 'article-newspaper', title: '中央社報導', 'container-title': 'Reuters' });
    const articleIds = (query: string) => lib.search.run({ query, limit: 0 }).results.map((h) => h.articleId);
    expect(articleIds(`稀土 article:${a.id}`)).toEqual([a.id]);
    expect(articleIds('稀土 source:reuters')).toEqual([b.id]);
    expect(articleIds('稀土 source:中央社')).toEqual([b.id]);
    expect(articleIds('稀土 before:2018')).toEqual([a.id]);
    expect(articleIds('稀土 after:2017-03')).toEqual([b.id]);
    expect(articleIds('稀土 -after:2017')).toEqual([a.id]);
    const both = lib.search.run({ query: '稀土 in:quotes,articles' });
    expect(both.counts).toEqual({ quotes: 2, articles: 2 });
    expect(both.results.map((h) => h.type)).toEqual(['quote', 'quote', 'article', 'article']);
    expect(lib.search.run({ query: 'before:soon 稀土' })).toMatchObject({ total: 0, notices: [expect.stringMatching(/date like/)] });
    expect(lib.search.run({ query: '。。。' })).toMatchObject({ total: 0, notices: [expect.stringMatching(/no letters or digits/)] });
    expect(lib.search.run({ query: '' })).toEqual({ total: 0, counts: { quotes: 0 }, results: [], notices: [] });
    expect(lib.search.run({ query: 'tag:a//b' }).notices.join()).toMatch(/not a tag name/);
  });

  it('the api validates search requests and answers with an envelope', () => {
    const lib = openLibrary();
    const service = new Service(lib, () => {});
    expect(service.call('search:query', { query: '稀土', in: ['photos'] })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(service.call('search:query', { query: '稀土', limit: -1 })).toMatchObject({ ok: false });
    expect(service.call('search:query', { query: '"稀土 -' })).toMatchObject({ ok: true, value: { total: 0 } });
  });
});
