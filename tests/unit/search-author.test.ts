import { describe, expect, it } from 'vitest';
import type { Library } from '../../app/core/library';
import { parseQuery } from '../../app/core/search/query';
import { authorToken } from '../../app/core/search/search';
import { setPersonName } from '../../app/sync/setup';
import { openLibrary } from './helpers';

const TEXT = '北韓外交部發表談話，批評美韓聯合軍演。韓國統一部表示將持續關注 semiconductor exports.';

/** A library with quotes by Ana (made here), by 柏宇 and by "Bo Lee" (as sync writes them), and one without an author. */
function library(): { lib: Library; ids: { anonymous: number; ana: number; bo: number; lee: number } } {
  const lib = openLibrary();
  const { article } = lib.articles.importText('a.txt', TEXT);
  const other = lib.articles.importText('b.txt', '另一篇文章，談論半導體。').article;
  setPersonName(lib, 'Ana');
  const ana = lib.quotes.create({ articleId: article.id, start: 2, end: 5, comment: '外交部' }).id;
  const insert = lib.store.db.prepare(
    `INSERT INTO quotes (uuid, article_id, exact, start, "end", created_at, updated_at, author_id, author_name) VALUES (?, ?, ?, ?, ?, 'x', 'x', ?, ?)`,
  );
  const bo = Number(insert.run('u1', article.id, '批評美韓', 10, 14, 'p2', '柏宇').lastInsertRowid);
  const lee = Number(insert.run('u2', other.id, '半導體', 9, 12, 'p3', 'Bo Lee').lastInsertRowid);
  const anonymous = Number(insert.run('u3', article.id, '北韓', 0, 2, '', '').lastInsertRowid);
  return { lib, ids: { anonymous, ana, bo, lee } };
}

const found = (lib: Library, query: string, kinds: ('quotes' | 'articles')[] = ['quotes']) =>
  lib.search
    .run({ query, kinds, limit: 0 })
    .results.map((r) => r.id)
    .sort((a, b) => a - b);

describe('author: in search', () => {
  it('parses author:NAME and author:"A NAME", negated too, and asks for a name when there is none', () => {
    expect(parseQuery('author:Ana 北韓').filters).toEqual([{ field: 'author', value: 'Ana', negated: false }]);
    expect(parseQuery('-author:"Bo Lee"').filters).toEqual([{ field: 'author', value: 'Bo Lee', negated: true }]);
    expect(parseQuery('AUTHOR:柏宇').filters).toEqual([{ field: 'author', value: '柏宇', negated: false }]);
    expect(parseQuery('author:""').problems).toEqual(['"author:" needs a name, like author:Ana or author:"Ana Lee".']);
    // "author:" followed by a space is text, as other fields are.
    expect(parseQuery('author: Ana').filters).toEqual([]);
  });

  it('writes the token as SQLite does: hex of the UTF-8 name with ASCII letters lower-cased', () => {
    const lib = openLibrary();
    for (const name of ['Ana', 'BO LEE', '柏宇', 'Ñandú', '🙂x']) {
      const sql = lib.store.db.prepare("SELECT char(57345) || 'u' || lower(hex(lower(?))) AS t").get(name) as { t: string };
      expect(authorToken(name)).toBe(sql.t);
    }
  });

  it('finds the quotes each author made, ignoring ASCII case, alone or with text, and articles holding them', () => {
    const { lib, ids } = library();
    expect(found(lib, 'author:ana')).toEqual([ids.ana]);
    expect(found(lib, 'author:柏宇')).toEqual([ids.bo]);
    expect(found(lib, 'author:"bo lee"')).toEqual([ids.lee]);
    expect(found(lib, 'author:Bo')).toEqual([]);
    expect(found(lib, '美韓 author:柏宇')).toEqual([ids.bo]);
    expect(found(lib, '美韓 author:Ana')).toEqual([]);
    expect(found(lib, '外交部 OR 半導體 -author:Ana')).toEqual([ids.lee]);
    expect(found(lib, 'author:Ana', ['articles'])).toEqual([lib.quotes.get(ids.ana).articleId]);
    expect(lib.search.run({ query: 'author:nobody', kinds: ['quotes'] })).toMatchObject({ total: 0, results: [] });
    // The quotes panel and All quotes filter the same way.
    expect(lib.quotes.list({ author: 'BO LEE' }).map((q) => q.id)).toEqual([ids.lee]);
    expect(lib.quotes.count({ author: 'ana' })).toBe(1);
    expect(lib.quotes.count({ author: '柏宇', articleId: lib.quotes.get(ids.bo).articleId })).toBe(1);
  });

  it('follows the author: a name given later, a trashed quote, a restored one', () => {
    const { lib, ids } = library();
    lib.store.db.prepare("UPDATE quotes SET author_name = 'Cleo' WHERE id = ?").run(ids.bo);
    expect(found(lib, 'author:柏宇')).toEqual([]);
    expect(found(lib, 'author:cleo')).toEqual([ids.bo]);
    lib.quotes.delete(ids.ana);
    expect(found(lib, 'author:Ana')).toEqual([]);
    lib.quotes.restore(ids.ana);
    expect(found(lib, 'author:Ana')).toEqual([ids.ana]);
    // A rebuilt index holds the same tokens.
    lib.searchIndex.rebuild();
    expect(found(lib, 'author:cleo')).toEqual([ids.bo]);
    expect(found(lib, 'author:Ana')).toEqual([ids.ana]);
  });

  it('reads the articles of an author through the quotes_author index, not by scanning quotes', () => {
    const { lib } = library();
    const plan = lib.store.db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT DISTINCT article_id AS id FROM quotes WHERE author_name = ? COLLATE NOCASE AND author_name <> '' AND +deleted_at IS NULL",
      )
      .all('Ana') as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INDEX quotes_author/);
    const list = lib.store.db
      .prepare("EXPLAIN QUERY PLAN SELECT * FROM quotes q WHERE +q.deleted_at IS NULL AND q.author_name = ? COLLATE NOCASE AND q.author_name <> ''")
      .all('Ana') as { detail: string }[];
    expect(list.map((p) => p.detail).join(' ')).toMatch(/USING INDEX quotes_author/);
  });
});
