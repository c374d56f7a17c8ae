import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import type { Channel, Request, Response } from '../../app/api/channels';
import { importFile, readAhead, type ImportInput } from '../../app/core/import';
import type { Library } from '../../app/core/library';
import { PageStarts, pageAt, pageRangeText, pageSpan } from '../../app/core/pages';
import { quoteJson } from '../../app/cli/output';
import { cli, openLibrary, SAMPLE, tempDir } from './helpers';
import { INTAKE } from './pageServer';

const REPORT = readFileSync(resolve(INTAKE, 'report.pdf'));

function api(lib: Library) {
  const service = new Service(lib, (...a: unknown[]) => console.error(...a));
  return <C extends Channel>(channel: C, req: Request<C>): Response<C> => {
    const r = service.call(channel, req);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as Response<C>;
  };
}

function quoteOf(lib: Library, articleId: number, text: string, length = text.length): number {
  const body = lib.articles.body(articleId);
  const start = body.indexOf(text);
  expect(start, text).toBeGreaterThanOrEqual(0);
  return lib.quotes.create({ articleId, start, end: start + length }).id;
}

describe('page spans', () => {
  it('finds the page of an offset, the pages of a range (its last character decides the last page) and writes a range with an en dash', () => {
    const starts = [0, 100, 250];
    expect([0, 99, 100, 249, 250, 10_000].map((o) => pageAt(starts, o))).toEqual([1, 1, 2, 2, 3, 3]);
    expect(pageSpan(starts, 10, 100)).toEqual({ first: 1, last: 1 });
    expect(pageSpan(starts, 10, 101)).toEqual({ first: 1, last: 2 });
    expect(pageSpan(starts, 120, 120)).toEqual({ first: 2, last: 2 });
    expect(pageRangeText({ first: 12, last: 12 })).toBe('12');
    expect(pageRangeText({ first: 12, last: 13 })).toBe('12–13');
  });

  it('reads stored page starts per revision and treats a damaged list as no pages', () => {
    const lib = openLibrary();
    const { article } = lib.articles.add({ title: 'T', body: 'T\n\nOne.\n\nTwo.', date: null, lang: 'en', url: null });
    lib.store.db.prepare('INSERT INTO revision_pages (article_id, revision, starts) VALUES (?, 1, ?)').run(article.id, '[0, 3]');
    const pages = new PageStarts(lib.store);
    expect(pages.of(article.id, 1)).toEqual([0, 3]);
    expect(pages.of(article.id, 2)).toBeNull();
    expect(pages.ofQuote({ articleId: article.id, revision: 1, start: 3, end: 7, status: 'exact' })).toEqual({ first: 2, last: 2 });
    expect(pages.ofQuote({ articleId: article.id, revision: 1, start: 3, end: 7, status: 'orphaned' })).toBeNull();
    lib.store.db.prepare('UPDATE revision_pages SET starts = ? WHERE article_id = ?').run('[5, 1]', article.id);
    expect(new PageStarts(lib.store).of(article.id, 1)).toBeNull();
  });
});

