import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import { parse as parseCsv } from 'csv-parse/sync';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { exportToString, runExport, type ExportFormatName, type ExportScope } from '../../app/core/export';
import { joinCitationFields } from '../../app/core/cite/names';
import { CSV_COLUMNS } from '../../app/core/export/csv';
import { parseReferences } from '../../app/core/import/sources';
import type { Library } from '../../app/core/library';
import { buildLibrary, cslValidator, w3cValidators } from './exchange-fixture';
import { TESTDATA, openLibrary } from './helpers';

const HOST = { generator: 'Apostil test' };

/** The parts of an exported annotation the tests look at. */
interface Annotation {
  id: string;
  motivation: string;
  body?: unknown;
  target: { scope?: string; selector: [{ exact: string }, { start: number; end: number }] };
}

/** A CSL item as the tests read it. */
interface Item {
  id: string;
  title?: string;
  issued: { 'date-parts': number[][] };
  author?: Record<string, string>[];
  [key: string]: unknown;
}

function run(lib: Library, format: ExportFormatName, scope: ExportScope = { kind: 'all' }, bom = false): string {
  return exportToString(lib, { format, scope, bom }, HOST).content;
}

describe('W3C Web Annotation export', () => {
  it('validates against every MUST assertion of the W3C test suite, with code-point positions', () => {
    const lib = openLibrary();
    const built = buildLibrary(lib);
    const v = w3cValidators();
    const sample = JSON.parse(readFileSync(join(TESTDATA, 'web-annotation/tools/samples/correct/anno1.json'), 'utf8'));
    expect(v.annotation(sample)).toEqual([]);
    expect(v.annotation({ ...sample, id: ['a', 'b'] }).length).toBeGreaterThan(0);

    const doc = JSON.parse(run(lib, 'w3c'));
    expect(v.collection(doc)).toEqual([]);
    expect(v.page(doc)).toEqual([]);
    expect(v.page({ '@context': doc['@context'], ...doc.first })).toEqual([]);
    const items = doc.first.items as Annotation[];
    expect(doc.total).toBe(items.length);
    expect(items).toHaveLength(6);
    for (const item of items) expect(v.annotation(item), JSON.stringify(item)).toEqual([]);

    const astral = items.find((i) => i.id === `urn:uuid:${lib.quotes.get(built.quotes.astral).uuid}`)!;
    const [quoteSel, posSel] = astral.target.selector;
    expect(quoteSel).toEqual({ type: 'TextQuoteSelector', exact: '𠮷野家與李在明', prefix: '韓美關稅協議\n\n', suffix: expect.stringMatching(/^。李在明說/) });
    expect(posSel).toEqual({ type: 'TextPositionSelector', start: 8, end: 15 });
    const body = [...lib.articles.body(built.a)];
    expect(body.slice(posSel.start, posSel.end).join('')).toBe('𠮷野家與李在明');
    expect(astral.body).toEqual([
      expect.objectContaining({ type: 'TextualBody', purpose: 'commenting', value: expect.stringContaining('<script>') }),
      { type: 'TextualBody', purpose: 'tagging', value: 'region/Korea' },
      { type: 'TextualBody', purpose: 'tagging', value: '人物' },
    ]);
    expect(astral.target.scope).toBe('https://news.example.org/a/1');
    const end = items.find((i) => i.target.selector[0].exact === 'ＴＨＡＡＤ。')!;
    expect(end.target.selector[1].end).toBe(body.length);
    expect(end.body).toBeUndefined();
    expect(end.motivation).toBe('highlighting');
  });

  it('writes an empty but valid collection when nothing is in scope', () => {
    const lib = openLibrary();
    lib.articles.importText('x.txt', '沒有引文的文章');
    const doc = JSON.parse(run(lib, 'w3c', { kind: 'article', articleId: 1 }));
    expect(doc.total).toBe(0);
    expect(w3cValidators().collection(doc)).toEqual([]);
  });
});

