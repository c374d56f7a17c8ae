import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { docText, embeddedQuoteIds, validateDoc } from '../../app/core/notes';
import { openLibrary } from './helpers';

const doc = (...content: unknown[]) => ({ type: 'doc', content });
const para = (...content: unknown[]) => ({ type: 'paragraph', content });
const text = (t: string, marks?: unknown[]) => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t });

describe('notes', () => {
  it('creates, edits, lists, trashes and restores notes, keeping plain text and embedded quotes', () => {
    const lib = openLibrary();
    const articleId = lib.articles.importText('a.txt', '李在明訪問北京。𠮷野家').article.id;
    const quote = lib.quotes.create({ articleId, start: 0, end: 3 });
    const empty = lib.notes.create();
    expect(empty).toMatchObject({ title: '', text: '', quoteIds: [], deletedAt: null, doc: { type: 'doc' } });
    const note = lib.notes.update(empty.id, {
      title: '  訪問  筆記 ',
      doc: doc(
        para(text('第一行'), { type: 'hard_break' }, text('𠮷', [{ type: 'strong' }])),
        { type: 'quote_embed', attrs: { quoteId: quote.id } },
        { type: 'bullet_list', content: [{ type: 'list_item', content: [para(text('項目'))] }] },
      ),
    });
    expect(note.title).toBe('訪問 筆記');
    expect(note.text).toBe('第一行\n𠮷\n項目');
    expect(note.quoteIds).toEqual([quote.id]);
    expect(lib.notes.list().map((n) => [n.id, n.excerpt])).toEqual([[note.id, '第一行\n𠮷\n項目']]);
    lib.notes.delete(note.id);
    expect(lib.notes.list()).toEqual([]);
    expect(lib.notes.list('trash').map((n) => n.id)).toEqual([note.id]);
    expect(() => lib.notes.update(note.id, { title: 'x' })).toThrow(/in the trash/);
    expect(() => lib.notes.delete(note.id)).toThrow(/is in the trash; restore it first/);
    expect(lib.notes.restore(note.id).deletedAt).toBeNull();
    expect(() => lib.notes.restore(note.id)).toThrow(/not in the trash/);
    expect(() => lib.notes.get(99)).toThrow(/No note with id 99/);
  });

  it('refuses documents that are not ProseMirror JSON', () => {
    const bad: [unknown, RegExp][] = [
      [null, /not a node object/],
      [{ type: 'paragraph' }, /type "doc" at the root/],
      [doc({ type: 'text' }), /text node without text/],
      [doc({ type: 'quote_embed', attrs: { quoteId: 'x' } }), /quoteId: must be a quote id|quoteId must be a quote id/],
      [doc(para(text('a', [{ name: 'strong' }]))), /marks\[0\] needs a "type" name/],
      [doc({ type: 'paragraph', script: 'x' }), /unknown key "script"/],
      [doc({ type: '<img>' }), /needs a "type" name/],
      [doc({ type: 'p', content: 'x' }), /must be a list/],
    ];
    for (const [value, message] of bad) expect(() => validateDoc(value), JSON.stringify(value)).toThrow(message);
    let deep: Record<string, unknown> = { type: 'paragraph' };
    for (let i = 0; i < 300; i++) deep = { type: 'blockquote', content: [deep] };
    expect(() => validateDoc(doc(deep))).toThrow(/deeper than/);
    expect(() => validateDoc(doc(para(text('x'.repeat(5_000_001)))))).toThrow(/limited to/);
    const ok = doc(para(text('a')), { type: 'quote_embed', attrs: { quoteId: 7 } }, { type: 'quote_embed', attrs: { quoteId: 7 } });
    expect(docText(validateDoc(ok) as never)).toBe('a');
    expect(embeddedQuoteIds(ok as never)).toEqual([7]);
  });

  it('is served over the notes channels', () => {
    const lib = openLibrary();
    const svc = new Service(lib, () => {});
    const created = svc.call('notes:create', { title: 'n' }) as { ok: true; value: { note: { id: number } } };
    expect(created.ok).toBe(true);
    const id = created.value.note.id;
    expect(svc.call('notes:update', { id, doc: doc(para(text('hello'))) })).toMatchObject({ ok: true, value: { note: { text: 'hello' } } });
    expect(svc.call('notes:get', { id })).toMatchObject({ ok: true, value: { note: { id, title: 'n' } } });
    expect(svc.call('notes:list', {})).toMatchObject({ ok: true, value: { notes: [{ id }] } });
    expect(svc.call('notes:delete', { id })).toMatchObject({ ok: true });
    expect(svc.call('notes:list', { state: 'trash' })).toMatchObject({ ok: true, value: { notes: [{ id }] } });
    expect(svc.call('notes:restore', { id })).toMatchObject({ ok: true, value: { note: { deletedAt: null } } });
    expect(svc.call('notes:update', { id, doc: { type: 'doc', content: [{ type: 'text' }] } })).toMatchObject({
      ok: false,
      error: { code: 'invalid_request' },
    });
    expect(svc.call('notes:update', { id, doc: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});

describe('sources', () => {
  it('records an article’s CSL-JSON source in typed columns, updates it in place and validates it', () => {
    const lib = openLibrary();
    const id = lib.articles.importText('a.txt', '韓美關稅協議').article.id;
    expect(lib.sources.get(id)).toBeNull();
    const source = lib.sources.set(id, {
      type: 'article-newspaper',
      title: '韓美',
      author: [{ family: '王', given: '小明' }],
      issued: { 'date-parts': [[2025, 11, 3]] },
      URL: 'https://x.example/1',
    });
    expect(source.articleIds).toEqual([id]);
    expect(source.csl.id).toBe(source.citationKey);
    const row = lib.store.db.prepare('SELECT type, title, authors, issued, url FROM sources WHERE id = ?').get(source.id);
    expect(row).toEqual({
      type: 'article-newspaper',
      title: '韓美',
      authors: '[{"family":"王","given":"小明"}]',
      issued: '2025-11-03',
      url: 'https://x.example/1',
    });
    const updated = lib.sources.set(id, { type: 'webpage', title: '新標題', accessed: { 'date-parts': [[2026, 1, 2]] } });
    expect(updated.id).toBe(source.id);
    expect(updated.csl).toEqual({ type: 'webpage', id: source.citationKey, title: '新標題', accessed: { 'date-parts': [[2026, 1, 2]] } });
    const bad: [unknown, RegExp][] = [
      [{ type: 'newspaper' }, /type/],
      [{ type: 'book', author: 'Alice' }, /author/],
      [{ type: 'book', issued: { 'date-parts': [] } }, /issued/],
      [{ type: 'book', colour: 'red' }, /unknown CSL field\(s\) colour/],
      ['book', /must be an object/],
    ];
    for (const [csl, message] of bad) expect(() => lib.sources.set(id, csl), JSON.stringify(csl)).toThrow(message);
    expect(lib.sources.get(id)!.csl.title).toBe('新標題');
  });

  it('is served over the sources channels, including linking a shared source', () => {
    const lib = openLibrary();
    const svc = new Service(lib, () => {});
    const a = lib.articles.importText('a.txt', '一').article.id;
    const b = lib.articles.importText('b.txt', '二').article.id;
    const set = svc.call('sources:set', { articleId: a, csl: { type: 'book', title: '書' } }) as { ok: true; value: { source: { id: number } } };
    expect(set.ok).toBe(true);
    expect(svc.call('sources:link', { articleId: b, sourceId: set.value.source.id })).toMatchObject({ ok: true, value: { source: { articleIds: [a, b] } } });
    expect(svc.call('sources:get', { articleId: b })).toMatchObject({ ok: true, value: { source: { csl: { title: '書' } } } });
    const own = svc.call('sources:set', { articleId: b, csl: { type: 'book', title: '另一本' } }) as { ok: true; value: { source: { id: number } } };
    expect(own.value.source.id).not.toBe(set.value.source.id);
    expect(svc.call('sources:list', {})).toMatchObject({ ok: true, value: { sources: [{ articleIds: [a] }, { articleIds: [b] }] } });
    expect(svc.call('sources:link', { articleId: b, sourceId: null })).toMatchObject({ ok: true, value: { source: null } });
    expect(svc.call('sources:set', { articleId: 99, csl: { type: 'book' } })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('note links', () => {
  it('refuses links and images that could run code, keeping the note unchanged', () => {
    const lib = openLibrary();
    const note = lib.notes.create({ title: 'n' });
    const withLink = (href: string) => ({
      type: 'doc',
      content: [{ type: 'paragraph', content: [{ type: 'text', text: '連結', marks: [{ type: 'link', attrs: { href } }] }] }],
    });
    for (const href of ['javascript:alert(1)', ' javascript:alert(1)', 'data:text/html,<script>x</script>', 'vbscript:x', '']) {
      expect(() => lib.notes.update(note.id, { doc: withLink(href) })).toThrow(/http\(s\) or mailto/);
    }
    expect(lib.notes.update(note.id, { doc: withLink('https://example.org/報導') }).text).toBe('連結');
    expect(() => lib.notes.update(note.id, { doc: { type: 'doc', content: [{ type: 'image', attrs: { src: 'javascript:x' } }] } })).toThrow(
      /http\(s\) address/,
    );
  });
});

describe('markdown export of unsafe source URLs', () => {
  it('writes a javascript: URL as text, never as a link', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', '標題\n\n內容。');
    lib.sources.set(article.id, { type: 'article-newspaper', title: '標題', URL: 'javascript:window.__xss=1' });
    lib.quotes.create({ articleId: article.id, start: 4, end: 6 });
    const svc = new Service(lib, () => {});
    const r = svc.call('export:run', { format: 'md', scope: { kind: 'all' } });
    expect(r.ok).toBe(true);
    const md = (r as { value: { content: string } }).value.content;
    expect(md).not.toMatch(/<javascript:|\]\(javascript:/i);
    expect(md).toMatch(/javascript:window\.\\?_\\?_xss=1/);
  });
});
