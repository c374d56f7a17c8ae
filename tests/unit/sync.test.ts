import { afterEach, describe, expect, it } from 'vitest';
import { device, TestServer, type Device } from './sync-harness';
import { tempDir } from './helpers';

const open: Device[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const s of servers.splice(0)) await s.stop();
});

async function setup(n: number): Promise<Device[]> {
  const dir = tempDir();
  const server = new TestServer(`${dir}/server`);
  servers.push(server);
  const url = await server.start();
  const devices: Device[] = [];
  for (let i = 0; i < n; i++) {
    const d = device(dir, `device${i}`);
    open.push(d);
    await d.connect(url, server.invite());
    devices.push(d);
  }
  return devices;
}

/** Brings every device online and waits until all have sent and received everything, twice over. */
async function converge(devices: Device[]): Promise<void> {
  for (const d of devices) d.online();
  for (let round = 0; round < 2; round++) for (const d of devices) await d.sync();
}

const TEXT = '李在明總統今天訪問北京，與習近平會談。\n\n雙方討論了半導體與稀土供應鏈的合作。\n\nThe leaders also discussed THAAD and K-pop.';

interface QuoteOut {
  id: number;
  uuid: string;
  comment: string;
  color: string | null;
  tags: string[];
  deletedAt: string | null;
  status: string;
}

function quoteByUuid(d: Device, uuid: string): QuoteOut {
  const id = (d.library.store.db.prepare('SELECT id FROM quotes WHERE uuid = ?').get(uuid) as { id: number }).id;
  return d.call<{ quotes: QuoteOut[] }>('quotes:get', { ids: [id] }).quotes[0]!;
}

/** Two devices sharing one article with one quote (uuid returned), both offline afterwards. */
async function shared(): Promise<{ a: Device; b: Device; uuid: string; articleA: number }> {
  const [a, b] = (await setup(2)) as [Device, Device];
  const { article } = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
  const { quote } = a.call<{ quote: QuoteOut }>('quotes:create', { articleId: article.id, start: 0, end: 5, tags: ['region/Korea'] });
  await converge([a, b]);
  await a.offline();
  await b.offline();
  return { a, b, uuid: quote.uuid, articleA: article.id };
}