describe('CSL-JSON, BibTeX and RIS export', () => {
  it('writes CSL-JSON that the CSL schema accepts, one item per source', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const items = JSON.parse(run(lib, 'csl'));
    expect(cslValidator()(items)).toEqual([]);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({ type: 'article-newspaper', title: '韓美關稅協議', 'container-title': '範例通訊社', URL: 'https://news.example.org/a/1' });
    expect(items[1]).toMatchObject({ type: 'article-newspaper', title: '東京と京都の違い' });
  });

  it('round-trips the CJK example items through CSL-JSON, BibTeX and RIS', () => {
    const lib = openLibrary();
    const cjk = JSON.parse(readFileSync(join(TESTDATA, 'csl/cjk-examples/cjk-items.json'), 'utf8')) as Item[];
    cjk.forEach((item, i) => {
      const id = lib.articles.importText(`a${i}.txt`, `文章 ${i}`).article.id;
      lib.sources.set(id, item);
    });
    const csl = JSON.parse(run(lib, 'csl'));
    expect(cslValidator()(csl)).toEqual([]);
    expect(csl).toEqual(cjk);

    const bib = plugins.input.chain(run(lib, 'bibtex'), { forceType: '@bibtex/text', generateGraph: false, target: '@csl/list+object' });
    expect(bib).toHaveLength(cjk.length);
    bib.forEach((item, i) => {
      const original = cjk[i]!;
      expect(item.title).toBe(original.title);
      expect(item.issued).toEqual({ 'date-parts': [original.issued['date-parts'][0]] });
      for (const key of ['container-title', 'URL', 'DOI', 'publisher', 'ISBN'] as const)
        if (original[key] && item.type !== 'document') expect(item[key]).toBe(original[key]);
      if (original.author) {
        expect((item.author as Record<string, string>[]).map((n) => n.family ?? n.literal)).toEqual(original.author.map((n) => n.family ?? n.literal));
      }
    });

    // Through Apostil's own import, the newspaper article stays one, with its full date, accessed date and language.
    const bibBack = parseReferences('x.bib', 'bibtex', run(lib, 'bibtex'));
    const news = cjk.find((item) => item.type === 'article-newspaper')!;
    expect(bibBack[cjk.indexOf(news)]).toMatchObject({
      type: 'article-newspaper',
      issued: news.issued,
      accessed: news.accessed,
      language: news.language,
      note: news.note,
    });
    expect(bibBack.filter((item) => item.type === 'article-journal')).toHaveLength(cjk.filter((item) => item.type === 'article-journal').length);

    const risText = run(lib, 'ris');
    expect(risText).toContain('DA  - 2026/01/02/');
    const ris = parseReferences('x.ris', 'ris', risText);
    expect(ris).toHaveLength(cjk.length);
    ris.forEach((item, i) => {
      const original = cjk[i]!;
      for (const key of ['title', 'type', 'container-title', 'URL', 'DOI', 'publisher', 'language'] as const)
        expect(item[key], `${original.id} ${key}`).toEqual(original[key]);
      expect((item.issued as { 'date-parts': number[][] })['date-parts'][0], original.id).toEqual(original.issued['date-parts'][0]);
      expect((item.author as Record<string, string>[] | undefined)?.map((n) => n.family ?? n.literal)).toEqual(
        original.author?.map((n) => n.family ?? n.literal),
      );
    });
  });

  it('a newspaper article keeps its type, day, accessed date and language through BibTeX and RIS, without an added note', () => {
    const lib = openLibrary();
    const item = {
      id: 'cna',
      type: 'article-newspaper',
      title: '習近平將接待李在明',
      author: [{ literal: '中央社' }],
      'container-title': '中央通訊社',
      issued: { 'date-parts': [[2026, 1, 2]] },
      accessed: { 'date-parts': [[2026, 1, 3]] },
      language: 'zh-Hant',
      URL: 'https://www.cna.com.tw/news/1',
    };
    lib.sources.set(lib.articles.importText('a.txt', '文章').article.id, item);
    const bib = run(lib, 'bibtex');
    expect(bib).toMatch(/^@article\{cna,\n {2}entrysubtype = \{newspaper\},\n/);
    for (const line of ['year = {2026}', 'month = jan', 'day = {2}', 'date = {2026-01-02}', 'urldate = {2026-01-03}', 'langid = {zh-Hant}'])
      expect(bib).toContain(`  ${line},\n`);
    const fields = ['type', 'title', 'container-title', 'issued', 'accessed', 'language', 'URL'] as const;
    const pick = (x: Record<string, unknown>) => Object.fromEntries(fields.map((k) => [k, x[k]]));
    const [fromBib] = parseReferences('a.bib', 'bibtex', bib);
    expect(pick(fromBib!)).toEqual(pick(item));
    expect(fromBib).not.toHaveProperty('note');
    const [fromRis] = parseReferences('a.ris', 'ris', run(lib, 'ris'));
    expect(pick(fromRis!)).toEqual(pick(item));
    expect(fromRis!.author).toEqual([{ literal: '中央社' }]);
  });

  it('writes BibTeX that parses to the same items as citation-js’s reference output', () => {
    const lib = openLibrary();
    const items = JSON.parse(readFileSync(join(TESTDATA, 'csl/citation-js/bibtex-csl.json'), 'utf8')) as Record<string, unknown>[];
    items.forEach((item, i) => lib.sources.set(lib.articles.importText(`b${i}.txt`, `article ${i}`).article.id, item));
    const parse = (text: string) =>
      plugins.input
        .chain(text, { forceType: '@bibtex/text', generateGraph: false, target: '@csl/list+object' })
        .map((item) => Object.fromEntries(Object.entries(item).filter(([k]) => !['_graph', 'id', 'citation-key'].includes(k))));
    const ours = parse(run(lib, 'bibtex'));
    const reference = parse(readFileSync(join(TESTDATA, 'csl/citation-js/bibtex-output.bib'), 'utf8'));
    expect(ours).toEqual(reference);
  });
});

