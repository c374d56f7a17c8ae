import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { citationKeyProblem, suggestCitationKey } from '../../app/core/citationKey';
import type { CslItem } from '../../app/core/cslItem';
import { exportToString } from '../../app/core/export';
import { importFile } from '../../app/core/import';
import { Library } from '../../app/core/library';
import { romanizeName } from '../../app/core/romanize';
import { MIGRATIONS, openLibrary, tempDir } from './helpers';

const news = (extra: Partial<CslItem> = {}): CslItem => ({
  id: 'x',
  type: 'article-newspaper',
  title: '習近平將接待李在明',
  author: [
    { family: '王', given: '曉明' },
    { family: 'Whitfield', given: 'Jane' },
  ],
  issued: { 'date-parts': [[2026, 2, 3]] },
  language: 'zh-TW',
  ...extra,
});

/** Adds an article with `csl` as its source (no id of its own, so the key is made for it). */
function addSource(lib: Library, csl: Partial<CslItem>, key?: string) {
  const articleId = lib.articles.importText(`${Math.random()}.txt`, `文章 ${Math.random()}`).article.id;
  return lib.sources.set(articleId, { ...csl, id: undefined }, key);
}

describe('citation keys', () => {
  it('romanises CJK names where a romanisation is known, and gives a short ASCII form otherwise', () => {
    expect(romanizeName('王')).toBe('wang');
    expect(romanizeName('曾')).toBe('zeng');
    expect(romanizeName('歐陽')).toBe('ouyang');
    expect(romanizeName('이')).toBe('lee');
    expect(romanizeName('김')).toBe('kim');
    expect(romanizeName('문재인')).toBe('munjaein');
    expect(romanizeName('たなか')).toBe('tanaka');
    expect(romanizeName('夏目', 'ja')).toBe('');
    expect(romanizeName('Müller-Lüdenscheidt')).toBe('mullerludenscheidt');
    expect(romanizeName('中央通訊社')).toBe('zhongyangtongxunshe');

    expect(suggestCitationKey(news())).toBe('wang2026xijin');
    expect(suggestCitationKey(news({ author: [{ family: 'Whitfield', given: 'Jane' }], title: 'The tariffs of 2026' }))).toBe('whitfield2026tariffs');
    expect(suggestCitationKey(news({ author: [{ literal: '中央通訊社' }] }))).toBe('zhongyangtongxunshe2026xijin');
    expect(
      suggestCitationKey(news({ author: [{ family: '夏目', given: '漱石' }], title: '坊っちゃん', language: 'ja', issued: { 'date-parts': [[1906]] } })),
    ).toBe('ref1906');
    expect(suggestCitationKey(news({ author: [{ family: '김', given: '민수' }], title: '한국어 형태소 분석', language: 'ko' }))).toBe('kim2026hanguk');
    expect(suggestCitationKey({ id: 'x', type: 'webpage' })).toBe('ref');
    expect(suggestCitationKey({ id: 'x', type: 'webpage', title: 'Tariffs explained' })).toBe('tariffs');
  });

  it('tells what is wrong with a key a person typed', () => {
    expect(citationKeyProblem('wang2026')).toBeNull();
    expect(citationKeyProblem('Wang:2026/news-1')).toBeNull();
    expect(citationKeyProblem('wang 2026')).toMatch(/no spaces/);
    expect(citationKeyProblem('王2026')).toMatch(/letters A–Z/);
    expect(citationKeyProblem('wang,2026')).toMatch(/no spaces, commas/);
    expect(citationKeyProblem('wang2026.')).toMatch(/inside the key/);
    expect(citationKeyProblem('w'.repeat(65))).toMatch(/longer than 64/);
  });

  it('keeps keys unique in the library ignoring case, and stable when other sources change', () => {
    const lib = openLibrary();
    const a = addSource(lib, news());
    const b = addSource(lib, news({ URL: 'https://example.org/other' }));
    const c = addSource(lib, news({ URL: 'https://example.org/third' }));
    expect([a.citationKey, b.citationKey, c.citationKey]).toEqual(['wang2026xijin', 'wang2026xijin-2', 'wang2026xijin-3']);
    expect(a.csl.id).toBe('wang2026xijin');

    // Editing a source's fields keeps its key; editing or removing another source changes nothing.
    const edited = lib.sources.set(a.articleIds[0]!, { ...a.csl, title: 'Something else entirely' });
    expect(edited.citationKey).toBe('wang2026xijin');
    lib.sources.link(b.articleIds[0]!, null);
    expect(lib.sources.byId(c.id).citationKey).toBe('wang2026xijin-3');

    // An empty key asks for a fresh one from the current fields.
    expect(lib.sources.set(a.articleIds[0]!, edited.csl, '').citationKey).toBe('wang2026something');
    expect(lib.sources.set(a.articleIds[0]!, edited.csl, 'Wang2026Summit').citationKey).toBe('Wang2026Summit');
  });

  it('edits keys through sources:set with clear invalid_request and conflict answers', () => {
    const lib = openLibrary();
    const svc = new Service(lib, () => {});
    const a = addSource(lib, news());
    const b = addSource(lib, news({ author: [{ family: 'Whitfield', given: 'Jane' }], URL: 'https://example.org/b' }));
    const articleId = b.articleIds[0]!;
    const set = (citationKey: unknown) => svc.call('sources:set', { articleId, csl: b.csl, citationKey });

    const bad = set('whitfield 2026');
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'invalid_request', message: expect.stringMatching(/citation key "whitfield 2026" cannot be used: .*no spaces/) },
    });
    const dup = set(a.citationKey.toUpperCase());
    expect(dup).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: expect.stringContaining('Another source already has the citation key "WANG2026XIJIN"') },
    });
    expect(JSON.stringify(dup)).not.toMatch(/at .*\.ts:\d+/);
    expect(set(42)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(lib.sources.byId(b.id).citationKey).toBe(b.citationKey);

    const ok = set('whitfield-summit');
    expect(ok).toMatchObject({ ok: true, value: { source: { citationKey: 'whitfield-summit', csl: { id: 'whitfield-summit' } } } });
    expect(exportToString(lib, { format: 'bibtex', scope: { kind: 'article', articleId } }, { generator: 't' }).content).toMatch(
      /^@article\{whitfield-summit,$/m,
    );
  });

  it('keeps a chosen key from an imported file, and makes one for uuid or numeric ids', () => {
    const lib = openLibrary();
    importFile(lib, {
      name: 'refs.json',
      text: JSON.stringify([
        { ...news(), id: 'chosen:key', URL: 'https://example.org/1' },
        { ...news(), id: '6f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e', URL: 'https://example.org/2' },
        { ...news(), id: 1234, URL: 'https://example.org/3' },
        { ...news(), id: 'CHOSEN:KEY', URL: 'https://example.org/4' },
      ]),
    });
    expect(lib.sources.list().map((s) => s.citationKey)).toEqual(['chosen:key', 'wang2026xijin', 'wang2026xijin-2', 'wang2026xijin-3']);
  });

  it('a backup carries the keys, and a restored key that is taken elsewhere gets a new one', () => {
    const lib = openLibrary();
    addSource(lib, news(), 'cna-2026');
    const backup = exportToString(lib, { format: 'json', scope: { kind: 'all' } }, { generator: 't' }).content;
    const fresh = openLibrary();
    importFile(fresh, { name: 'backup.json', text: backup });
    expect(fresh.sources.list().map((s) => s.citationKey)).toEqual(['cna-2026']);

    const other = openLibrary();
    addSource(other, news({ URL: 'https://example.org/someone-else' }), 'CNA-2026');
    importFile(other, { name: 'backup.json', text: backup });
    expect(other.sources.list().map((s) => s.citationKey)).toEqual(['CNA-2026', 'wang2026xijin']);
  });

  it('gives sources of a library from before keys their keys when it is opened, in id order, and never changes them after', () => {
    const dir = tempDir();
    const level5 = join(dir, 'migrations');
    mkdirSync(level5);
    for (const f of readdirSync(MIGRATIONS).filter((n) => /^000[1-5]_/.test(n))) cpSync(join(MIGRATIONS, f), join(level5, f));
    const file = join(dir, 'old.db');
    const old = Library.open(file, level5);
    const now = new Date().toISOString();
    const insert = old.store.db.prepare('INSERT INTO sources (uuid, type, title, csl, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)');
    for (const [uuid, csl] of [
      // As Apostil stored them before keys: the item's id was the row's uuid.
      ['0a1b2c3d4e5f60718293a4b5c6d7e8f9', news({ id: '0a1b2c3d4e5f60718293a4b5c6d7e8f9' })],
      ['1a1b2c3d4e5f60718293a4b5c6d7e8f9', news({ id: '1a1b2c3d4e5f60718293a4b5c6d7e8f9', author: [{ family: '李', given: '華' }] })],
      ['2a1b2c3d4e5f60718293a4b5c6d7e8f9', news({ id: '2a1b2c3d4e5f60718293a4b5c6d7e8f9' })],
    ] as const) {
      insert.run(uuid, csl.type, csl.title, JSON.stringify(csl), now, now);
    }
    old.close();

    const lib = Library.open(file, MIGRATIONS);
    const keys = lib.sources.list().map((s) => s.citationKey);
    expect(keys).toEqual(['wang2026xijin', 'li2026xijin', 'wang2026xijin-2']);
    lib.store.db.prepare("UPDATE sources SET csl = json_set(csl, '$.title', 'Changed') WHERE id = 1").run();
    lib.close();
    const again = Library.open(file, MIGRATIONS);
    expect(again.sources.list().map((s) => s.citationKey)).toEqual(keys);
    again.close();
  });
});
