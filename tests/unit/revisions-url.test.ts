import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../app/core/articleText';
import { importFile } from '../../app/core/import';
import { openLibrary } from './helpers';

const page = (body: string) =>
  `<!doctype html><html lang="zh-Hant"><head><title>韓中峰會</title><link rel="canonical" href="https://news.example.tw/2026/01/summit">
   <meta property="article:published_time" content="2026-01-02T08:00:00Z"></head>
   <body><article><h1>韓中峰會</h1>${body}</article><script>window.__xss=1</script></body></html>`;

describe('a new version recognised by its address', () => {
  it('an HTML page with the same canonical URL becomes a revision, and quotes are re-anchored', () => {
    const lib = openLibrary();
    const first = importFile(lib, { name: 'summit.html', text: page('<p>李在明將於4日訪問北京。</p><p>分析人士說，這是第二次會面。</p>') });
    const id = first.articles[0]!.article.id;
    expect(lib.sources.get(id)).toMatchObject({ csl: { URL: 'https://news.example.tw/2026/01/summit' } });
    const body = lib.articles.body(id);
    const q = lib.quotes.create({ articleId: id, start: body.indexOf('分析人士說'), end: body.indexOf('分析人士說') + 5 });
    const second = importFile(lib, {
      name: 'summit-updated.html',
      text: page('<p>【更新】峰會延期。</p><p>李在明將於4日訪問北京。</p><p>分析人士說，這是第二次會面。</p>'),
    });
    expect(second.articles).toEqual([
      expect.objectContaining({ created: false, revision: { revision: 2, counts: { exact: 0, moved: 1, fuzzy: 0, orphaned: 0 } } }),
    ]);
    expect(lib.articles.list()).toHaveLength(1);
    expect(lib.revisions.list(id).map((r) => r.revision)).toEqual([1, 2]);
    expect(lib.quotes.get(q.id)).toMatchObject({ status: 'moved', exact: '分析人士說' });
    const again = importFile(lib, {
      name: 'summit-updated.html',
      text: page('<p>【更新】峰會延期。</p><p>李在明將於4日訪問北京。</p><p>分析人士說，這是第二次會面。</p>'),
    });
    expect(again.articles[0]).not.toHaveProperty('revision');
    expect(lib.revisions.list(id)).toHaveLength(2);
  });

  it('a text article with a url header does the same', () => {
    const lib = openLibrary();
    const text = (extra: string) => `url https://news.example.tw/a/1\ndate 2026-01-02\n韓美關稅\n\n${extra}關稅協議已簽署。`;
    const id = importFile(lib, { name: 'a.txt', text: text('') }).articles[0]!.article.id;
    const report = importFile(lib, { name: 'a.txt', text: text('【更正】') });
    expect(report.articles[0]).toMatchObject({ article: { id }, revision: { revision: 2 } });
  });

  it('reads date and url headers in either order, and only http(s) addresses', () => {
    expect(parseArticle('a.txt', 'date 2026-01-02\nurl https://x.example/1\nTitle\n\nBody')).toMatchObject({
      date: '2026-01-02',
      url: 'https://x.example/1',
      title: 'Title',
    });
    expect(parseArticle('a.txt', 'url https://x.example/1\ndate 2026-01-02 Lead sentence.')).toMatchObject({
      date: '2026-01-02',
      url: 'https://x.example/1',
      body: 'Lead sentence.',
    });
    expect(parseArticle('a.txt', 'url javascript:alert(1)\nTitle')).toMatchObject({ url: null, body: 'url javascript:alert(1)\nTitle' });
  });
});
