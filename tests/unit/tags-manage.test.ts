import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { openLibrary } from './helpers';

/** A library with one article and quotes tagged as given, one quote per entry. */
function tagged(...tagSets: string[][]) {
  const lib = openLibrary();
  const { article } = lib.articles.importText('a.txt', '標題\n\n' + tagSets.map((_, i) => `第${i}段文字。`).join('\n\n'));
  const body = lib.articles.body(article.id);
  const quotes = tagSets.map((tags, i) => {
    const start = body.indexOf(`第${i}段`);
    return lib.quotes.create({ articleId: article.id, start, end: start + 4, tags });
  });
  const id = (path: string) => lib.tags.require(path);
  const paths = () =>
    lib.tags
      .list()
      .map((t) => t.path)
      .sort();
  const tagsOf = (quoteId: number) => lib.quotes.get(quoteId).tags;
  return { lib, quotes, id, paths, tagsOf };
}

describe('tag management', () => {
  it('renames a tag; children and quotes follow the new path', () => {
    const { lib, quotes, id, paths, tagsOf } = tagged(['region/Korea', '外交'], ['region']);
    const renamed = lib.tags.rename(id('region'), '  地區  ');
    expect(renamed).toMatchObject({ name: '地區', path: '地區', count: 1, total: 2 });
    expect(paths()).toEqual(['地區', '地區/Korea', '外交']);
    expect(tagsOf(quotes[0]!.id)).toEqual(['地區/Korea', '外交']);
  });

  it('keeps names unique among siblings ignoring case, on rename and on move', () => {
    const { lib, id } = tagged(['region/Korea', 'region/Japan', 'korea', 'topic/japan']);
    expect(() => lib.tags.rename(id('region/Japan'), 'KOREA')).toThrow(/already a tag "Korea" under "region"/);
    expect(() => lib.tags.move(id('region/Korea'), null)).toThrow(/already a tag "korea" at the top level/);
    expect(() => lib.tags.move(id('topic/japan'), id('region'))).toThrow(/already a tag "Japan"/);
    // A change of case alone is a rename of the same tag, not a clash.
    expect(lib.tags.rename(id('region/Korea'), 'KOREA').path).toBe('region/KOREA');
    expect(() => lib.tags.rename(id('korea'), 'a/b')).toThrow(/cannot contain "\/"/);
    expect(() => lib.tags.rename(id('korea'), '  ')).toThrow(/not a tag name/);
  });

  it('recolours and clears a colour, refusing malformed ones', () => {
    const { lib, id } = tagged(['trade']);
    expect(lib.tags.setColor(id('trade'), '#3366cc').color).toBe('#3366cc');
    expect(lib.tags.setColor(id('trade'), null).color).toBeNull();
    expect(() => lib.tags.setColor(id('trade'), 'red')).toThrow(/not a colour/);
    expect(() => lib.tags.setColor(999, '#000000')).toThrow(/No tag with id 999/);
  });

  it('moves a subtree under another tag or to the top level, refusing cycles', () => {
    const { lib, quotes, id, paths, tagsOf } = tagged(['asia/east/Korea'], ['region']);
    const moved = lib.tags.move(id('asia/east'), id('region'));
    expect(moved.path).toBe('region/east');
    expect(paths()).toEqual(['asia', 'region', 'region/east', 'region/east/Korea']);
    expect(tagsOf(quotes[0]!.id)).toEqual(['region/east/Korea']);
    expect(() => lib.tags.move(id('region'), id('region/east/Korea'))).toThrow(/cannot move inside itself/);
    expect(() => lib.tags.move(id('region'), id('region'))).toThrow(/cannot move inside itself/);
    expect(lib.tags.move(id('region/east'), null).path).toBe('east');
    expect(() => lib.tags.move(id('east'), 999)).toThrow(/No tag with id 999/);
  });

  it('refuses a move or merge that would nest deeper than the limit', () => {
    const deep = Array.from({ length: 16 }, (_, i) => `d${i}`).join('/');
    const { lib, id } = tagged([deep], ['x/y']);
    expect(() => lib.tags.move(id('x'), id(deep))).toThrow(/at most 16 levels/);
    expect(() => lib.tags.merge(id('x'), id(deep))).toThrow(/at most 16 levels/);
  });

  it('merges two tags: quotes keep every tag, children move and same-named children merge', () => {
    const { lib, quotes, id, paths, tagsOf } = tagged(
      ['Korea', '外交'],
      ['South Korea/Seoul', 'South Korea/economy'],
      ['Korea/seoul', 'Korea'],
      ['South Korea'],
    );
    lib.tags.setColor(id('South Korea'), '#aa0000');
    const kept = lib.tags.merge(id('South Korea'), id('Korea'));
    expect(kept).toMatchObject({ path: 'Korea', color: '#aa0000', count: 3 });
    expect(paths()).toEqual(['Korea', 'Korea/economy', 'Korea/seoul', '外交']);
    expect(tagsOf(quotes[0]!.id)).toEqual(['Korea', '外交']);
    expect(tagsOf(quotes[1]!.id)).toEqual(['Korea/economy', 'Korea/seoul']);
    expect(tagsOf(quotes[2]!.id)).toEqual(['Korea', 'Korea/seoul']);
    expect(tagsOf(quotes[3]!.id)).toEqual(['Korea']);
    expect(lib.quotes.list({ tag: 'Korea' }).map((q) => q.id)).toEqual(quotes.map((q) => q.id));
  });

  it('keeps the colour of the tag merged into, and refuses merging into itself or its own subtree', () => {
    const { lib, id } = tagged(['a/b'], ['c']);
    lib.tags.setColor(id('a'), '#111111');
    lib.tags.setColor(id('c'), '#222222');
    expect(lib.tags.merge(id('a'), id('c')).color).toBe('#222222');
    expect(() => lib.tags.merge(id('c'), id('c'))).toThrow(/into itself/);
    expect(() => lib.tags.merge(id('c'), id('c/b'))).toThrow(/one of its own tags/);
  });

  it('deletes a tag with its subtree; the quotes stay with their other tags', () => {
    const { lib, quotes, id, paths, tagsOf } = tagged(['region/Korea', '外交'], ['region'], ['other']);
    lib.quotes.delete(quotes[1]!.id);
    expect(lib.tags.delete(id('region'))).toEqual({ tags: 2, quotes: 2 });
    expect(paths()).toEqual(['other', '外交']);
    expect(tagsOf(quotes[0]!.id)).toEqual(['外交']);
    expect(lib.quotes.list({ state: 'all' })).toHaveLength(3);
    expect(lib.quotes.restore(quotes[1]!.id).tags).toEqual([]);
  });

  it('logs each tag it renames, moves, merges or deletes, for windows to refetch', () => {
    const { lib } = tagged(['a/b'], ['a'], ['c']);
    const start = lib.changes.cursor();
    const [a, c] = [lib.tags.require('a'), lib.tags.require('c')];
    lib.tags.rename(a, 'z');
    lib.tags.merge(c, a);
    const tagChanges = lib.changes.since(start).changes.filter((ch) => ch.kind === 'tag');
    expect(tagChanges.map((ch) => [ch.id, ch.op])).toEqual([
      [a, 'put'],
      [c, 'delete'],
    ]);
  });

  it('is served through the channel table with validation', () => {
    const { lib, id } = tagged(['region/Korea'], ['Korea']);
    const svc = new Service(lib, () => undefined);
    expect(svc.call('tags:rename', { id: id('Korea'), name: '韓國' })).toMatchObject({ ok: true, value: { tag: { path: '韓國' } } });
    expect(svc.call('tags:update', { id: id('韓國'), color: '#00aa00' })).toMatchObject({ ok: true, value: { tag: { color: '#00aa00' } } });
    expect(svc.call('tags:move', { id: id('韓國'), parentId: id('region') })).toMatchObject({ ok: true, value: { tag: { path: 'region/韓國' } } });
    expect(svc.call('tags:merge', { id: id('region/韓國'), into: id('region/Korea') })).toMatchObject({
      ok: true,
      value: { tag: { path: 'region/Korea', count: 2, color: '#00aa00' } },
    });
    expect(svc.call('tags:move', { id: id('region'), parentId: id('region/Korea') })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('tags:rename', { id: id('region'), name: 'x', extra: 1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('tags:update', { id: id('region'), color: 'blue' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('tags:delete', { id: id('region') })).toEqual({ ok: true, value: { deleted: { tags: 2, quotes: 2 } } });
    expect(svc.call('tags:delete', { id: 12345 })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(svc.call('tags:list', {})).toEqual({ ok: true, value: { tags: [] } });
  });
});
