import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { autoLocale } from '../../app/core/cite/catalogue';
import { citeQuote, citeQuotes } from '../../app/core/cite/quote';
import { richText } from '../../app/core/cite/rich';
import { citationStyles } from '../../app/core/cite/styles';
import type { CslItem } from '../../app/core/cslItem';
import { exportToString } from '../../app/core/export';
import { Library } from '../../app/core/library';
import { MIGRATIONS, tempDir } from './helpers';

/** A book by two authors, one CJK and one Latin, so that the locale's "and" shows between them. */
const book = (id: string, language?: string): CslItem => ({
  id,
  type: 'book',
  title: 'T',
  author: [
    { family: '王', given: '小明' },
    { family: 'Kim', given: 'Minsu' },
  ],
  issued: { 'date-parts': [[2026, 1, 2]] },
  ...(language ? { language } : {}),
});

describe('the auto locale from a language', () => {
  it('maps Chinese by script, Japanese and Korean to their locales, other languages to en-US, and no language to the style’s own', () => {
    expect(autoLocale('zh-Hant')).toBe('zh-TW');
    expect(autoLocale('zh-Hant-HK')).toBe('zh-TW');
    expect(autoLocale('zh-TW')).toBe('zh-TW');
    expect(autoLocale('zh-Hans')).toBe('zh-CN');
    expect(autoLocale('zh')).toBe('zh-CN');
    expect(autoLocale('ja')).toBe('ja-JP');
    expect(autoLocale('ko-KR')).toBe('ko-KR');
    expect(autoLocale('en-GB')).toBe('en-US');
    expect(autoLocale('de')).toBe('en-US');
    expect(autoLocale('')).toBeNull();
    expect(autoLocale(null)).toBeNull();
    expect(autoLocale(undefined)).toBeNull();
  });
});