describe('CSV export', () => {
  it('writes one RFC 4180 row per live quote that a CSV parser reads back exactly', () => {
    const lib = openLibrary();
    const built = buildLibrary(lib);
    const text = run(lib, 'csv');
    expect(text.startsWith('\uFEFF')).toBe(false);
    expect(text).toContain('\r\n');
    const rows = parseCsv(text, { columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual([...CSV_COLUMNS]);
    expect(rows).toHaveLength(6);
    const astral = rows.find((r) => r.quote_id === String(built.quotes.astral))!;
    expect(astral).toMatchObject({
      quote: '𠮷野家與李在明',
      start: '8',
      end: '15',
      tags: 'region/Korea; 人物',
      comment: '𠮷 is astral; <script>alert(1)</script> & "quotes"',
      source_authors: '王小明、範例通訊社記者',
      source_container: '範例通訊社',
      source_url: 'https://news.example.org/a/1',
      article_date: '2025-11-03',
    });
    expect(rows.find((r) => r.quote_id === String(built.quotes.overlapA))!.comment).toBe('line one\nline two, with "comma"');
    expect(rows.find((r) => r.quote_id === String(built.quotes.plain))).toMatchObject({ source_type: '', article_title: '東京と京都の違い', quote: 'AI' });
    expect(rows.some((r) => r.quote_id === String(built.quotes.trashed))).toBe(false);
    const withBom = run(lib, 'csv', { kind: 'all' }, true);
    expect(withBom.startsWith('\uFEFFquote_id,')).toBe(true);
  });
});

describe('Markdown and HTML export', () => {
  it('writes an annotations report and notes as Markdown with quote embeds as cited blockquotes', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const md = run(lib, 'md');
    expect(
      md.startsWith('# All annotations\n\n## 韓美關稅協議\n\n王小明、範例通訊社記者，韓美關稅協議，範例通訊社，2025-11-03  \n<https://news.example.org/a/1>\n'),
    ).toBe(true);
    expect(md).toContain('> 𠮷野家與李在明\n\n**Tags:** `region/Korea`, `人物`  \n**Comment:** 𠮷 is astral; \\<script\\>alert(1)\\</script\\> & "quotes"');
    expect(md).toContain('**Comment:** \\# not a heading \\*not bold\\*');
    expect(md).toContain('# Notes\n\n## 關稅筆記\n\n#### 要點\n\n李在明**強調** see [link](https://example.org/x)');
    // The plain citation line names where the quote is: the paragraph of an article that is not a PDF.
    expect(md).toContain('> 𠮷野家與李在明\n>\n> — [王小明、範例通訊社記者，韓美關稅協議，範例通訊社，2025-11-03, para. 2](https://news.example.org/a/1)');
    expect(md).toContain('- 一 \\*star\\*');
    expect(md).not.toContain('第二段');
    expect(md).not.toContain('gone');
    expect(run(lib, 'md', { kind: 'quote', quoteId: 1 })).toBe(
      '> 𠮷野家與李在明\n>\n> — [王小明、範例通訊社記者，韓美關稅協議，範例通訊社，2025-11-03, para. 2](https://news.example.org/a/1)\n',
    );
    const one = run(lib, 'md', { kind: 'note', noteId: 1 });
    expect(one.startsWith('# 關稅筆記\n')).toBe(true);
    expect(one).toContain('> — 東京と京都の違い');
  });

  it('heads an article report with its title once, and punctuates CJK citation fields with full-width commas', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const md = run(lib, 'md', { kind: 'article', articleId: 1 });
    expect(md.startsWith('# 韓美關稅協議\n\n王小明、範例通訊社記者，韓美關稅協議，範例通訊社，2025-11-03  \n')).toBe(true);
    expect(md).not.toContain('## 韓美關稅協議');
    const html = run(lib, 'html', { kind: 'article', articleId: 1 });
    expect(html).not.toContain('<h2>韓美關稅協議</h2>');
    expect(joinCitationFields(['', '李在明：中韓應合作。', '中央社', '2025-12-15'])).toBe('李在明：中韓應合作。中央社，2025-12-15');
    expect(joinCitationFields(['Alice Adams', 'Is it over?', 'The Outlet', '2025-12-15'])).toBe('Alice Adams, Is it over? The Outlet, 2025-12-15');
    expect(joinCitationFields(['Alice Adams', '韓美關稅協議', undefined, '2025'])).toBe('Alice Adams，韓美關稅協議，2025');
  });

  it('writes a self-contained, printable HTML report with escaped content and no scripts', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const html = run(lib, 'html');
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;');
    expect(html).not.toMatch(/\s(src|on\w+)=/i);
    expect(html).not.toMatch(/<link\b|@import|url\(/i);
    expect(html).toContain('Noto Serif CJK TC');
    expect(html).toContain('<html lang="zh-Hant">');
    const doc = parseDocument(html);
    const text = DomUtils.textContent(doc);
    expect(text).toContain('𠮷野家與李在明');
    expect(DomUtils.getElementsByTagName('blockquote', doc).length).toBeGreaterThanOrEqual(8);
    expect(DomUtils.getElementsByTagName('a', doc).every((a) => /^https:/.test(DomUtils.getAttributeValue(a, 'href') ?? ''))).toBe(true);
    expect(html).toContain('<strong>強調</strong>');
  });
});

