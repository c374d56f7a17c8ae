import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { ApostilError } from '../../app/core/errors';
import { exportToString, type ExportFormatName } from '../../app/core/export';
import { importFile } from '../../app/core/import';
import { parseReferences } from '../../app/core/import/sources';
import type { Library } from '../../app/core/library';
import { TEXT_A, TEXT_B, buildLibrary } from './exchange-fixture';
import { TESTDATA, openLibrary } from './helpers';

const HOST = { generator: 'Apostil test' };
const exported = (lib: Library, format: ExportFormatName) => exportToString(lib, { format, scope: { kind: 'all' } }, HOST).content;
const counts = (lib: Library) =>
  Object.fromEntries(
    ['articles', 'sources', 'quotes', 'tags', 'quote_tags', 'notes'].map((t) => [
      t,
      (lib.store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n,
    ]),
  );

describe('Apostil JSON backup', () => {
  it('restores into an empty library losslessly: exporting again gives the identical file', () => {
    const source = openLibrary();
    const built = buildLibrary(source);
    const backup = exported(source, 'json');
    const target = openLibrary();
    const report = importFile(target, { name: 'backup.json', text: backup });
    expect(report.format).toBe('apostil');
    expect(report.quotes).toEqual({ created: 7, existing: 0, unmatched: [] });
    expect(report.notes).toEqual({ created: 2, existing: 0 });
    expect(report.articles.map((a) => a.created)).toEqual([true, true]);
    expect(exported(target, 'json')).toBe(backup);
    expect(counts(target)).toEqual(counts(source));
    expect(target.quotes.get(built.quotes.trashed).deletedAt).not.toBeNull();
    expect(target.notes.get(built.trashedNote).deletedAt).not.toBeNull();
    expect(target.tags.list().find((t) => t.path === 'region')!.color).toBe('#ff8800');
    expect(target.sources.get(built.a)!.csl.author).toEqual([{ family: '王', given: '小明' }, { literal: '範例通訊社記者' }]);
    for (const format of ['md', 'csv', 'html', 'csl', 'qdc'] as const) expect(exported(target, format), format).toBe(exported(source, format));
    // The import indexes what it added once, at the end; searches find the same as in the source.
    expect(target.searchIndex.isCurrent()).toBe(true);
    for (const query of ['AI', '李在明', 'tag:region', 'in:articles 京都', 'in:notes 關稅', '𠮷']) {
      const ids = (lib: Library) => lib.search.run({ query, limit: 0 }).results.map((r) => [r.type, r.id]);
      expect(ids(source).length, query).toBeGreaterThan(0);
      expect(ids(target), query).toEqual(ids(source));
    }
  });

  it('keeps two quotes of the same passage with the same comment apart, in a restore and in a merge', () => {
    const source = openLibrary();
    const id = source.articles.importText('twice.txt', '同一段話被摘錄兩次。').article.id;
    const first = source.quotes.create({ articleId: id, start: 0, end: 4, tags: ['甲'] });
    const second = source.quotes.create({ articleId: id, start: 0, end: 4, tags: ['乙'] });
    source.quotes.delete(second.id);
    const backup = exported(source, 'json');

    const restored = openLibrary();
    expect(importFile(restored, { name: 'b.json', text: backup }).quotes).toMatchObject({ created: 2, existing: 0 });
    expect(exported(restored, 'json')).toBe(backup);

    // Merged into a library that already has one such quote of its own, it counts as present once.
    const merged = openLibrary();
    const own = merged.articles.importText('twice.txt', '同一段話被摘錄兩次。').article.id;
    merged.quotes.create({ articleId: own, start: 0, end: 4 });
    expect(importFile(merged, { name: 'b.json', text: backup }).quotes).toMatchObject({ created: 1, existing: 1 });
    expect(merged.quotes.list({ articleId: own, state: 'all' })).toHaveLength(2);
    expect(first.tags).toEqual(['甲']);
  });

  it('merges into a library without duplicates and remaps ids, including quote embeds in notes', () => {
    const source = openLibrary();
    const built = buildLibrary(source);
    const backup = exported(source, 'json');
    const target = openLibrary();
    const own = target.articles.importText('own.txt', '另一篇文章：李在明。').article.id;
    target.quotes.create({ articleId: own, start: 6, end: 9, tags: ['region/Korea', 'mine'] });
    target.notes.create({ title: 'mine' });
    importFile(target, { name: 'b.json', text: backup });
    const once = counts(target);
    const again = importFile(target, { name: 'b.json', text: backup });
    expect(counts(target)).toEqual(once);
    expect(again.quotes).toMatchObject({ created: 0, existing: 7 });
    expect(again.notes).toEqual({ created: 0, existing: 2 });
    expect(once).toMatchObject({ articles: 3, quotes: 8, notes: 3 });
    expect(target.tags.list().map((t) => t.path)).toEqual(['mine', 'region', 'region/Korea', 'tech', 'tech/AI', 'tech/chips', '人物']);
    const note = target.notes.list('all').find((n) => n.title === '關稅筆記')!;
    const embedded = target.notes.get(note.id).quoteIds.map((id) => target.quotes.get(id).exact);
    expect(embedded).toEqual([source.quotes.get(built.quotes.astral).exact, 'AI']);
    expect(target.notes.get(note.id).quoteIds).not.toEqual(source.notes.get(built.note).quoteIds);
  });

  it('keeps article revisions, re-anchored and orphaned quotes and their anchor history', () => {
    const source = openLibrary();
    const built = buildLibrary(source);
    const revised = TEXT_A.replace('第二段：', '第二段（修訂）：').replace('AI晶片很重要', '晶片產業很重要');
    const result = source.revisions.importRevision(built.a, 'tariffs.zh-Hant.txt', revised);
    expect(result.revision).toBe(2);
    const statuses = source.quotes.list({ articleId: built.a, state: 'all' }).map((q) => q.status);
    expect(statuses).toContain('orphaned');
    const backup = exported(source, 'json');
    expect(JSON.parse(backup).articles[0]).toMatchObject({ revision: 2, history: [{ revision: 1 }] });
    const target = openLibrary();
    importFile(target, { name: 'backup.json', text: backup });
    expect(exported(target, 'json')).toBe(backup);
    expect(target.revisions.list(built.a).map((r) => r.revision)).toEqual([1, 2]);
    const anchors = (lib: Library) => lib.store.db.prepare('SELECT * FROM quote_anchors ORDER BY quote_id, revision').all();
    expect(anchors(target)).toEqual(anchors(source));
    const quotes = (lib: Library) => lib.store.db.prepare('SELECT * FROM quotes ORDER BY id').all();
    expect(quotes(target)).toEqual(quotes(source));

    const merged = openLibrary();
    const onlyFirst = merged.articles.importText('a.txt', TEXT_A).article.id;
    importFile(merged, { name: 'backup.json', text: backup });
    const placed = merged.quotes.list({ articleId: onlyFirst, state: 'all' });
    expect(placed).toHaveLength(6);
    const body = merged.articles.body(onlyFirst);
    for (const q of placed) if (q.status !== 'orphaned') expect(body.slice(q.start, q.end)).toBe(q.exact);
  });

  it('reuses an article imported separately with the same text', () => {
    const source = openLibrary();
    buildLibrary(source);
    const target = openLibrary();
    const id = target.articles.importText('again.zh-Hant.txt', TEXT_A).article.id;
    const report = importFile(target, { name: 'b.json', text: exported(source, 'json') });
    expect(report.articles.find((a) => a.article.id === id)?.created).toBe(false);
    expect(target.quotes.list({ articleId: id })).toHaveLength(5);
  });
});

describe('W3C Web Annotation import', () => {
  it('re-creates the same quotes on the same articles from an export, and never duplicates them', () => {
    const source = openLibrary();
    const built = buildLibrary(source);
    const w3c = exported(source, 'w3c');
    const target = openLibrary();
    const b = target.articles.importText('b.txt', TEXT_B).article.id;
    const a = target.articles.importText('a.txt', TEXT_A).article.id;
    const report = importFile(target, { name: 'annotations.jsonld', text: w3c });
    expect(report.format).toBe('w3c');
    expect(report.quotes).toEqual({ created: 6, existing: 0, unmatched: [] });
    const shape = (lib: Library, articleId: number) =>
      lib.quotes.list({ articleId }).map(({ exact, prefix, suffix, start, end, comment, tags, uuid, createdAt }) => ({
        exact,
        prefix,
        suffix,
        start,
        end,
        comment,
        tags,
        uuid,
        createdAt,
      }));
    expect(shape(target, a)).toEqual(shape(source, built.a));
    expect(shape(target, b)).toEqual(shape(source, built.b));
    expect(importFile(target, { name: 'annotations.jsonld', text: w3c }).quotes).toEqual({ created: 0, existing: 6, unmatched: [] });
    expect(importFile(source, { name: 'annotations.jsonld', text: w3c }).quotes).toMatchObject({ created: 0, existing: 6 });
    // The quotes were indexed once each, with their tags, as the source's were.
    for (const query of ['李在明', 'AI', 'tag:region']) {
      const hits = (lib: Library) =>
        lib.search
          .run({ query, limit: 0 })
          .results.map((r) => (r as { text: string }).text)
          .sort();
      expect(hits(target).length, query).toBeGreaterThan(0);
      expect(hits(target), query).toEqual(hits(source));
    }
  });

  it('anchors by prefix and suffix, then by position, and reports what fits no article', () => {
    const lib = openLibrary();
    const id = lib.articles.importText('k.txt', '李在明說：李在明再次強調。𠮷野家').article.id;
    const annotation = (selector: unknown[], value = 'c') => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `https://example.org/anno/${Math.random()}`,
      type: 'Annotation',
      body: [
        { type: 'TextualBody', value, purpose: 'commenting' },
        { type: 'TextualBody', value: ' topic / person ', purpose: 'tagging' },
      ],
      target: { source: 'https://example.org/elsewhere', selector },
    });
    const page = {
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      type: 'AnnotationPage',
      items: [
        annotation([{ type: 'TextQuoteSelector', exact: '李在明', prefix: '說：', suffix: '再次' }], 'second'),
        annotation(
          [
            { type: 'TextQuoteSelector', exact: '𠮷野家' },
            { type: 'TextPositionSelector', start: 13, end: 16 },
          ],
          'astral',
        ),
        annotation([{ type: 'TextQuoteSelector', exact: '不存在' }], 'missing'),
        annotation([{ type: 'FragmentSelector', value: 'p1' }], 'no selector'),
      ],
    };
    const report = importFile(lib, { name: 'page.json', text: JSON.stringify(page) });
    expect(report.quotes.created).toBe(2);
    expect(report.quotes.unmatched).toEqual([
      { id: page.items[2]!.id, exact: '不存在', reason: 'its text was not found in any article' },
      { id: page.items[3]!.id, exact: '', reason: 'it has no TextQuoteSelector or TextPositionSelector' },
    ]);
    const quotes = lib.quotes.list({ articleId: id });
    expect(quotes.map((q) => [q.exact, q.start, q.comment, q.tags])).toEqual([
      ['李在明', 5, 'second', ['topic/person']],
      ['𠮷野家', 13, 'astral', ['topic/person']],
    ]);
  });

  it('two readers’ annotations of one passage become two quotes, and importing the file again adds none', () => {
    const lib = openLibrary();
    const id = lib.articles.importText('k.txt', '李在明說：李在明再次強調。').article.id;
    const note = (value: string) => ({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: `https://hypothes.is/a/${value}`,
      type: 'Annotation',
      body: { type: 'TextualBody', value, purpose: 'commenting' },
      target: { source: 'https://example.org/k', selector: { type: 'TextQuoteSelector', exact: '再次強調' } },
    });
    const file = JSON.stringify([note('讀者甲'), note('讀者乙')]);
    expect(importFile(lib, { name: 'h.json', text: file }).quotes).toMatchObject({ created: 2, existing: 0 });
    expect(importFile(lib, { name: 'h.json', text: file }).quotes).toMatchObject({ created: 0, existing: 2 });
    expect(
      lib.quotes
        .list({ articleId: id })
        .map((q) => q.comment)
        .sort(),
    ).toEqual(['讀者乙', '讀者甲'].sort());
  });

  it('imports the correct W3C samples without failing, reporting the ones it cannot place', () => {
    const lib = openLibrary();
    lib.articles.importText('x.txt', 'Some text to annotate.');
    const dir = join(TESTDATA, 'web-annotation/tools/samples/correct');
    for (const file of readdirSync(dir)) {
      try {
        const report = importFile(lib, { name: file, bytes: readFileSync(join(dir, file)) });
        expect(report.quotes.created + report.quotes.existing + report.quotes.unmatched.length, file).toBeGreaterThan(0);
      } catch (err) {
        expect(err, file).toBeInstanceOf(ApostilError);
        expect((err as Error).message, file).toMatch(/^anno|^collection|^example/);
      }
    }
    expect(lib.quotes.list()).toEqual([]);
  });
});