describe('page locators for PDF articles', () => {
  let read: ImportInput;
  beforeAll(async () => {
    read = await readAhead({ name: 'report.pdf', bytes: REPORT });
  });

  /** A library with the report imported, a source, and quotes on page 4, on page 1, and across pages 1–2. */
  function fixture() {
    const lib = openLibrary();
    const id = importFile(lib, read).articles[0]!.article.id;
    const call = api(lib);
    const onPage4 = quoteOf(lib, id, 'In the second column');
    const onPage1 = quoteOf(lib, id, '分析人士指出');
    // The last paragraph of page 1 and the first words of page 2.
    const body = lib.articles.body(id);
    const page2 = lib.articles.get(id).pageStarts![1]!;
    const start = body.lastIndexOf('業界人士表示', page2);
    const across = lib.quotes.create({ articleId: id, start, end: page2 + 4 }).id;
    expect(body.slice(start, page2 + 4)).toMatch(/^業界人士表示[\s\S]*東京の春$/);
    lib.sources.set(id, {
      type: 'report',
      title: 'Apostil PDF test report',
      author: [{ family: 'Whitfield', given: 'Jane' }],
      issued: { 'date-parts': [[2026, 3, 5]] },
    });
    return { lib, id, call, onPage4, onPage1, across };
  }

  it('articles:get and revisions:get carry where the pages start', () => {
    const { lib, id, call } = fixture();
    const article = call('articles:get', { id }).article;
    expect(article.pageStarts).toHaveLength(4);
    expect(article.pageStarts!.map((s) => article.body.slice(s, s + 4))).toEqual(['兩岸半導', '東京の春', '서울의 ', 'Two ']);
    expect(call('revisions:get', { articleId: id, revision: 1 }).revision.pageStarts).toEqual(article.pageStarts);
    const plain = lib.articles.add({ title: 'Plain', body: 'Plain\n\nText.', date: null, lang: 'en', url: null }).article.id;
    expect(call('articles:get', { id: plain }).article).not.toHaveProperty('pageStarts');
  });

  it('cite:quotes gives a page locator, and a range across a page break', () => {
    const { call, onPage4, onPage1, across } = fixture();
    const { citations } = call('cite:quotes', { ids: [onPage4, onPage1, across], style: 'apa' });
    expect(citations.map((c) => c.locator)).toEqual([
      { label: 'page', value: '4' },
      { label: 'page', value: '1' },
      { label: 'page', value: '1–2' },
    ]);
    expect(citations.map((c) => c.citation.map((r) => r.text).join(''))).toEqual([
      '(Whitfield, 2026, p. 4)',
      '(Whitfield, 2026, p. 1)',
      '(Whitfield, 2026, pp. 1–2)',
    ]);
  });

  it('Copy with citation (cite:quote) cites the page in every style, in the style’s words', () => {
    const { call, onPage4, across } = fixture();
    // The report mixes kana with Chinese, so it is read as Japanese and quoted in 「」.
    expect(call('cite:quote', { id: onPage4, style: 'apa' }).text).toMatch(/^「In the second column」\(Whitfield, 2026, p\. 4\)\n\n/);
    expect(call('cite:quote', { id: onPage4, style: 'ieee' }).citation).toBe('[1, p. 4]');
    expect(call('cite:quote', { id: onPage4, style: 'chicago-author-date' }).citation).toBe('(Whitfield 2026, 4)');
    expect(call('cite:quote', { id: onPage4, style: 'modern-language-association' }).citation).toBe('(Whitfield 4)');
    expect(call('cite:quote', { id: across, style: 'harvard-cite-them-right' }).citation).toBe('(Whitfield, 2026, pp. 1–2)');
  });

  it('a note’s embeds cite pages in Markdown for pandoc ([@key, p. 4]), in styled Markdown and in Word', () => {
    const { lib, id, call, onPage4, across } = fixture();
    const { note } = call('notes:create', {
      title: 'PDF note',
      doc: {
        type: 'doc',
        content: [
          { type: 'quote_embed', attrs: { quoteId: onPage4 } },
          { type: 'quote_embed', attrs: { quoteId: across } },
        ],
      },
    });
    const key = lib.sources.get(id)!.citationKey;
    const pandoc = call('export:run', { format: 'md', scope: { kind: 'note', noteId: note.id }, citations: 'pandoc', style: 'apa' }).content;
    expect(pandoc).toContain(`[@${key}, p. 4]`);
    expect(pandoc).toContain(`[@${key}, pp. 1–2]`);
    const styled = call('export:run', { format: 'md', scope: { kind: 'note', noteId: note.id }, style: 'apa' }).content;
    expect(styled).toContain('— (Whitfield, 2026, p. 4)');
    const docx = call('export:run', { format: 'docx', scope: { kind: 'note', noteId: note.id }, style: 'apa' });
    const xml = strFromU8(unzipSync(Buffer.from(docx.content, 'base64'))['word/document.xml']!);
    expect(xml.replace(/<[^>]+>/g, '')).toContain('(Whitfield, 2026, p. 4)');
    expect(xml.replace(/<[^>]+>/g, '')).toContain('(Whitfield, 2026, pp. 1–2)');
    // Without a style, Apostil's plain citation line names the pages too, in every format.
    const plain = call('export:run', { format: 'md', scope: { kind: 'note', noteId: note.id } }).content;
    expect(plain).toMatch(/> — .*Whitfield.*, p\. 4(\]\(.*\))?\n/);
    expect(plain).toMatch(/> — .*Whitfield.*, pp\. 1–2(\]\(.*\))?\n/);
    expect(call('export:run', { format: 'html', scope: { kind: 'note', noteId: note.id } }).content).toMatch(/<figcaption>— [^<]*Whitfield[^<]*, p\. 4/);
    const plainDocx = call('export:run', { format: 'docx', scope: { kind: 'note', noteId: note.id } });
    expect(strFromU8(unzipSync(Buffer.from(plainDocx.content, 'base64'))['word/document.xml']!).replace(/<[^>]+>/g, '')).toMatch(/Whitfield[^—]*, pp\. 1–2/);
  });

  it('a new revision without pages (pasted text) cites paragraphs again; the PDF revision keeps its pages', () => {
    const { lib, id, call, onPage4 } = fixture();
    expect(call('cite:quotes', { ids: [onPage4] }).citations[0]!.locator).toEqual({ label: 'page', value: '4' });
    lib.revisions.importRevision(id, 'report.txt', lib.articles.body(id).replace('The ministry', 'The ministry, it said,'), 'text');
    expect(call('cite:quotes', { ids: [onPage4] }).citations[0]!.locator?.label).toBe('paragraph');
    expect(call('articles:get', { id }).article).not.toHaveProperty('pageStarts');
    expect(call('revisions:get', { articleId: id, revision: 1 }).revision.pageStarts).toHaveLength(4);
  });

  it('the CLI’s quote shape has page on one page, and pages across a page break', () => {
    const { lib, id, onPage4, across } = fixture();
    const { body, pageStarts } = lib.articles.get(id);
    expect(quoteJson(lib.quotes.get(onPage4), body, pageStarts)).toMatchObject({ page: 4 });
    expect(quoteJson(lib.quotes.get(onPage4), body, pageStarts)).not.toHaveProperty('pages');
    expect(quoteJson(lib.quotes.get(across), body, pageStarts)).toMatchObject({ page: 1, pages: [1, 2] });
    expect(quoteJson(lib.quotes.get(across), body, null)).not.toHaveProperty('page');
  });

  it('articles from text keep paragraph locators', () => {
    const own = openLibrary();
    const { article } = own.articles.add({ title: 'Plain', body: 'Plain\n\nFirst paragraph.\n\nSecond paragraph here.', date: null, lang: 'en', url: null });
    const quote = quoteOf(own, article.id, 'Second paragraph');
    expect(api(own)('cite:quotes', { ids: [quote] }).citations[0]!.locator).toEqual({ label: 'paragraph', value: '3' });
  });
});