describe('sync between devices', () => {
  it('brings an article, its quotes, tags, source and a note to a second device', async () => {
    const [a, b] = (await setup(2)) as [Device, Device];
    const { article } = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
    const { quote } = a.call<{ quote: { id: number } }>('quotes:create', { articleId: article.id, start: 0, end: 5, tags: ['region/Korea'], comment: '總統' });
    a.call('sources:set', {
      articleId: article.id,
      csl: { type: 'article-newspaper', title: '李在明訪問北京', author: [{ family: '王', given: '曉明' }], issued: { 'date-parts': [[2026, 1, 2]] } },
    });
    a.call('notes:create', {
      title: 'Visit',
      doc: {
        type: 'doc',
        content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'Hello' }] },
          { type: 'quote_embed', attrs: { quoteId: quote.id } },
        ],
      },
    });
    await converge([a, b]);
    const snap = b.snapshot() as { quotes: unknown[]; notes: unknown[]; tags: unknown[]; sources: unknown[] };
    expect(snap.quotes).toHaveLength(1);
    expect(snap.notes).toHaveLength(1);
    expect(snap.tags).toHaveLength(2);
    expect(snap.sources).toHaveLength(1);
    expect(b.snapshot()).toEqual(a.snapshot());
    expect(b.call<{ results: unknown[] }>('search:query', { query: '李在明' }).results.length).toBeGreaterThan(0);
  });

  it('keeps both fields when two devices edit different fields of one quote offline, and one winner for the same field', async () => {
    const { a, b, uuid } = await shared();
    a.call('quotes:update', { id: quoteByUuid(a, uuid).id, comment: 'from A' });
    b.call('quotes:update', { id: quoteByUuid(b, uuid).id, color: '#ff0000' });
    await converge([a, b]);
    expect(quoteByUuid(a, uuid)).toMatchObject({ comment: 'from A', color: '#ff0000' });
    expect(b.snapshot()).toEqual(a.snapshot());
    await a.offline();
    await b.offline();
    a.call('quotes:update', { id: quoteByUuid(a, uuid).id, comment: 'A again' });
    b.call('quotes:update', { id: quoteByUuid(b, uuid).id, comment: 'B again' });
    await converge([a, b]);
    expect(['A again', 'B again']).toContain(quoteByUuid(a, uuid).comment);
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  it('keeps tags added on two devices, and a trashed quote keeps a comment made elsewhere', async () => {
    const { a, b, uuid } = await shared();
    a.call('quotes:tag', { id: quoteByUuid(a, uuid).id, tags: ['topic/trade'] });
    b.call('quotes:tag', { id: quoteByUuid(b, uuid).id, tags: ['topic/security'] });
    a.call('quotes:delete', { id: quoteByUuid(a, uuid).id });
    b.call('quotes:update', { id: quoteByUuid(b, uuid).id, comment: 'kept' });
    await converge([a, b]);
    const q = quoteByUuid(b, uuid);
    expect(q.tags).toEqual(['region/Korea', 'topic/security', 'topic/trade']);
    expect(q.deletedAt).not.toBeNull();
    expect(q.comment).toBe('kept');
    expect(b.call<{ quote: QuoteOut }>('quotes:restore', { id: q.id }).quote.comment).toBe('kept');
    expect(b.snapshot()).not.toEqual(a.snapshot());
    await converge([a, b]);
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  it('gives quotes tagged on one device the name a tag was renamed to on another', async () => {
    const { a, b, articleA } = await shared();
    const korea = a.call<{ tags: { id: number; path: string }[] }>('tags:list', {}).tags.find((t) => t.path === 'region/Korea')!;
    a.call('tags:rename', { id: korea.id, name: 'South Korea' });
    const articleB = b.call<{ articles: { id: number }[] }>('articles:list', {}).articles[0]!.id;
    const { quote } = b.call<{ quote: QuoteOut }>('quotes:create', { articleId: articleB, start: 6, end: 10, tags: ['region/Korea'] });
    await converge([a, b]);
    expect(quoteByUuid(a, quote.uuid).tags).toEqual(['region/South Korea']);
    expect(b.snapshot()).toEqual(a.snapshot());
    void articleA;
  });

  it('makes one tag of the same path created on two devices, and one article of the same text imported twice', async () => {
    const [a, b] = (await setup(2)) as [Device, Device];
    const idA = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    const idB = b.call<{ article: { id: number } }>('articles:import', { name: 'visit-copy.txt', text: TEXT }).article.id;
    const qa = a.call<{ quote: QuoteOut }>('quotes:create', { articleId: idA, start: 0, end: 5, tags: ['topic/chips'] }).quote;
    const qb = b.call<{ quote: QuoteOut }>('quotes:create', { articleId: idB, start: 6, end: 10, tags: ['Topic/Chips'] }).quote;
    await converge([a, b]);
    const snap = a.snapshot() as { articles: unknown[]; tags: unknown[]; quotes: unknown[] };
    expect(snap.articles).toHaveLength(1);
    expect(snap.quotes).toHaveLength(2);
    expect(snap.tags).toHaveLength(2);
    expect(quoteByUuid(a, qa.uuid).tags).toEqual(quoteByUuid(a, qb.uuid).tags);
    expect(b.snapshot()).toEqual(a.snapshot());
    const chips = a.call<{ tags: { path: string; count: number }[] }>('tags:list', {}).tags.find((t) => t.path.toLowerCase() === 'topic/chips')!;
    expect(chips.count).toBe(2);
  });

  it('keeps concurrent note edits in different paragraphs and in the same one', async () => {
    const [a, b] = (await setup(2)) as [Device, Device];
    const para = (t: string) => ({ type: 'paragraph', content: [{ type: 'text', text: t }] });
    const { note } = a.call<{ note: { id: number; uuid: string } }>('notes:create', {
      title: 'N',
      doc: { type: 'doc', content: [para('first paragraph'), para('second paragraph')] },
    });
    await converge([a, b]);
    await a.offline();
    await b.offline();
    const idB = (b.library.store.db.prepare('SELECT id FROM notes WHERE uuid = ?').get(note.uuid) as { id: number }).id;
    a.call('notes:update', { id: note.id, doc: { type: 'doc', content: [para('first paragraph by A'), para('second paragraph')] } });
    b.call('notes:update', { id: idB, doc: { type: 'doc', content: [para('B: first paragraph'), para('second paragraph, B')] } });
    await converge([a, b]);
    const text = a.call<{ note: { text: string } }>('notes:get', { id: note.id }).note.text;
    expect(text).toBe('B: first paragraph by A\nsecond paragraph, B');
    expect(b.snapshot()).toEqual(a.snapshot());
  });

  it('converges three devices after offline edits on all of them', async () => {
    const devices = (await setup(3)) as [Device, Device, Device];
    const [a, b, c] = devices;
    const id = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    a.call('quotes:create', { articleId: id, start: 0, end: 5, tags: ['a/one'] });
    await converge(devices);
    for (const d of devices) await d.offline();
    const art = (d: Device) => d.call<{ articles: { id: number }[] }>('articles:list', {}).articles[0]!.id;
    b.call('quotes:create', { articleId: art(b), start: 6, end: 8, tags: ['b/two'], comment: 'B' });
    c.call('quotes:create', { articleId: art(c), start: 10, end: 12, tags: ['a/three'] });
    a.call('notes:create', { title: 'from A' });
    await converge(devices);
    const snap = a.snapshot() as { quotes: unknown[]; notes: unknown[] };
    expect(snap.quotes).toHaveLength(3);
    expect(snap.notes).toHaveLength(1);
    expect(b.snapshot()).toEqual(snap);
    expect(c.snapshot()).toEqual(snap);
  });
});
