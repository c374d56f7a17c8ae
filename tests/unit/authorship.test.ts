import { afterEach, describe, expect, it } from 'vitest';
import { quoteJson } from '../../app/cli/output';
import { computeAgreement } from '../../app/core/agreement';
import { exportToString } from '../../app/core/export';
import type { Quote } from '../../app/core/model';
import { setPersonName } from '../../app/sync/setup';
import { device, TestServer, type Device } from './sync-harness';
import { openLibrary, tempDir } from './helpers';

const open: Device[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const s of servers.splice(0)) await s.stop();
});

const TEXT = 'The leaders discussed semiconductors and rare earths.\n\nThey also discussed THAAD and K-pop.';

async function converge(devices: Device[]): Promise<void> {
  for (const d of devices) d.online();
  for (let round = 0; round < 2; round++) for (const d of devices) await d.sync();
}

function quoteByUuid(d: Device, uuid: string): Quote {
  const id = (d.library.store.db.prepare('SELECT id FROM quotes WHERE uuid = ?').get(uuid) as { id: number }).id;
  return d.call<{ quotes: Quote[] }>('quotes:get', { ids: [id] }).quotes[0]!;
}

describe('authorship', () => {
  it('a library that never synced shows no author; naming it attributes its own earlier quotes; CSV gains an author column', () => {
    const lib = openLibrary();
    const me = lib.setting('person_id');
    expect(me).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const { article } = lib.articles.importText('a.txt', TEXT);
    const q = lib.quotes.create({ articleId: article.id, start: 4, end: 11 });
    expect(q.author).toBeUndefined();
    expect('author' in quoteJson(q, TEXT)).toBe(false);
    const csv = () => exportToString(lib, { format: 'csv', scope: { kind: 'all' } }, { generator: 't' }).content;
    expect(csv().split('\r\n')[0]).not.toMatch(/,author$/);
    setPersonName(lib, 'Ana');
    expect(lib.quotes.get(q.id).author).toEqual({ id: me, name: 'Ana' });
    const later = lib.quotes.create({ articleId: article.id, start: 22, end: 35 });
    expect(quoteJson(later, TEXT).author).toEqual({ id: me, name: 'Ana' });
    const lines = csv().split('\r\n');
    expect(lines[0]).toMatch(/,author$/);
    expect(lines[1]).toMatch(/,Ana$/);
  });

  it('a quote made on device B shows B as its author on device A; both coders feed the agreement table', async () => {
    const dir = tempDir();
    const server = new TestServer(`${dir}/server`);
    servers.push(server);
    const url = await server.start();
    const a = device(dir, 'a');
    const b = device(dir, 'b');
    open.push(a, b);
    await a.connect(url, server.invite(), 'Ana');
    await b.connect(url, server.invite(), 'Bo');
    const { article } = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
    const { quote: mine } = a.call<{ quote: Quote }>('quotes:create', { articleId: article.id, start: 4, end: 30, tags: ['topic/trade'] });
    await converge([a, b]);
    const articleB = (b.library.store.db.prepare('SELECT id FROM articles').get() as { id: number }).id;
    const { quote: theirs } = b.call<{ quote: Quote }>('quotes:create', { articleId: articleB, start: 12, end: 30, tags: ['topic/trade'] });
    expect(theirs.author?.name).toBe('Bo');
    await converge([a, b]);
    const seen = quoteByUuid(a, theirs.uuid);
    expect(seen.author).toEqual({ id: b.library.setting('person_id'), name: 'Bo' });
    expect(seen.author?.id).not.toBe(a.library.setting('person_id'));
    expect(quoteByUuid(b, mine.uuid).author).toEqual({ id: a.library.setting('person_id'), name: 'Ana' });
    // An edit on A leaves B's authorship alone.
    a.call('quotes:update', { id: seen.id, comment: 'checked' });
    await converge([a, b]);
    expect(quoteByUuid(b, theirs.uuid)).toMatchObject({ comment: 'checked', author: { name: 'Bo' } });
    // Both devices compute the same table: Ana coded 4–30, Bo 12–30 of the article's characters.
    const table = computeAgreement(a.library, { tag: 'topic' });
    expect(table.coders).toEqual(['Ana', 'Bo']);
    expect(computeAgreement(b.library, { tag: 'topic' })).toEqual(table);
    const trade = table.tags.find((t) => t.tag === 'topic/trade')!;
    expect(trade.coded).toEqual([26, 18]);
    expect(trade.agreement).toBeCloseTo((TEXT.length - 8) / TEXT.length, 12);
  });
});
