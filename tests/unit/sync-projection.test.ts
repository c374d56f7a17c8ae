import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { device, type Device } from './sync-harness';
import { tempDir } from './helpers';

// The projection of documents into the tables: its search index (written in one batch per
// reconciliation) and the logging of updates from elsewhere (in the same transaction).

const open: Device[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
});

const TEXT = '李在明總統今天訪問北京，與習近平會談。\n\n雙方討論了半導體與稀土供應鏈的合作。\n\nThe leaders also discussed THAAD and K-pop.';

/** A device configured as connected whose documents travel by hand (no server). */
function handDevice(dir: string, name: string): Device {
  const d = device(dir, name);
  open.push(d);
  d.engine.setConfig('server', 'ws://127.0.0.1:9');
  d.engine.setConfig('library', 'team');
  return d;
}

/** Applies what `to` lacks of `from`'s documents, as the server would, and hands over article texts; projects unless told not to. */
function relay(from: Device, to: Device, project = true): void {
  from.engine.reconcile();
  for (const name of from.engine.docs.names()) {
    const dst = to.engine.docs.get(name);
    Y.applyUpdate(dst, Y.encodeStateAsUpdate(from.engine.docs.get(name), Y.encodeStateVector(dst)), 'relay');
  }
  for (const b of from.engine.uploads(100)) to.engine.addBlob(b.hash, b.text);
  if (project) to.engine.reconcile();
}

/** The quote index as stored, row by row. */
function quoteIndex(d: Device): unknown[] {
  return d.library.store.db.prepare('SELECT rowid, exact, comment, exact_pairs, comment_pairs, meta FROM quotes_fts ORDER BY rowid').all();
}

/** Fails unless the quote index equals what a rebuild from the rows makes. */
function expectIndexCurrent(d: Device): void {
  const projected = quoteIndex(d);
  d.library.searchIndex.rebuild();
  expect(projected).toEqual(quoteIndex(d));
}

const hits = (d: Device, query: string): number =>
  d.call<{ results: { type: string }[] }>('search:query', { query }).results.filter((r) => r.type === 'quote').length;

describe('projection of synced quotes', () => {
  it('keeps the search index of synced quotes as a rebuild would make it: new, edited, re-tagged, trashed and removed quotes', () => {
    const dir = tempDir();
    const a = handDevice(dir, 'a');
    const b = handDevice(dir, 'b');
    const articleId = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) {
      const start = (i * 7) % 60;
      ids.push(
        a.call<{ quote: { id: number } }>('quotes:create', { articleId, start, end: start + 4, tags: [`topic/t${i % 3}`], comment: `批註${i} note${i}` }).quote
          .id,
      );
    }
    relay(a, b);
    expect(b.library.quotes.count({ state: 'all' })).toBe(30);
    expect(hits(b, 'note7')).toBe(1);
    expectIndexCurrent(b);

    a.call('quotes:update', { id: ids[0], comment: '稀土 rewritten' });
    a.call('quotes:tag', { id: ids[1], tags: ['region/Korea'] });
    a.call('quotes:untag', { id: ids[2], tags: ['topic/t2'] });
    a.call('quotes:delete', { id: ids[3] });
    a.library.store.tx(() => a.library.store.db.prepare('DELETE FROM quotes WHERE id = ?').run(ids[4]));
    relay(a, b);
    expect(b.library.quotes.count({ state: 'all' })).toBe(29);
    expect(hits(b, 'rewritten')).toBe(1);
    expect(hits(b, 'note0')).toBe(0);
    expect(hits(b, 'note3')).toBe(0);
    expect(hits(b, 'note4')).toBe(0);
    expectIndexCurrent(b);

    // One quote at a time is left to the triggers: the index is just as current.
    a.call('quotes:update', { id: ids[5], comment: '單獨 alone' });
    relay(a, b);
    expect(hits(b, 'alone')).toBe(1);
    a.call('quotes:tag', { id: ids[5], tags: ['region/Taiwan'] });
    relay(a, b);
    expectIndexCurrent(b);
  });

  it('leaves a stale index stale (for the rebuild at the next start) instead of indexing row by row', () => {
    const dir = tempDir();
    const a = handDevice(dir, 'a');
    const b = handDevice(dir, 'b');
    const articleId = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    a.call('quotes:create', { articleId, start: 0, end: 5, comment: 'stale one' });
    b.library.searchIndex.suspend();
    relay(a, b);
    expect(b.library.quotes.count({ state: 'all' })).toBe(1);
    expect(b.library.searchIndex.isCurrent()).toBe(false);
    b.library.searchIndex.rebuild();
    expect(hits(b, 'stale')).toBe(1);
  });
});

describe('logging of received updates', () => {
  it('logs updates from elsewhere in the transaction that projects them, and reloads them from the database', () => {
    const dir = tempDir();
    const a = handDevice(dir, 'a');
    const b = handDevice(dir, 'b');
    const articleId = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    a.call('quotes:create', { articleId, start: 0, end: 5, comment: 'first' });
    const logged = () => (b.library.store.db.prepare('SELECT count(*) AS n FROM sync_log').get() as { n: number }).n;
    const before = logged();
    relay(a, b, false);
    // Received, not yet logged nor projected: the documents wait for the next reconciliation.
    expect(logged()).toBe(before);
    expect(b.engine.dirtyDocs().length).toBeGreaterThan(0);
    expect(b.library.quotes.count({ state: 'all' })).toBe(0);
    b.engine.reconcile();
    expect(b.engine.dirtyDocs()).toEqual([]);
    expect(logged()).toBeGreaterThan(before);
    expect(b.library.quotes.count({ state: 'all' })).toBe(1);
    // What was logged is what the documents hold: a fresh load has the same state.
    const states = new Map(b.engine.docs.names().map((n) => [n, Y.encodeStateVector(b.engine.docs.get(n))]));
    b.engine.unload();
    for (const [n, sv] of states) expect(Y.encodeStateVector(b.engine.docs.get(n))).toEqual(sv);
  });

  it('forgets received updates a failed transaction did not log, and receives them again', () => {
    const dir = tempDir();
    const a = handDevice(dir, 'a');
    const b = handDevice(dir, 'b');
    const articleId = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    a.call('quotes:create', { articleId, start: 0, end: 5, comment: 'again' });
    relay(a, b, false);
    // The process stops before reconciling: the documents reload without what was received.
    b.engine.unload();
    expect(b.engine.dirtyDocs()).toEqual([]);
    b.engine.reconcile();
    expect(b.library.quotes.count({ state: 'all' })).toBe(0);
    relay(a, b);
    expect(b.library.quotes.count({ state: 'all' })).toBe(1);
    expect(b.snapshot()).toEqual(a.snapshot());
  });
});
