import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { ApostilError } from '../../app/core/errors';
import { importFile } from '../../app/core/import';
import { MAX_JSON_DEPTH, MAX_MARKUP_DEPTH } from '../../app/core/limits';
import { jsonDepth } from '../../app/core/nesting';
import { validateDoc } from '../../app/core/notes';
import { openLibrary } from './helpers';

/** A value nested `n` levels deep (arrays, or objects under `key`), built without recursion. */
function nested(n: number, leaf: unknown = 'x', key?: string): unknown {
  let v = leaf;
  for (let i = 0; i < n; i++) v = key === undefined ? [v] : { [key]: v };
  return v;
}

const docx = (body: string) =>
  zipSync({
    '[Content_Types].xml': strToU8('<Types/>'),
    'word/document.xml': strToU8(`<w:document xmlns:w="w"><w:body>${body}</w:body></w:document>`),
  });

const articleCount = (lib: ReturnType<typeof openLibrary>) => lib.articles.list().length;

/** Imports `input` and returns the refusal; fails the test when the import succeeds. */
function refusal(lib: ReturnType<typeof openLibrary>, input: Parameters<typeof importFile>[1]): ApostilError {
  try {
    importFile(lib, input);
  } catch (err) {
    expect(err).toBeInstanceOf(ApostilError);
    return err as ApostilError;
  }
  throw new Error(`${input.name} was imported`);
}

