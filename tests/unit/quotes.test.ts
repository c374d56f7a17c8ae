import { describe, expect, it } from 'vitest';
import { findOccurrence, trimRange } from '../../app/core/quotes';
import { codePointToUtf16, utf16ToCodePoint } from '../../app/core/text';
import { SAMPLE, openLibrary } from './helpers';

function withArticle(text = '標題\n\n𠮷野家在東京。李在明訪問中國，李在明會見習近平。\n\nSecond paragraph here.') {
  const lib = openLibrary();
  const { article } = lib.articles.importText('a.txt', text);
  return { lib, id: article.id, body: lib.articles.body(article.id) };
}

describe('quotes', () => {
  it('keeps exact text with prefix/suffix context and UTF-16 positions', () => {
    const { lib, id, body } = withArticle();
    const start = body.indexOf('李在明會見');
    const q = lib.quotes.create({ articleId: id, start, end: start + 5, comment: '第二次' });
    expect(q.exact).toBe('李在明會見');
    expect(q.prefix.endsWith('李在明訪問中國，')).toBe(true);
    expect(q.suffix.startsWith('習近平。')).toBe(true);
    expect(q.comment).toBe('第二次');
    expect(lib.quotes.list({ articleId: id }).map((x) => x.id)).toEqual([q.id]);
  });

  it('trims whitespace at the edges of a selection and refuses an all-whitespace one', () => {
    const { lib, id, body } = withArticle();
    const end = body.indexOf('Second') + 6;
    const start = body.indexOf('習近平。') + 4;
    const q = lib.quotes.create({ articleId: id, start, end });
    expect(q.exact).toBe('Second');
    expect(trimRange(' a b ', 0, 5)).toEqual([1, 4]);
    expect(() => lib.quotes.create({ articleId: id, start: start, end: start + 2 })).toThrow(/only whitespace/);
  });

  it('keeps selections across paragraphs', () => {
    const { lib, id, body } = withArticle();
    const start = body.indexOf('習近平。');
    const q = lib.quotes.create({ articleId: id, start, end: body.indexOf(' paragraph') });
    expect(q.exact).toBe('習近平。\n\nSecond');
  });

  it('handles astral characters: refuses splitting a pair, converts to code points', () => {
    const { lib, id, body } = withArticle();
    const at = body.indexOf('𠮷');
    expect(() => lib.quotes.create({ articleId: id, start: at + 1, end: at + 4 })).toThrow(/middle of a character/);
    const q = lib.quotes.create({ articleId: id, start: at, end: at + 3 });
    expect(q.exact).toBe('𠮷野');
    expect(utf16ToCodePoint(body, q.start)).toBe(4);
    expect(codePointToUtf16(body, 4)).toBe(q.start);
    expect(utf16ToCodePoint(body, q.end) - utf16ToCodePoint(body, q.start)).toBe(2);
  });

  it('rejects ranges outside the article and unknown articles', () => {
    const { lib, id, body } = withArticle();
    expect(() => lib.quotes.create({ articleId: id, start: 0, end: body.length + 1 })).toThrow(/not inside/);
    expect(() => lib.quotes.create({ articleId: 999, start: 0, end: 1 })).toThrow(/No article with id 999/);
  });

  it('finds the n-th occurrence', () => {
    expect(findOccurrence('abcabcabc', 'abc', 1)).toBe(0);
    expect(findOccurrence('abcabcabc', 'abc', 3)).toBe(6);
    expect(findOccurrence('abcabcabc', 'abc', 4)).toBe(-1);
    expect(findOccurrence('aaaa', 'aa', 2)).toBe(1);
  });

  it('lists in text order and survives reopening the database', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importFile(SAMPLE);
    const body = lib.articles.body(article.id);
    const late = lib.quotes.create({ articleId: article.id, start: body.indexOf('高市早苗'), end: body.indexOf('高市早苗') + 4 });
    const early = lib.quotes.create({ articleId: article.id, start: 0, end: 9 });
    expect(lib.quotes.list({ articleId: article.id }).map((q) => q.id)).toEqual([early.id, late.id]);
    expect(lib.articles.summary(article.id).quoteCount).toBe(2);
  });
});