describe('apostil quotes --json', () => {
  it('carries page for a quote from a PDF and nothing for other articles; apostil cite cites the page', () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    const pdf = join(dir, 'report.pdf');
    writeFileSync(pdf, REPORT);
    expect(cli(db, 'import', SAMPLE).status).toBe(0);
    const imported = cli(db, 'import', pdf);
    expect(imported.status, imported.stderr).toBe(0);
    expect(cli(db, 'quote', '2', '--exact', 'In the second column').status).toBe(0);
    expect(cli(db, 'quote', '1', '--exact', '李在明').status).toBe(0);
    const listed = cli(db, 'quotes', '--json');
    expect(listed.status, listed.stderr).toBe(0);
    const { quotes } = listed.json() as { quotes: { id: number; articleId: number; page?: number; pages?: number[] }[] };
    const pdfQuote = quotes.find((q) => q.articleId === 2)!;
    expect(pdfQuote.page).toBe(4);
    expect(pdfQuote).not.toHaveProperty('pages');
    expect(quotes.find((q) => q.articleId === 1)).not.toHaveProperty('page');
    expect(cli(db, 'quotes', '--article', '2').stdout).toMatch(/@\d+–\d+ {2}p\. 4/);
    const cited = cli(db, 'cite', String(pdfQuote.id), '--style', 'apa', '--json');
    expect((cited.json() as { citation: string }).citation).toMatch(/, p\. 4\)$/);
  });
});
