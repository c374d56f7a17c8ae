import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { mirrorMark } from '../../app/sync/sourceFields';
import { device, type Device } from './sync-harness';
import { tempDir } from './helpers';

// Sources merge field by field: each CSL variable of a source is its own register in the
// library document, so fields edited on different devices all survive, and one edited on
// several ends with the same value everywhere. Documents written before (the whole item
// in one `csl` entry) still load, and an older version's whole-item write still counts.

const open: Device[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const TEXT = '李在明總統今天訪問北京，與習近平會談。\n\n雙方討論了半導體與稀土供應鏈的合作。';

/** A device configured as connected whose documents travel by hand (no server). */
function handDevice(dir: string, name: string): Device {
  const d = device(dir, name);
  open.push(d);
  d.engine.setConfig('server', 'ws://127.0.0.1:9');
  d.engine.setConfig('library', 'team');
  return d;
}

/** Hands what `to` lacks of `from`'s documents and article texts over, as the server would, and lets `to` project it. */
function relay(from: Device, to: Device): void {
  from.engine.reconcile();
  for (const name of from.engine.docs.names()) {
    const dst = to.engine.docs.get(name);
    Y.applyUpdate(dst, Y.encodeStateAsUpdate(from.engine.docs.get(name), Y.encodeStateVector(dst)), 'relay');
  }
  for (const b of from.engine.uploads(100)) to.engine.addBlob(b.hash, b.text);
  to.engine.reconcile();
}

/** Both ways, twice, until the devices hold the same documents. */
function converge(devices: Device[]): void {
  for (let round = 0; round < 2; round++) for (const from of devices) for (const to of devices) if (from !== to) relay(from, to);
}

interface SourceOut {
  uuid: string;
  citationKey: string;
  csl: Record<string, unknown>;
}

/** The sources of a device, each item without its `id` (the citation key, compared on its own). */
const sources = (d: Device): SourceOut[] =>
  d.call<{ sources: SourceOut[] }>('sources:list', {}).sources.map((s) => {
    const { id: _id, ...csl } = s.csl;
    return { uuid: s.uuid, citationKey: s.citationKey, csl };
  });

const articleOf = (d: Device): number => d.call<{ articles: { id: number }[] }>('articles:list', {}).articles[0]!.id;

const ITEM = { type: 'article-newspaper', title: '習李會', author: [{ family: '王', given: '小明' }], issued: { 'date-parts': [[2026, 1, 2]] } };

/** Two devices sharing one article with a source recorded on the first. */
function pair(): { a: Device; b: Device; dir: string } {
  const dir = tempDir();
  const a = handDevice(dir, 'a');
  const b = handDevice(dir, 'b');
  a.call('articles:import', { name: 'visit.txt', text: TEXT });
  a.call('sources:set', { articleId: articleOf(a), csl: ITEM });
  converge([a, b]);
  expect(sources(b)).toEqual(sources(a));
  return { a, b, dir };
}

/** The library document's entry of the one source. */
function entryOf(d: Device): Y.Map<unknown> {
  const map = d.engine.docs.get('library').getMap<unknown>('sources');
  return map.get([...map.keys()][0]!) as Y.Map<unknown>;
}

describe('sources merged field by field', () => {
  it('keeps different fields edited on two devices offline, and adds and removes fields', () => {
    const { a, b } = pair();
    a.call('sources:set', { articleId: articleOf(a), csl: { ...ITEM, title: '習李會（更新）' } });
    const { issued: _issued, ...withoutDate } = ITEM;
    b.call('sources:set', { articleId: articleOf(b), csl: { ...withoutDate, URL: 'https://example.org/news', author: [{ family: '李', given: '華' }] } });
    converge([a, b]);
    const [sa] = sources(a);
    expect(sa!.csl).toEqual({ type: 'article-newspaper', title: '習李會（更新）', author: [{ family: '李', given: '華' }], URL: 'https://example.org/news' });
    expect(sources(b)).toEqual(sources(a));
  });

  it('gives the same field edited on two devices one value, the same on both', () => {
    const { a, b } = pair();
    a.call('sources:set', { articleId: articleOf(a), csl: { ...ITEM, title: 'Title from a', publisher: 'Press A' } });
    b.call('sources:set', { articleId: articleOf(b), csl: { ...ITEM, title: 'Title from b' } });
    converge([a, b]);
    const [sa] = sources(a);
    expect(['Title from a', 'Title from b']).toContain(sa!.csl.title);
    expect(sa!.csl.publisher).toBe('Press A');
    expect(sources(b)).toEqual(sources(a));
  });

  it('loads a source from a document written before sources travelled field by field, and edits it field by field', () => {
    const dir = tempDir();
    const a = handDevice(dir, 'a');
    const b = handDevice(dir, 'b');
    a.call('articles:import', { name: 'visit.txt', text: TEXT });
    relay(a, b);
    // The entry as earlier versions wrote it: the whole item in `csl`, no field entries.
    const lib = a.engine.docs.get('library');
    const uuid = 'a0000000-0000-4000-8000-000000000001';
    lib.transact(() => {
      const m = new Y.Map<unknown>();
      lib.getMap<unknown>('sources').set(uuid, m);
      m.set('csl', JSON.stringify({ id: 'wang2026', ...ITEM }));
      m.set('key', 'wang2026');
      m.set('createdAt', '2026-01-02T00:00:00.000Z');
    }, 'older version');
    // The article points at the source, as it does in such a document.
    const article = [...lib.getMap<unknown>('articles').values()][0] as Y.Map<unknown>;
    lib.transact(() => article.set('source', uuid), 'older version');
    converge([a, b]);
    for (const d of [a, b]) expect(sources(d)).toEqual([{ uuid, citationKey: 'wang2026', csl: ITEM }]);
    a.call('sources:set', { articleId: articleOf(a), csl: { ...ITEM, title: 'New title' } });
    b.call('sources:set', { articleId: articleOf(b), csl: { ...ITEM, URL: 'https://example.org/b' } });
    converge([a, b]);
    expect(sources(a)[0]!.csl).toEqual({ ...ITEM, title: 'New title', URL: 'https://example.org/b' });
    expect(sources(b)).toEqual(sources(a));
    // The whole item stays readable for older versions, with the mark of who wrote it.
    const m = entryOf(a);
    expect(JSON.parse(m.get('csl') as string)).toEqual({ id: 'wang2026', ...sources(a)[0]!.csl });
    expect(m.get('cslOf')).toBe(mirrorMark(m.get('csl') as string));
  });

  it('takes a whole-item write of an older version as an edit of every field, the same on every device', () => {
    const { a, b } = pair();
    a.call('sources:set', { articleId: articleOf(a), csl: { ...ITEM, title: 'Per field' } });
    converge([a, b]);
    // An older version rewrites `csl` and knows nothing of the field entries or the mark.
    const older = { type: 'book', title: 'Older version', author: [{ family: '王', given: '小明' }] };
    const lib = b.engine.docs.get('library');
    const id = JSON.parse(entryOf(b).get('csl') as string).id as string;
    lib.transact(() => entryOf(b).set('csl', JSON.stringify({ id, ...older })), 'older version');
    converge([a, b]);
    for (const d of [a, b]) expect(sources(d)[0]!.csl).toEqual(older);
    // Field edits afterwards merge on top of it.
    a.call('sources:set', { articleId: articleOf(a), csl: { ...older, publisher: 'Press A' } });
    b.call('sources:set', { articleId: articleOf(b), csl: { ...older, title: 'Edited on b' } });
    converge([a, b]);
    expect(sources(a)[0]!.csl).toEqual({ ...older, title: 'Edited on b', publisher: 'Press A' });
    expect(sources(b)).toEqual(sources(a));
  });
});