describe('sources from CSL-JSON, BibTeX and RIS', () => {
  it('imports CSL-JSON items as sources, links the one article with the same title, and skips repeats', () => {
    const lib = openLibrary();
    const article = lib.articles.importText('law.txt', '著作權法\n\n第9條').article.id;
    const text = readFileSync(join(TESTDATA, 'csl/cjk-examples/cjk-items.json'), 'utf8');
    const report = importFile(lib, { name: 'items.json', text });
    expect(report.format).toBe('csl-json');
    expect(report.sources).toEqual({ created: 6, existing: 0, linked: 1 });
    expect(lib.sources.get(article)!.csl).toMatchObject({ id: 'law-tw', type: 'legislation', authority: '立法院' });
    expect(importFile(lib, { name: 'items.json', text }).sources).toEqual({ created: 0, existing: 6, linked: 0 });
  });

  it('imports BibTeX and RIS with citation-js, recognised by content whatever the file is called', () => {
    const lib = openLibrary();
    const bib = readFileSync(join(TESTDATA, 'csl/citation-js/bibtex-input.bib'));
    const report = importFile(lib, { name: 'refs.txt', bytes: bib });
    expect(report.format).toBe('bibtex');
    expect(report.sources.created).toBe(parseReferences('refs.bib', 'bibtex', bib.toString('utf8')).length);
    expect(report.sources.created).toBeGreaterThan(10);
    const book = lib.sources.list().find((s) => s.csl.id === 'Book')!;
    expect(book.csl).toMatchObject({
      type: 'book',
      title: 'Lorem Ipsum',
      publisher: 'BibTeX Publishers',
      author: [
        { family: 'Adams', given: 'Alice' },
        { family: 'Brody', given: 'Bob' },
      ],
    });

    const ris = 'TY  - NEWS\nAU  - 王, 小明\nTI  - 韓美關稅協議\nT2  - 範例通訊社\nPY  - 2025\nUR  - https://news.example.org/a/1\nER  - \n';
    const r = importFile(lib, { name: 'x', text: ris });
    expect(r.format).toBe('ris');
    expect(lib.sources.list().at(-1)!.csl).toMatchObject({
      type: 'article-newspaper',
      title: '韓美關稅協議',
      author: [{ family: '王', given: '小明' }],
      URL: 'https://news.example.org/a/1',
    });
    expect(() => importFile(lib, { name: 'empty.bib', text: '@comment{nothing here}' })).toThrow(/no BibTeX entries/);
  });
});