describe('hostile nesting: every parser refuses over-deep input by name, without overflowing', () => {
  it('HTML: 100,000 nested elements, closed or not, and deep inline tags are refused naming the file', () => {
    const lib = openLibrary();
    const corpus: [string, string][] = [
      ['divs.html', `<html><body>${'<div>'.repeat(100_000)}深${'</div>'.repeat(100_000)}</body></html>`],
      ['unclosed.html', `<html><body>${'<span>'.repeat(200_000)}深`],
      ['tables.html', `<html><body>${'<table><tr><td>'.repeat(30_000)}深`],
      ['scripts.html', `<html><body>${'<b><i>'.repeat(60_000)}<script>alert(1)</script>`],
    ];
    for (const [name, text] of corpus) {
      const err = refusal(lib, { name, text });
      expect(err.code).toBe('bad_file');
      expect(err.message).toContain(name);
      expect(err.message).toContain(`more than ${MAX_MARKUP_DEPTH} levels`);
    }
    expect(articleCount(lib)).toBe(0);
  });

  it('HTML within the limit keeps its text, and implied closes (10,000 unclosed <p>, <li>) are not depth', () => {
    const lib = openLibrary();
    const deep = `<html><body><article>${'<div>'.repeat(MAX_MARKUP_DEPTH - 10)}最深處的句子。${'</div>'.repeat(MAX_MARKUP_DEPTH - 10)}</article></body></html>`;
    expect(lib.articles.body(importFile(lib, { name: 'deep.html', text: deep }).articles[0]!.article.id)).toContain('最深處的句子。');
    const paragraphs = `<html><body>${Array.from({ length: 10_000 }, (_, i) => `<p>段落${i}`).join('')}<ul>${'<li>項'.repeat(2000)}</ul></body></html>`;
    const body = lib.articles.body(importFile(lib, { name: 'paras.html', text: paragraphs }).articles[0]!.article.id);
    expect(body).toContain('段落9999');
    expect(body.split('\n\n').length).toBeGreaterThanOrEqual(12_000);
  });

  it('Word: deeply nested XML in document.xml is refused; ordinary nesting still reads', () => {
    const lib = openLibrary();
    const err = refusal(lib, { name: 'deep.docx', bytes: docx(`<w:p><w:r>${'<w:sdt><w:sdtContent>'.repeat(50_000)}<w:t>x</w:t></w:r></w:p>`) });
    expect(err).toMatchObject({ code: 'bad_file', message: expect.stringContaining('deep.docx') });
    const ok = importFile(lib, {
      name: 'fine.docx',
      bytes: docx(`<w:p><w:r>${'<w:sdt><w:sdtContent>'.repeat(100)}<w:t>深層文字</w:t>${'</w:sdtContent></w:sdt>'.repeat(100)}</w:r></w:p>`),
    });
    expect(lib.articles.body(ok.articles[0]!.article.id)).toBe('深層文字');
  });

  it('Markdown: block nesting markdown-it would silently cut is refused; moderate nesting keeps every word', () => {
    const lib = openLibrary();
    for (const [name, text] of [
      ['quotes.md', `# 標題\n\n${'>'.repeat(100_000)} 消失的文字\n\n後文`],
      ['lists.md', `# 標題\n\n${'- '.repeat(50_000)}消失的文字`],
    ]) {
      expect(refusal(lib, { name: name!, text: text! })).toMatchObject({ code: 'bad_file', message: expect.stringContaining(name!) });
    }
    const fine = importFile(lib, { name: 'fine.md', text: `# 標題\n\n${'>'.repeat(40)} 保留的文字\n\n${'*a '.repeat(50_000)}結尾` });
    const body = lib.articles.body(fine.articles[0]!.article.id);
    expect(body).toContain('保留的文字');
    expect(body).toContain('結尾');
  });

  it('JSON files (backup, W3C, CSL) nested 100,000 deep are refused; W3C pages nested within the limit are walked', () => {
    const lib = openLibrary();
    const deepJson = `${'['.repeat(100_000)}{"type":"Annotation"}${']'.repeat(100_000)}`;
    for (const [name, text] of [
      ['deep.jsonld', deepJson],
      ['deep-backup.json', `{"format":"apostil-backup","notes":${deepJson}}`],
      ['deep-csl.json', `[{"type":"article","title":"t","note":${'['.repeat(100_000)}${']'.repeat(100_000)}}]`],
    ]) {
      expect(refusal(lib, { name: name!, text: text! })).toMatchObject({ code: 'bad_file', message: expect.stringContaining(`${name} nests its JSON`) });
    }
    const article = lib.articles.importText('a.txt', '一篇文章：稀土與晶片。').article;
    const annotation = { type: 'Annotation', target: { selector: { type: 'TextQuoteSelector', exact: '稀土' } } };
    let pages: Record<string, unknown> = { type: 'AnnotationPage', items: [[annotation]] };
    for (let i = 0; i < MAX_JSON_DEPTH - 10; i++) pages = { type: 'AnnotationPage', items: [], next: pages };
    const report = importFile(lib, { name: 'pages.jsonld', text: JSON.stringify(pages) });
    expect(report.quotes.created).toBe(1);
    expect(lib.quotes.list({ articleId: article.id })).toHaveLength(1);
  });

  it('BibTeX: 100,000 nested braces are refused by name instead of overflowing citation-js', () => {
    const lib = openLibrary();
    for (const [name, text] of [
      ['braces.bib', `@article{k, title = ${'{'.repeat(100_000)}x${'}'.repeat(100_000)}}`],
      ['unclosed.bib', `@article{k, title = ${'{'.repeat(100_000)}`],
      ['commands.bib', `@article{k, title = {${'\\emph{'.repeat(20_000)}x}}`],
    ]) {
      expect(refusal(lib, { name: name!, text: text! })).toMatchObject({ code: 'bad_file', message: expect.stringContaining(`${name} nests braces`) });
    }
    expect(
      importFile(lib, { name: 'ok.bib', text: '@article{k, title = {A {Nested} \\{Title\\}}, doi = {10.1000/nested}, year = {2020}}' }).sources.created,
    ).toBe(1);
  });

  it('note documents and api requests nested 100,000 deep are refused with invalid_request, never a crash', () => {
    const lib = openLibrary();
    const service = new Service(lib, (e) => {
      throw new Error(`logged ${String(e)}`);
    });
    const deepDoc = { type: 'doc', content: [nested(50_000, { type: 'paragraph' }, 'content')] };
    expect(() => validateDoc(deepDoc)).toThrow(/nests deeper than/);
    expect(() => validateDoc(nested(100_000, { type: 'doc' }, 'content'))).toThrow(/not valid/);
    expect(service.call('notes:create', { title: 'deep', doc: deepDoc })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const article = lib.articles.importText('a.txt', '文章').article;
    expect(service.call('sources:set', { articleId: article.id, csl: { type: 'article', title: 't', note: nested(100_000) } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringContaining('nests more than') },
    });
    expect(service.call('notes:list', {})).toMatchObject({ ok: true, value: { notes: [] } });
  });

  it('jsonDepth counts levels without recursion and stops past its limit', () => {
    expect(jsonDepth('x')).toBe(0);
    expect(jsonDepth({ a: [1, { b: [] }] })).toBe(4);
    expect(jsonDepth(nested(1_000_000), 10)).toBe(11);
  });
});
