import { describe, expect, it } from 'vitest';
import { computeAgreement, listDisagreements } from '../../app/core/agreement';
import type { Library } from '../../app/core/library';
import { Service } from '../../app/api/service';
import { openLibrary } from './helpers';

/** Makes a quote by `author` (written as a synced quote would arrive) over [start, end) with `tags`; returns its id. */
function quoteBy(lib: Library, author: string, articleId: number, start: number, end: number, tags: string[]): number {
  const q = lib.quotes.create({ articleId, start, end, tags });
  lib.store.stmt('UPDATE quotes SET author_id = ?, author_name = ? WHERE id = ?').run(`id-${author}`, author, q.id);
  return q.id;
}

describe('disagreement spans', () => {
  it('lists the runs only one of two coders coded, with each side and its quote (worked by hand)', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', 'abcdefghij');
    // X codes a–e, Y codes d–h: X alone on a–c, both on d–e, Y alone on f–h, nobody on i–j.
    const x = quoteBy(lib, 'X', article.id, 0, 5, ['topic/x']);
    const y = quoteBy(lib, 'Y', article.id, 3, 8, ['topic/x']);
    // Another tag and a deleted quote change nothing here.
    quoteBy(lib, 'X', article.id, 8, 10, ['topic/y']);
    lib.quotes.delete(quoteBy(lib, 'Y', article.id, 8, 10, ['topic/x']));
    const r = listDisagreements(lib, { tag: 'topic', focus: 'topic/x' });
    expect(r.coders).toEqual(['X', 'Y']);
    expect(r.tag).toBe('topic/x');
    expect([r.total, r.characters]).toEqual([2, 6]);
    expect(r.spans.map((s) => [s.start, s.end, s.text, s.before, s.after, s.characters])).toEqual([
      [0, 3, 'abc', '', 'defghij', 3],
      [5, 8, 'fgh', 'abcde', 'ij', 3],
    ]);
    expect(r.spans[0]!.coders).toEqual([
      { coded: true, quotes: [{ id: x, exact: 'abcde' }] },
      { coded: false, quotes: [] },
    ]);
    expect(r.spans[1]!.coders).toEqual([
      { coded: false, quotes: [] },
      { coded: true, quotes: [{ id: y, exact: 'defgh' }] },
    ]);
    expect(r.spans[0]).toMatchObject({ articleId: article.id, title: article.title });
    // The characters in disagreement are exactly those the table counts as not agreed: 10 × (1 − 0.4) = 6.
    const table = computeAgreement(lib, { tag: 'topic' }).tags.find((t) => t.tag === 'topic/x')!;
    expect(10 * (1 - table.agreement!)).toBeCloseTo(r.characters, 12);
  });

  it('starts a new span where the split between three coders changes, and leaves out what all coded', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('b.txt', 'abcdefgh');
    // A a–f, B c–f, C e–h: ab {A}, cd {A,B}, ef all three (agreement), gh {C}.
    quoteBy(lib, 'A', article.id, 0, 6, ['t']);
    quoteBy(lib, 'B', article.id, 2, 6, ['t']);
    quoteBy(lib, 'C', article.id, 4, 8, ['t']);
    const r = listDisagreements(lib, { tag: 't' });
    expect(r.spans.map((s) => [s.text, s.coders.map((c) => c.coded)])).toEqual([
      ['ab', [true, false, false]],
      ['cd', [true, true, false]],
      ['gh', [false, false, true]],
    ]);
    // Units: 8, agreed on e–f only: agreement 2/8, so 6 characters in disagreement.
    expect(r.characters).toBe(6);
    expect(computeAgreement(lib, { tag: 't' }).tags[0]!.agreement).toBeCloseTo(0.25, 12);
  });

  it('joins touching quotes of one coder into one span that names both, and counts characters, not UTF-16 units', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('c.txt', '𠀀𠀁中文字');
    // X codes 𠀀𠀁 and 中文 as two quotes; Y codes nothing with t but is a coder through another tag.
    const first = quoteBy(lib, 'X', article.id, 0, 4, ['t']);
    const second = quoteBy(lib, 'X', article.id, 4, 6, ['t']);
    quoteBy(lib, 'Y', article.id, 6, 7, ['t/other']);
    const r = listDisagreements(lib, { tag: 't' });
    expect(r.spans).toHaveLength(1);
    expect(r.spans[0]).toMatchObject({ start: 0, end: 6, text: '𠀀𠀁中文', characters: 4, after: '字' });
    expect(r.spans[0]!.coders[0]!.quotes.map((q) => q.id)).toEqual([first, second]);
    expect(r.characters).toBe(4);
  });

  it('pages through spans in article order and keeps the total', () => {
    const lib = openLibrary();
    const a = lib.articles.importText('d.txt', 'one two three four').article;
    const b = lib.articles.importText('e.txt', 'five six').article;
    quoteBy(lib, 'P', b.id, 0, 4, ['t']);
    quoteBy(lib, 'P', a.id, 0, 3, ['t']);
    quoteBy(lib, 'P', a.id, 8, 13, ['t']);
    quoteBy(lib, 'Q', a.id, 14, 18, ['t']);
    const all = listDisagreements(lib, { tag: 't' });
    expect(all.spans.map((s) => s.text)).toEqual(['one', 'three', 'four', 'five']);
    const page = listDisagreements(lib, { tag: 't', offset: 1, limit: 2 });
    expect(page.spans.map((s) => s.text)).toEqual(['three', 'four']);
    expect([page.total, page.characters]).toEqual([4, all.characters]);
    // Only the articles asked for.
    expect(listDisagreements(lib, { tag: 't', articleIds: [b.id], coders: ['P', 'Q'] }).spans.map((s) => s.text)).toEqual(['five']);
  });

  it('refuses a focus outside the subtree, a window too large, and one coder; exports the table as a CSV file', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('f.txt', 'hello world');
    quoteBy(lib, 'A', article.id, 0, 5, ['媒體/框架']);
    quoteBy(lib, 'B', article.id, 6, 11, ['媒體/框架']);
    quoteBy(lib, 'A', article.id, 0, 5, ['other']);
    const service = new Service(lib, (e) => {
      throw e;
    });
    const outside = service.call('agreement:disagreements', { tag: '媒體', focus: 'other' });
    expect(!outside.ok && outside.error.code).toBe('invalid_request');
    expect(service.call('agreement:disagreements', { tag: '媒體', limit: 501 }).ok).toBe(false);
    const lone = service.call('agreement:disagreements', { tag: '媒體', coders: ['A'] });
    expect(!lone.ok && lone.error.message).toMatch(/at least two coders/);
    const ok = service.call('agreement:disagreements', { tag: '媒體', focus: '媒體/框架' });
    expect(ok.ok && (ok.value as { disagreements: { total: number } }).disagreements.total).toBe(2);
    const file = service.call('agreement:export', { tag: '媒體', bom: true });
    expect(file.ok).toBe(true);
    const f = file.ok ? (file.value as { filename: string; mime: string; content: string }) : undefined;
    expect(f?.filename).toBe('agreement-媒體.csv');
    expect(f?.mime).toBe('text/csv');
    expect(f?.content.startsWith('\uFEFFtag,agreement,kappa,alpha,coded_A,coded_B\r\n')).toBe(true);
    // 媒體/框架: A hello, B world, the space nobody: agreement 1/11.
    expect(f?.content).toContain(`媒體/框架,${1 / 11},`);
  });
});