describe('articles from HTML and Word', () => {
  it('extracts readable text from HTML with scripts, styles, handlers and remote resources removed', () => {
    const lib = openLibrary();
    const html = `<!DOCTYPE html><html lang="zh-Hant"><head><title>網站 | 標題</title>
      <meta property="article:published_time" content="2026-01-02T08:00:00+08:00">
      <style>p { color: red }</style><script>alert("x")</script></head>
      <body><nav>首頁 | 國際</nav><article><h1>習近平接待李在明</h1>
      <p onclick="steal()">第一段&amp;<b>粗體</b><img src="https://tracker.example/x.gif">文字。</p>
      <ul><li>一</li><li>二</li></ul><iframe src="https://evil.example"></iframe>
      <p>𠮷野家<br>第二行</p><script>document.cookie</script></article><footer>版權</footer></body></html>`;
    const report = importFile(lib, { name: 'page.html', text: html });
    expect(report.format).toBe('html');
    const article = lib.articles.get(report.articles[0]!.article.id);
    expect(article).toMatchObject({ title: '習近平接待李在明', date: '2026-01-02', lang: 'zh-Hant' });
    expect(article.body).toBe('習近平接待李在明\n\n第一段&粗體文字。\n\n• 一\n\n• 二\n\n𠮷野家\n第二行');
    expect(article.body).not.toMatch(/alert|steal|cookie|tracker|evil|首頁|版權|color/);
  });

  it('reads a Word document’s paragraphs and title, and refuses other ZIP files', () => {
    const lib = openLibrary();
    const p = (text: string, style = '') =>
      `<w:p>${style ? `<w:pPr><w:pStyle w:val="${style}"/></w:pPr>` : ''}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
    const xml =
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>' +
      p('韓美關稅協議', 'Title') +
      p('第一段 &amp; 𠮷野家') +
      '<w:p><w:r><w:t>保留</w:t></w:r><w:del><w:r><w:delText>刪除</w:delText></w:r></w:del><w:r><w:tab/><w:t>文字</w:t></w:r></w:p>' +
      '<w:tbl><w:tr><w:tc>' +
      p('表格') +
      '</w:tc></w:tr></w:tbl></w:body></w:document>';
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8(xml) });
    const report = importFile(lib, { name: 'story.docx', bytes: docx });
    expect(report.format).toBe('docx');
    const article = lib.articles.get(report.articles[0]!.article.id);
    expect(article.title).toBe('韓美關稅協議');
    expect(article.body).toBe('韓美關稅協議\n\n第一段 & 𠮷野家\n\n保留\t文字\n\n表格');
    const other = zipSync({ 'readme.txt': strToU8('hi') });
    expect(() => importFile(lib, { name: 'x.docx', bytes: other })).toThrow(/not a Word \(\.docx\) document/);
    expect(() => importFile(lib, { name: 'x.docx', bytes: docx.subarray(0, 60) })).toThrow(/damaged/);
  });
});

describe('bad files', () => {
  it('refuses binary, truncated, wrong-version, invalid UTF-8, unknown and oversized files, changing nothing', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const before = counts(lib);
    const backup = exported(lib, 'json');
    const cases: [string, { text?: string; bytes?: Uint8Array }, RegExp][] = [
      ['photo.jpg', { bytes: Uint8Array.from([0xff, 0xd8, 0xff, 0x00, 0x10]) }, /binary/],
      ['latin1.txt', { bytes: Uint8Array.from([0x63, 0x61, 0x66, 0xe9]) }, /not valid UTF-8/],
      ['paper.pdf', { bytes: new TextEncoder().encode('%PDF-1.7\n') }, /is a PDF/],
      ['cut.json', { text: backup.slice(0, backup.length / 2) }, /cannot be read .*truncated/],
      ['future.json', { text: backup.replace('"version":1', '"version":7') }, /newer Apostil \(backup version 7/],
      ['other.json', { text: '{"format":"zotero-rdf"}' }, /does not read/],
      ['list.json', { text: '[1, 2, 3]' }, /neither an Apostil backup/],
      ['bad-quote.json', { text: backup.replace('"start":8', '"start":9') }, /does not match revision 1 of article/],
      ['bad-ref.json', { text: backup.replace(/"tagIds":\[\d+/, '"tagIds":[999') }, /missing tag 999/],
      ['huge.txt', { text: 'x'.repeat(11 * 1024 * 1024) }, /Apostil imports files up to/],
      ['notjson.json', { text: 'hello' }, /does not contain JSON/],
    ];
    for (const [name, input, message] of cases) {
      let error: unknown;
      try {
        importFile(lib, { name, ...input });
      } catch (err) {
        error = err;
      }
      expect(error, name).toBeInstanceOf(ApostilError);
      expect((error as Error).message, name).toMatch(message);
      expect((error as Error).message, name).toContain(name);
    }
    expect(counts(lib)).toEqual(before);
  });

  it('rolls back a whole file when a late record fails', () => {
    const lib = openLibrary();
    buildLibrary(lib);
    const backup = JSON.parse(exported(lib, 'json'));
    backup.notes[1].doc = { type: 'doc', content: [{ type: 'text' }] };
    const target = openLibrary();
    expect(() => importFile(target, { name: 'late.json', text: JSON.stringify(backup) })).toThrow(/text node without text/);
    expect(counts(target)).toEqual({ articles: 0, sources: 0, quotes: 0, tags: 0, quote_tags: 0, notes: 0 });
  });

  it('serves import:run over the api with text or base64', () => {
    const lib = openLibrary();
    const svc = new Service(lib, () => {});
    const ok = svc.call('import:run', { name: 'a.txt', base64: Buffer.from(TEXT_B).toString('base64') });
    expect(ok).toMatchObject({ ok: true, value: { report: { format: 'text', articles: [{ created: true }] } } });
    expect(svc.call('import:run', { name: 'a.txt' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('import:run', { name: 'a.txt', text: 'x', base64: 'eA==' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('import:run', { name: 'a.txt', base64: '!!' })).toMatchObject({ ok: false, error: { message: /not valid base64/ } });
    expect(svc.call('import:run', { name: 'a.bin', base64: Buffer.from([0, 1, 2]).toString('base64') })).toMatchObject({
      ok: false,
      error: { code: 'bad_file', message: /a\.bin looks like a binary file/ },
    });
  });
});

describe('duplicates inside one file', () => {
  it('counts a reference or article text the file holds twice as repeated, not as already there', () => {
    const lib = openLibrary();
    const item = { type: 'article-newspaper', title: '習近平將接待李在明', URL: 'https://example.org/cna', issued: { 'date-parts': [[2026, 1, 2]] } };
    const refs = importFile(lib, { name: 'refs.json', text: JSON.stringify([item, { ...item }]) });
    expect(refs.sources).toMatchObject({ created: 1, existing: 0, repeated: 1 });
    const again = importFile(lib, { name: 'refs.json', text: JSON.stringify([item]) });
    expect(again.sources).toMatchObject({ created: 0, existing: 1 });
    expect(again.sources.repeated).toBeUndefined();

    const source = openLibrary();
    buildLibrary(source);
    const backup = JSON.parse(exported(source, 'json')) as { articles: { id: number; uuid: string }[] };
    const first = backup.articles[0]!;
    backup.articles.push({ ...first, id: 9001, uuid: '00000000-0000-4000-8000-000000009001' });
    const report = importFile(openLibrary(), { name: 'twice.json', text: JSON.stringify(backup) });
    expect(report.articles.filter((a) => a.repeated)).toHaveLength(1);
    expect(report.articles.filter((a) => !a.created && !a.repeated)).toHaveLength(0);
  });
});