describe('tags', () => {
  it('creates the hierarchy from paths, case-insensitively among siblings', () => {
    const { lib, id } = withArticle();
    const q = lib.quotes.create({ articleId: id, start: 0, end: 2, tags: ['region/Korea', 'people'] });
    expect(q.tags).toEqual(['people', 'region/Korea']);
    lib.quotes.tag(q.id, ['REGION/korea/Seoul', 'Region/Japan']);
    const tags = lib.tags.list();
    expect(tags.map((t) => t.path)).toEqual(['people', 'region', 'region/Japan', 'region/Korea', 'region/Korea/Seoul']);
    expect(tags.find((t) => t.path === 'region/Korea')!.count).toBe(1);
    expect(tags.find((t) => t.path === 'region')!.count).toBe(0);
  });

  it('filters quotes by a tag and its descendants', () => {
    const { lib, id } = withArticle();
    const a = lib.quotes.create({ articleId: id, start: 0, end: 1, tags: ['region/Korea/Seoul'] });
    const b = lib.quotes.create({ articleId: id, start: 1, end: 2, tags: ['region/Japan'] });
    lib.quotes.create({ articleId: id, start: 4, end: 6, tags: ['people'] });
    expect(lib.quotes.list({ tag: 'region' }).map((q) => q.id)).toEqual([a.id, b.id]);
    expect(lib.quotes.list({ tag: 'Region/KOREA' }).map((q) => q.id)).toEqual([a.id]);
    expect(() => lib.quotes.list({ tag: 'nope' })).toThrow(/No tag named "nope"/);
  });

  it('untags, and refuses malformed tag paths', () => {
    const { lib, id } = withArticle();
    const q = lib.quotes.create({ articleId: id, start: 0, end: 1, tags: ['a/b', 'c'] });
    expect(lib.quotes.untag(q.id, ['A/B']).tags).toEqual(['c']);
    expect(() => lib.quotes.tag(q.id, ['a//b'])).toThrow(/not a tag name/);
    expect(() => lib.quotes.tag(q.id, ['  '])).toThrow(/not a tag name/);
    expect(lib.quotes.get(q.id).tags).toEqual(['c']);
  });
});

describe('trash', () => {
  it('soft-deletes and restores with tags and comment intact', () => {
    const { lib, id } = withArticle();
    const q = lib.quotes.create({ articleId: id, start: 0, end: 2, tags: ['keep'], comment: 'note' });
    lib.quotes.delete(q.id);
    expect(lib.quotes.list()).toHaveLength(0);
    expect(lib.quotes.list({ state: 'trash' }).map((x) => x.id)).toEqual([q.id]);
    expect(() => lib.quotes.update(q.id, { comment: 'x' })).toThrow(/in the trash/);
    const back = lib.quotes.restore(q.id);
    expect(back.deletedAt).toBeNull();
    expect(back.tags).toEqual(['keep']);
    expect(back.comment).toBe('note');
    expect(() => lib.quotes.restore(q.id)).toThrow(/not in the trash/);
  });
});

describe('articles', () => {
  it('does not duplicate an identical re-import and keeps the sample once', () => {
    const lib = openLibrary();
    const first = lib.articles.importFile(SAMPLE);
    const again = lib.articles.importFile(SAMPLE);
    expect(first.created).toBe(true);
    expect(again.created).toBe(false);
    expect(again.article.id).toBe(first.article.id);
    expect(lib.articles.list()).toHaveLength(1);
  });

  it('imports the sample on first open only, even after the user removes it', () => {
    const lib = openLibrary();
    expect(lib.importSampleOnce(SAMPLE)).toBeGreaterThan(0);
    lib.store.db.prepare('DELETE FROM articles').run();
    expect(lib.importSampleOnce(SAMPLE)).toBeUndefined();
    expect(lib.articles.list()).toHaveLength(0);
  });

  it('renames an article', () => {
    const { lib, id } = withArticle();
    expect(lib.articles.rename(id, '  新  標題 ').title).toBe('新 標題');
    expect(() => lib.articles.rename(id, '   ')).toThrow(/cannot be empty/);
  });
});