describe('REFI-QDA codebook export', () => {
  it('writes the tag hierarchy as nested codes with GUIDs and colours', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const xml = run(lib, 'qdc');
    const doc = parseDocument(xml, { xmlMode: true });
    const book = DomUtils.findOne((e) => e.name === 'CodeBook', doc.children)!;
    expect(DomUtils.getAttributeValue(book, 'xmlns')).toBe('urn:QDA-XML:codebook:1.0');
    const codes = DomUtils.getElementsByTagName('Code', doc);
    expect(codes.map((c) => DomUtils.getAttributeValue(c, 'name')).sort()).toEqual(['AI', 'Korea', 'chips', 'region', 'tech', '人物'].sort());
    for (const c of codes) {
      expect(DomUtils.getAttributeValue(c, 'guid')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(DomUtils.getAttributeValue(c, 'isCodable')).toBe('true');
    }
    const region = codes.find((c) => DomUtils.getAttributeValue(c, 'name') === 'region')!;
    expect(DomUtils.getAttributeValue(region, 'color')).toBe('#FF8800');
    expect(DomUtils.getElementsByTagName('Code', region.children).map((c) => DomUtils.getAttributeValue(c, 'name'))).toEqual(['Korea']);
    const tech = run(lib, 'qdc', { kind: 'tag', tag: 'tech' });
    expect(tech).toContain('name="tech"');
    expect(tech).not.toContain('name="region"');
  });
});

