import { describe, expect, it } from 'vitest';
import { parseDate, parseQuery } from '../../app/core/search/query';

const texts = (q: string) => parseQuery(q).all.map((alts) => alts.map((p) => (p.quoted ? `"${p.text}"` : p.text)));

describe('search query language', () => {
  it('ANDs terms, keeps phrases, excludes and ORs', () => {
    expect(texts('稀土 韓國')).toEqual([['稀土'], ['韓國']]);
    expect(texts('"a phrase with spaces" x')).toEqual([['"a phrase with spaces"'], ['x']]);
    expect(texts('稀土 韓國 OR 南韓')).toEqual([['稀土'], ['韓國', '南韓']]);
    expect(texts('a OR b OR c')).toEqual([['a', 'b', 'c']]);
    const q = parseQuery('李在明 -習近平 -"東京 都"');
    expect(q.none).toEqual([
      { text: '習近平', quoted: false },
      { text: '東京 都', quoted: true },
    ]);
  });

  it('reads filters, with quoted values and negation', () => {
    const q = parseQuery('tag:"region/South Korea" -tag:todo article:12 source:Reuters before:2017-3 after:2015 in:quotes,articles 稀土');
    expect(q.filters).toEqual([
      { field: 'tag', value: 'region/South Korea', negated: false },
      { field: 'tag', value: 'todo', negated: true },
      { field: 'article', value: '12', negated: false },
      { field: 'source', value: 'Reuters', negated: false },
      { field: 'before', value: '2017-03', negated: false },
      { field: 'after', value: '2015', negated: false },
    ]);
    expect(q.kinds).toEqual(['quotes', 'articles']);
    expect(q.problems).toEqual([]);
    expect(texts('TAG:x')).toEqual([]);
  });

  it('treats malformed input as literal text, with a notice', () => {
    const open = parseQuery('"unbalanced 稀土');
    expect(open.all).toEqual([[{ text: 'unbalanced', quoted: false }], [{ text: '稀土', quoted: false }]]);
    expect(open.notices.join()).toMatch(/not closed/);
    expect(texts('OR')).toEqual([['OR']]);
    expect(texts('a OR')).toEqual([['a'], ['OR']]);
    expect(texts('OR OR b')).toEqual([['OR'], ['OR'], ['b']]);
    expect(texts('- -')).toEqual([['-'], ['-']]);
    expect(texts('http://x.org/a:b foo:bar')).toEqual([['http://x.org/a:b'], ['foo:bar']]);
    expect(texts('tag:')).toEqual([['tag:']]);
  });

  it('reports filter values it cannot use instead of guessing', () => {
    expect(parseQuery('article:abc').problems.join()).toMatch(/article number/);
    expect(parseQuery('before:2017-13').problems.join()).toMatch(/date like/);
    expect(parseQuery('after:2017-02-30').problems.join()).toMatch(/date like/);
    expect(parseQuery('in:images').problems.join()).toMatch(/in:quotes/);
    expect(parseDate('2017/3/5')).toBe('2017-03-05');
  });

  it('never throws, whatever it is given', () => {
    const alphabet = ['"', '-', ' ', 'OR', 'tag:', 'in:', 'before:', 'a', '稀', '\u0000', '\ud800', '(', ')', '*', ':', '𠮷', '\n'];
    let seed = 7;
    const next = () => (seed = (seed * 48271) % 2147483647);
    for (let i = 0; i < 3000; i++) {
      let q = '';
      for (let n = next() % 12; n > 0; n--) q += alphabet[next() % alphabet.length];
      expect(() => parseQuery(q)).not.toThrow();
    }
    expect(parseQuery('x'.repeat(5000)).notices.join()).toMatch(/first 2000 characters/);
    expect(parseQuery(Array.from({ length: 40 }, (_, i) => `t${i}`).join(' ')).all).toHaveLength(32);
  });
});
