import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SAMPLE, openLibrary } from './helpers';

const sample = readFileSync(SAMPLE, 'utf8');

function setup() {
  const lib = openLibrary();
  const { article } = lib.articles.importText('sample.zh-Hant.txt', sample);
  const body = lib.articles.body(article.id);
  const keep = (text: string, nth = 1) => {
    let at = -1;
    for (let i = 0; i < nth; i++) at = body.indexOf(text, at + 1);
    return lib.quotes.create({ articleId: article.id, start: at, end: at + text.length, tags: ['t'], comment: 'c' });
  };
  return { lib, id: article.id, body, keep };
}

describe('article revisions', () => {
  it('imports a corrected text as a new revision and re-anchors every quote with a status', () => {
    const { lib, id, keep } = setup();
    const unchanged = keep('分析人士說，習近平邀請李在明進行國是訪問');
    const moved = keep('據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。');
    const edited = keep('北京對日本祭出觀光、經濟等一連串報復手段');
    const gone = keep('韓國外國語大學(Hankuk University of Foreign Studies)');
    const trashed = keep('中日爭端不選邊');
    lib.quotes.delete(trashed.id);
    const revised = sample
      .replace('分析人士說，習近平邀請', '【更新】\n\n分析人士說，習近平邀請')
      .replace('經濟等一連串報復手段', '經濟等一系列報復手段')
      .replace('韓國外國語大學(Hankuk University of Foreign Studies)', '某大學')
      .replace('據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。\n\n', '')
      .concat('\n\n據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。');
    const result = lib.revisions.importRevision(id, 'sample.zh-Hant.txt', revised);
    expect(result).toMatchObject({ created: true, revision: 2 });
    // One count for the toast and the banner: the trashed quote is re-anchored but not counted.
    expect(result.counts).toEqual({ exact: 0, moved: 2, fuzzy: 1, orphaned: 1 });
    const body = lib.articles.body(id);
    const get = (q: { id: number }) => lib.quotes.get(q.id);
    expect(get(unchanged)).toMatchObject({ status: 'moved', revision: 2 });
    expect(body.slice(get(unchanged).start, get(unchanged).end)).toBe(get(unchanged).exact);
    expect(get(moved)).toMatchObject({ status: 'moved', exact: '據指出，李在明與高市早苗將於1月13至14日在日本奈良會晤。' });
    expect(get(moved).start).toBe(body.lastIndexOf('據指出'));
    expect(get(edited)).toMatchObject({ status: 'fuzzy', exact: '北京對日本祭出觀光、經濟等一系列報復手段' });
    expect(get(edited).similarity).toBeGreaterThan(0.8);
    expect(get(gone)).toMatchObject({
      status: 'orphaned',
      similarity: 0,
      exact: '韓國外國語大學(Hankuk University of Foreign Studies)',
      tags: ['t'],
      comment: 'c',
    });
    expect(get(trashed)).toMatchObject({ status: 'moved', deletedAt: expect.any(String) });
    expect(lib.revisions.statusCounts(id)).toEqual({ ...result.counts, unreviewed: 2 });
    expect(lib.revisions.history(gone.id).map((h) => [h.revision, h.status])).toEqual([
      [1, 'exact'],
      [2, 'orphaned'],
    ]);
  });

  it('keeps the old revision readable, lists revisions oldest first and diffs them', () => {
    const { lib, id, body } = setup();
    lib.revisions.importRevision(id, 'a.txt', sample.replace('4天的國是訪問', '四天的國是訪問'));
    const list = lib.revisions.list(id);
    expect(list.map((r) => [r.revision, r.current])).toEqual([
      [1, false],
      [2, true],
    ]);
    expect(lib.revisions.get(id, 1).body).toBe(body);
    const diff = lib.revisions.diff(id, 1, 2);
    expect(
      diff
        .filter((d) => d.kind === 'delete')
        .map((d) => d.text)
        .join(''),
    ).toBe('4');
    expect(
      diff
        .filter((d) => d.kind === 'insert')
        .map((d) => d.text)
        .join(''),
    ).toBe('四');
    expect(() => lib.revisions.get(id, 9)).toThrow(/no revision 9/);
  });

  it('does nothing for identical text and recognises an older revision on plain re-import', () => {
    const { lib, id } = setup();
    expect(lib.revisions.importRevision(id, 'a.txt', sample)).toMatchObject({ created: false, revision: 1 });
    lib.revisions.importRevision(id, 'a.txt', `${sample}\n\n補充。`);
    expect(lib.articles.importText('again.txt', sample)).toMatchObject({ created: false, article: { id } });
    expect(lib.articles.list()).toHaveLength(1);
  });

  it('refuses to turn another article’s text into a revision, changing nothing', () => {
    const { lib, id } = setup();
    const other = lib.articles.importText('b.txt', '另一篇文章。').article.id;
    expect(() => lib.revisions.importRevision(id, 'b.txt', '另一篇文章。')).toThrow(/already article/);
    expect(lib.revisions.list(id)).toHaveLength(1);
    expect(other).not.toBe(id);
  });

  it('lets the user accept a fuzzy anchor or reselect an orphan', () => {
    const { lib, id, keep } = setup();
    const q = keep('在日本首相高市早苗');
    lib.revisions.importRevision(id, 'a.txt', sample.replace('在日本首相高市早苗', '日相'));
    expect(lib.quotes.get(q.id).status).toBe('orphaned');
    const body = lib.articles.body(id);
    const at = body.indexOf('日相');
    lib.revisions.reselect(q.id, at - 1, at + 2);
    expect(lib.quotes.get(q.id)).toMatchObject({ status: 'exact', exact: '日相', reviewedAt: expect.any(String) });
    expect(lib.revisions.statusCounts(id).unreviewed).toBe(0);
    expect(() => lib.revisions.reselect(q.id, 0, body.length + 5)).toThrow(/not inside/);
  });

  it('new quotes anchor into the current revision', () => {
    const { lib, id } = setup();
    lib.revisions.importRevision(id, 'a.txt', `${sample}\n\n新段落。`);
    const body = lib.articles.body(id);
    const q = lib.quotes.create({ articleId: id, start: body.indexOf('新段落'), end: body.indexOf('新段落') + 3 });
    expect(q).toMatchObject({ revision: 2, status: 'exact' });
  });
});