describe('export scopes and streaming', () => {
  it('exports one article, a tag with its children, and one note', () => {
    const lib = openLibrary();
    const built = buildLibrary(lib);
    const rows = (scope: ExportScope) => (parseCsv(run(lib, 'csv', scope), { columns: true }) as { quote_id: string }[]).map((r) => Number(r.quote_id));
    expect(rows({ kind: 'article', articleId: built.b })).toEqual([built.quotes.plain]);
    expect(rows({ kind: 'tag', tag: 'tech' })).toEqual([built.quotes.overlapA, built.quotes.overlapB]);
    expect(rows({ kind: 'tag', tag: 'REGION' })).toEqual([built.quotes.start, built.quotes.astral]);
    expect(rows({ kind: 'note', noteId: built.note })).toEqual([built.quotes.astral, built.quotes.plain]);
    expect(rows({ kind: 'query', query: '李在明' })).toEqual([built.quotes.astral, built.quotes.overlapA]);
    expect(rows({ kind: 'query', query: 'ai -tag:tech' })).toEqual([built.quotes.plain]);
    expect(rows({ kind: 'query', query: '不存在' })).toEqual([]);
    expect(() => run(lib, 'csv', { kind: 'tag', tag: 'nope' })).toThrow(/No tag named "nope"/);
    expect(() => run(lib, 'md', { kind: 'note', noteId: built.trashedNote })).toThrow(/in the trash/);
    const info = exportToString(lib, { format: 'csl', scope: { kind: 'tag', tag: 'tech' } }, HOST);
    expect(info.filename).toMatch(/^apostil-tag-tech-\d{4}-\d{2}-\d{2}\.csl\.json$/);
    expect(info.mime).toBe('application/vnd.citationstyles.csl+json');
  });

  it('streams large exports in pieces instead of one string', () => {
    const lib = openLibrary();
    const body = Array.from({ length: 300 }, (_, i) => `第${i}段：李在明說 AI 晶片 𠮷。`).join('\n\n');
    const id = lib.articles.importText('big.txt', body).article.id;
    lib.store.tx(() => {
      for (let at = body.indexOf('李在明'); at >= 0; at = body.indexOf('李在明', at + 1))
        lib.quotes.create({ articleId: id, start: at, end: at + 3, tags: ['x'] });
    });
    for (const format of ['csv', 'json', 'w3c'] as const) {
      const chunks: string[] = [];
      runExport(lib, { format, scope: { kind: 'all' } }, (c) => chunks.push(c), HOST);
      expect(chunks.length, format).toBeGreaterThan(format === 'csv' ? 1 : 300);
      expect(Math.max(...chunks.map((c) => c.length)), format).toBeLessThan(format === 'csv' ? 200_000 : 20_000);
    }
  });

  it('serves export:run over the api with a suggested file name and media type', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const svc = new Service(lib);
    const r = svc.call('export:run', { format: 'w3c', scope: { kind: 'article', articleId: 2 } });
    expect(r.ok).toBe(true);
    const value = (r as { value: { filename: string; mime: string; content: string } }).value;
    expect(value.filename).toMatch(/^apostil-article-2-.*\.jsonld$/);
    expect(JSON.parse(value.content).total).toBe(1);
    expect(svc.call('export:run', { format: 'pdf', scope: { kind: 'all' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('export:run', { format: 'md', scope: { kind: 'article' } })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('export:run', { format: 'md', scope: { kind: 'article', articleId: 99 } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});
