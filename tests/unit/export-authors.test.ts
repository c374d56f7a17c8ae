import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv04 from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { unzipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import { describe, expect, it } from 'vitest';
import { quoteJson } from '../../app/cli/output';
import { exportToString } from '../../app/core/export';
import { importFile } from '../../app/core/import';
import { guidOf } from '../../app/core/export/qdpx';
import type { Library } from '../../app/core/library';
import { setPersonName } from '../../app/sync/setup';
import { w3cValidators } from './exchange-fixture';
import { openLibrary, TESTDATA } from './helpers';

const WA = join(TESTDATA, 'web-annotation');
const readJson = (file: string) => JSON.parse(readFileSync(file, 'utf8'));

/** The W3C test suite's assertions about creators (annotation and body: present, an Agent with an id IRI, a type and a name); returns those that fail. */
function creatorChecks(): (doc: unknown) => string[] {
  const ajv = new Ajv04({ strict: false, allErrors: false, validateSchema: false });
  addFormats(ajv);
  for (const f of readdirSync(join(WA, 'definitions'))) if (f.endsWith('.json')) ajv.addSchema(readJson(join(WA, 'definitions', f)));
  const checks = [
    'annotations/3.3.1-annotationCreatorImplemented.json',
    'annotations/3.3.2-annotationCreatorAgentIdImplemented.json',
    'annotations/3.3.2-annotationCreatorAgentTypeImplemented.json',
    'annotations/3.3.2-annotationCreatorAgentNameImplemented.json',
    'annotations/bodiesTargets/3.3.1-bodyCreator.json',
    'annotations/bodiesTargets/3.3.2-bodyCreatorAgentIdImplemented.json',
    'annotations/bodiesTargets/3.3.2-bodyCreatorAgentTypeImplemented.json',
    'annotations/bodiesTargets/3.3.2-bodyCreatorAgentNameImplemented.json',
  ].map((p) => {
    const schema = readJson(join(WA, p));
    schema.id = `_creator_${p.replace(/\//g, '_')}`;
    return { p, validate: ajv.compile(schema) };
  });
  return (doc) => checks.filter((c) => !c.validate(doc)).map((c) => c.p);
}

const TEXT = '北韓外交部發表談話，批評美韓聯合軍演。韓國統一部表示將持續關注。';
const OTHER = '3f0c1d52-7a4e-4b8e-9c1d-2a6b5e4f7d10';

/** Ana (this library, named) made one quote and tagged it; 柏宇 (from elsewhere) commented it and made another. */
function team(): { lib: Library; mine: number; theirs: number } {
  const lib = openLibrary();
  setPersonName(lib, 'Ana');
  const { article } = lib.articles.importText('a.txt', TEXT);
  const mine = lib.quotes.create({ articleId: article.id, start: 0, end: 5, tags: ['主題/外交'] }).id;
  lib.store.db.prepare("UPDATE quotes SET comment = '待查證', comment_by_id = ?, comment_by_name = '柏宇' WHERE id = ?").run(OTHER, mine);
  const theirs = Number(
    lib.store.db
      .prepare(
        `INSERT INTO quotes (uuid, article_id, exact, start, "end", created_at, updated_at, author_id, author_name)
         VALUES ('6b1f0f3e-2c4d-4e5f-8a9b-0c1d2e3f4a5b', ?, '批評美韓聯合軍演', 10, 18, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z', ?, '柏宇')`,
      )
      .run(article.id, OTHER).lastInsertRowid,
  );
  return { lib, mine, theirs };
}

describe('exports carry who made what', () => {
  it('W3C: the quote author is the annotation creator, comment and tag writers their bodies’ creators, all valid', () => {
    const { lib, mine, theirs } = team();
    const doc = JSON.parse(exportToString(lib, { format: 'w3c', scope: { kind: 'all' } }, { generator: 't' }).content);
    const v = w3cValidators();
    const creators = creatorChecks();
    const items = doc.first.items as Record<string, unknown>[];
    for (const item of items) {
      expect(v.annotation(item)).toEqual([]);
      // The body assertions apply to annotations that have a body (a bare highlight has none).
      expect(creators(item).filter((p) => item.body !== undefined || !p.includes('/bodiesTargets/'))).toEqual([]);
    }
    const me = lib.setting('person_id')!;
    const byId = (id: number) => items.find((i) => i.id === `urn:uuid:${lib.quotes.get(id).uuid}`)!;
    expect(byId(mine).creator).toEqual({ id: `urn:uuid:${me}`, type: 'Person', name: 'Ana' });
    expect(byId(mine).body).toEqual([
      expect.objectContaining({ purpose: 'commenting', value: '待查證', creator: { id: `urn:uuid:${OTHER}`, type: 'Person', name: '柏宇' } }),
      { type: 'TextualBody', purpose: 'tagging', value: '主題/外交', creator: { id: `urn:uuid:${me}`, type: 'Person', name: 'Ana' } },
    ]);
    expect(byId(theirs).creator).toEqual({ id: `urn:uuid:${OTHER}`, type: 'Person', name: '柏宇' });
  });

  it('a library that never synced exports no creator at all', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', TEXT);
    lib.quotes.create({ articleId: article.id, start: 0, end: 5, comment: '重點', tags: ['主題'] });
    const text = exportToString(lib, { format: 'w3c', scope: { kind: 'all' } }, { generator: 't' }).content;
    expect(text).not.toContain('creator');
    expect(text).not.toContain('Person');
  });

  it('REFI-QDA project: coders as Users, each coding credited to who linked the tag, positions in the shipped text', () => {
    const { lib, mine, theirs } = team();
    // 柏宇 tags their own quote; an orphaned quote is left out.
    const tag = lib.tags.ensure('主題/軍演');
    lib.store.db.prepare("INSERT INTO quote_tags (quote_id, tag_id, author_id, author_name) VALUES (?, ?, ?, '柏宇')").run(theirs, tag, OTHER);
    const { content, encoding, filename } = exportToString(lib, { format: 'qdpx', scope: { kind: 'all' } }, { generator: 'Apostil test' });
    expect(encoding).toBe('base64');
    expect(filename).toMatch(/\.qdpx$/);
    const files = unzipSync(Buffer.from(content, 'base64'));
    const project = new TextDecoder().decode(files['project.qde']);
    const doc = parseDocument(project, { xmlMode: true });
    const all = (name: string) => DomUtils.getElementsByTagName(name, doc.children, true);
    const me = lib.setting('person_id')!;
    expect(all('User').map((u) => u.attribs)).toEqual([
      { guid: me, name: 'Ana' },
      { guid: OTHER, name: '柏宇' },
    ]);
    const [source] = all('TextSource');
    const text = [...new TextDecoder().decode(files[`sources/${source!.attribs.guid}.txt`])];
    const selections = all('PlainTextSelection');
    expect(selections).toHaveLength(2);
    for (const sel of selections) {
      const q = lib.quotes.get(selections.indexOf(sel) === 0 ? mine : theirs);
      expect(sel.attribs.guid).toBe(guidOf(q.uuid));
      expect(text.slice(Number(sel.attribs.startPosition), Number(sel.attribs.endPosition)).join('')).toBe(q.exact);
      expect(sel.attribs.creatingUser).toBe(q.author!.id);
    }
    const codings = all('Coding');
    const codes = new Map(all('Code').map((c) => [c.attribs.guid, c.attribs.name]));
    expect(codings.map((c) => [c.attribs.creatingUser, codes.get(DomUtils.getElementsByTagName('CodeRef', c.children)[0]!.attribs.targetGUID)])).toEqual([
      [me, '外交'],
      [OTHER, '軍演'],
    ]);
    expect(DomUtils.textContent(all('Description'))).toBe('待查證');
    expect(guidOf('p2')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(guidOf('p2')).toBe(guidOf('p2'));
  });

  it('REFI-QDA project of a library that never synced names no coder', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', TEXT);
    lib.quotes.create({ articleId: article.id, start: 0, end: 5, tags: ['主題'] });
    const files = unzipSync(Buffer.from(exportToString(lib, { format: 'qdpx', scope: { kind: 'all' } }, { generator: 't' }).content, 'base64'));
    const project = new TextDecoder().decode(files['project.qde']);
    expect(project).not.toContain('<Users>');
    expect(project).not.toContain('creatingUser');
    expect(project).toContain('<CodeRef targetGUID=');
  });

  it('a backup keeps who wrote each comment and made each tag link, and restoring it is not activity', () => {
    const { lib, mine, theirs } = team();
    lib.store.db
      .prepare("INSERT INTO quote_tags (quote_id, tag_id, author_id, author_name) VALUES (?, ?, ?, '柏宇')")
      .run(theirs, lib.tags.ensure('主題/軍演'), OTHER);
    const backup = exportToString(lib, { format: 'json', scope: { kind: 'all' } }, { generator: 't' }).content;
    const target = openLibrary();
    setPersonName(target, 'Cleo');
    importFile(target, { name: 'b.json', text: backup });
    const byUuid = (uuid: string) => target.quotes.get((target.store.db.prepare('SELECT id FROM quotes WHERE uuid = ?').get(uuid) as { id: number }).id);
    const restored = byUuid(lib.quotes.get(mine).uuid);
    expect(restored).toMatchObject({ author: { name: 'Ana' }, commentBy: { id: OTHER, name: '柏宇' } });
    expect(quoteJson(restored, TEXT)).toMatchObject({ author: { name: 'Ana' }, commentBy: { id: OTHER, name: '柏宇' } });
    expect(target.store.db.prepare('SELECT author_name AS a FROM quote_tags ORDER BY author_name').all()).toEqual([{ a: 'Ana' }, { a: '柏宇' }]);
    expect(target.activity.list()).toMatchObject({ groups: [], unseen: 0 });
    // The same file again, exported from the restored library.
    expect(exportToString(target, { format: 'json', scope: { kind: 'all' } }, { generator: 't' }).content.replace(/"exportedAt":"[^"]*"/, '')).toBe(
      backup.replace(/"exportedAt":"[^"]*"/, ''),
    );
  });
});