describe('citing with the auto locale', () => {
  let lib: Library;
  const q: Record<string, number> = {};
  beforeAll(() => {
    lib = Library.open(join(tempDir(), 'auto.db'), MIGRATIONS);
    const add = (name: string, text: string, csl: Record<string, unknown>) => {
      const { article } = lib.articles.importText(`${name}.txt`, text);
      lib.sources.set(article.id, csl);
      const body = lib.articles.get(article.id).body;
      const exact = text.split('\n\n').at(-1)!.slice(0, 8);
      const start = body.indexOf(exact);
      q[name] = lib.quotes.create({ articleId: article.id, start, end: start + exact.length }).id;
      return article;
    };
    // Sources recording no language: the article's (detected from its text) decides.
    const zh = add('zh', '習近平接見李在明\n\n第一段。\n\n南韓與中國要合作，雙方簽署多項協議，關係進一步深化。', {
      type: 'article-newspaper',
      title: '習近平接見李在明',
      author: [
        { family: '王', given: '小明' },
        { family: 'Kim', given: 'Minsu' },
      ],
      'container-title': '中央社',
      issued: { 'date-parts': [[2026, 1, 2]] },
    });
    const zh2 = add('zh2', '稀土管制\n\n北京宣布擴大稀土出口管制，範圍涵蓋更多種類的技術與設備。', {
      type: 'article-newspaper',
      title: '稀土管制',
      author: [{ family: '李', given: '大華' }],
      'container-title': '聯合報',
      issued: { 'date-parts': [[2025, 10, 9]] },
    });
    const en = add('en', 'Rare earths\n\nThe state controls rare earths and much else besides, the report says.', {
      type: 'article-journal',
      title: 'Rare earths',
      author: [
        { family: 'Smith', given: 'Alice' },
        { family: 'Jones', given: 'Bob' },
      ],
      'container-title': 'Journal of Things',
      issued: { 'date-parts': [[2024]] },
    });
    expect([zh.lang, zh2.lang, en.lang]).toEqual(['zh-Hant', 'zh-Hant', 'en']);
  });
  afterAll(() => lib.close());

  it('cites a Traditional Chinese article with zh-TW terms and an English one with en-US terms', () => {
    const style = 'harvard-cite-them-right';
    expect(citeQuote(lib, q.zh!, { style, locale: 'auto' }).citation).toBe('(王及Kim, 2026, 段 3)');
    expect(citeQuote(lib, q.en!, { style, locale: 'auto' }).citation).toBe('(Smith and Jones, 2024, para. 2)');
    // A locale named in the request wins over the article's language.
    expect(citeQuote(lib, q.zh!, { style, locale: 'en-US' }).citation).toBe('(王 and Kim, 2026, para. 3)');
  });

  it('is what the library’s choice of auto (or no choice) means', () => {
    expect(citationStyles(lib).chosen().locale).toBeNull();
    expect(citeQuote(lib, q.zh!, { style: 'chicago-author-date' }).citation).toBe('(王及Kim 2026, 段 3)');
    citationStyles(lib).choose({ style: 'chicago-author-date', locale: 'auto' });
    expect(citeQuote(lib, q.zh!).citation).toBe('(王及Kim 2026, 段 3)');
    citationStyles(lib).choose({ style: 'chicago-author-date', locale: 'en-US' });
    expect(citeQuote(lib, q.zh!).citation).toBe('(王 and Kim 2026, para. 3)');
    citationStyles(lib).choose({ style: 'apa', locale: null });
  });

  it('takes the language a work records over its article’s, and the style’s own locale when neither is known', () => {
    const styles = citationStyles(lib);
    const one = (item: CslItem, style = 'harvard-cite-them-right') => {
      const r = styles.format({ style, locale: 'auto' }, [item], [{ id: String(item.id) }]);
      return { locale: r.locale, citation: richText(r.citations[0]!) };
    };
    expect(one(book('a', 'zh-Hans'))).toEqual({ locale: 'zh-CN', citation: '(王和Kim, 2026)' });
    expect(one(book('b', 'ja'))).toEqual({ locale: 'ja-JP', citation: '(王とKim, 2026)' });
    expect(one(book('c', 'de'))).toEqual({ locale: 'en-US', citation: '(王 and Kim, 2026)' });
    // The work's own language wins over its article's.
    const r = styles.format({ style: 'harvard-cite-them-right', locale: 'auto' }, [book('d', 'en')], [{ id: 'd' }], () => 'zh-Hant');
    expect(richText(r.citations[0]!)).toBe('(王 and Kim, 2026)');
    // No language at all: the style's default-locale (GB/T: zh-CN, whose et al. is 等), else en-US.
    expect(one(book('e'), 'china-national-standard-gb-t-7714-2015-author-date')).toEqual({ locale: null, citation: '(王等, 2026)' });
    expect(one(book('f', 'en'), 'china-national-standard-gb-t-7714-2015-author-date')).toEqual({ locale: 'en-US', citation: '(王 et al., 2026)' });
    expect(one(book('g'))).toEqual({ locale: null, citation: '(王 and Kim, 2026)' });
  });

  it('gives each entry of a mixed bibliography its own language’s terms, in the order and heading of the most-cited language', () => {
    const apa = citeQuotes(lib, [q.en!, q.zh!, q.zh2!], { style: 'apa', locale: 'auto' });
    expect(apa.locale).toBe('zh-TW');
    expect(apa.citations.map((c) => richText(c.citation))).toEqual(['(Smith & Jones, 2024, para. 2)', '(王 & Kim, 2026, 段 3)', '(李, 2025, 段 2)']);
    const entries = apa.bibliography.map((b) => richText(b.entry));
    expect(entries).toHaveLength(3);
    expect(entries.find((e) => e.startsWith('王小明'))).toContain('(2026, 一月 2)');
    expect(entries.find((e) => e.startsWith('Smith'))).toBe('Smith, A., & Jones, B. (2024). Rare earths. Journal of Things.');
    // With one work of each language the first cited decides.
    expect(citeQuotes(lib, [q.en!, q.zh!], { style: 'apa', locale: 'auto' }).locale).toBe('en-US');

    // A numeric style numbers the works alike in every locale: citations and entries agree.
    const gbt = citeQuotes(lib, [q.en!, q.zh!, q.zh2!], { style: 'china-national-standard-gb-t-7714-2015-numeric', locale: 'auto' });
    expect(gbt.citations.map((c) => richText(c.citation))).toEqual(['[1]', '[2]', '[3]']);
    expect(gbt.bibliography.map((b) => richText(b.entry).slice(0, 4))).toEqual(['[1] ', '[2] ', '[3] ']);
    expect(richText(gbt.bibliography[0]!.entry)).toContain('SMITH A, JONES B');
  });

  it('heads an exported note’s bibliography in the language of its works', () => {
    const doc = (ids: number[]) => ({
      type: 'doc',
      content: [...ids.map((quoteId) => ({ type: 'quote_embed', attrs: { quoteId } })), { type: 'bibliography' }],
    });
    const zhNote = lib.notes.create({ title: '筆記', doc: doc([q.zh!, q.zh2!, q.en!]) }).id;
    const md = exportToString(lib, { format: 'md', scope: { kind: 'note', noteId: zhNote }, style: 'apa' }, { generator: 'test' }).content;
    expect(md).toContain('> — (王 & Kim, 2026, 段 3)');
    expect(md).toContain('> — (Smith & Jones, 2024, para. 2)');
    expect(md).toContain('### 參考文獻');
    const enNote = lib.notes.create({ title: 'Note', doc: doc([q.en!]) }).id;
    expect(exportToString(lib, { format: 'md', scope: { kind: 'note', noteId: enNote }, style: 'apa' }, { generator: 'test' }).content).toContain(
      '### References',
    );
  });
});
