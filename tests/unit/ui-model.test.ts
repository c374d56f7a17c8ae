import { describe, expect, it } from 'vitest';
import type { Channel, Request, Response } from '../../app/api/channels';
import type { ArticleSummary, Quote, Tag } from '../../app/core/model';
import type { Call } from '../../app/ui/model/api';
import type { Change } from '../../app/ui/model/changes';
import { Emitter } from '../../app/ui/model/emitter';
import { DisposableStore, toDisposable } from '../../app/ui/model/lifecycle';
import { PagedList } from '../../app/ui/model/pagedList';
import { QuoteStore, type QuoteChange } from '../../app/ui/model/quotes';
import { Model } from '../../app/ui/model/root';

/** A quote as the api would answer it. */
function quote(id: number, articleId = 1, extra: Partial<Quote> = {}): Quote {
  return {
    id,
    uuid: `q${id}`,
    articleId,
    exact: `quote ${id}`,
    prefix: '',
    suffix: '',
    start: id * 10,
    end: id * 10 + 5,
    comment: '',
    color: null,
    tags: [],
    status: 'exact',
    similarity: 1,
    revision: 1,
    reviewedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    deletedAt: null,
    ...extra,
  };
}

function article(id: number, quoteCount = 0): ArticleSummary {
  return { id, uuid: `a${id}`, title: `article ${id}`, date: null, lang: 'zh-Hant', chars: 100, importedAt: '2026-01-01T00:00:00Z', quoteCount };
}

function tag(id: number, path: string, color: string | null = null): Tag {
  return { id, uuid: `t${id}`, name: path.split('/').pop()!, path, parentId: null, color, count: 0, total: 0 };
}

/** An in-memory library answering the channels the model uses, recording every call. */
class FakeLibrary {
  quotes = new Map<number, Quote>();
  tags: Tag[] = [];
  articles: ArticleSummary[] = [article(1), article(2)];
  log: Change[] = [];
  pruned = 0;
  calls: { channel: Channel; req: unknown }[] = [];

  readonly call: Call = async <C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>> => {
    this.calls.push({ channel, req });
    return this.answer(channel, req as never) as Response<C>;
  };

  count(channel: Channel): number {
    return this.calls.filter((c) => c.channel === channel).length;
  }

  write(kind: Change['kind'], id: number, op: Change['op'] = 'put'): void {
    this.log.push({ seq: this.log.length + this.pruned + 1, kind, id, op });
  }

  private answer(channel: Channel, req: Record<string, unknown>): unknown {
    const live = () => [...this.quotes.values()].filter((q) => !q.deletedAt);
    switch (channel) {
      case 'quotes:list': {
        const all = live().filter((q) => req.articleId === undefined || q.articleId === req.articleId);
        const offset = (req.offset as number | undefined) ?? 0;
        const limit = (req.limit as number | undefined) ?? all.length;
        return { quotes: all.slice(offset, offset + limit), total: all.length };
      }
      case 'quotes:get':
        return { quotes: (req.ids as number[]).map((id) => this.quotes.get(id)).filter(Boolean) };
      case 'quotes:delete': {
        const q = { ...this.quotes.get(req.id as number)!, deletedAt: '2026-01-02T00:00:00Z' };
        this.quotes.set(q.id, q);
        this.write('quote', q.id);
        return { quote: q };
      }
      case 'quotes:tag': {
        const q = { ...this.quotes.get(req.id as number)!, tags: req.tags as string[] };
        this.quotes.set(q.id, q);
        return { quote: q };
      }
      case 'tags:list':
        return { tags: this.tags };
      case 'articles:list':
        return { articles: this.articles };
      case 'notes:list':
        return { notes: [] };
      case 'library:counts':
        return {
          counts: {
            quotes: { live: live().length, trash: this.quotes.size - live().length },
            notes: { live: 0, trash: 0 },
            articles: { live: this.articles.length, trash: 0 },
            tags: this.tags.length,
          },
        };
      case 'changes:since': {
        const cursor = this.log.length + this.pruned;
        const after = req.after as number | undefined;
        if (after === undefined) return { changes: [], cursor, more: false, reset: false };
        if (after < this.pruned) return { changes: [], cursor, more: false, reset: true };
        const changes = this.log.filter((c) => c.seq > after);
        const page = changes.slice(0, 2);
        return { changes: page, cursor: page.at(-1)?.seq ?? cursor, more: changes.length > 2, reset: false };
      }
      default:
        throw new Error(`the fake library does not answer ${channel}`);
    }
  }
}

function events(store: QuoteStore): QuoteChange[] {
  const seen: QuoteChange[] = [];
  store.onDidChange((e) => seen.push(e));
  return seen;
}

describe('lifecycle and emitter', () => {
  it('a disposed subscription hears nothing more, and a store disposes what it owns once', () => {
    const emitter = new Emitter<number>();
    const heard: number[] = [];
    const owner = new DisposableStore();
    owner.add(emitter.event((n) => heard.push(n)));
    let closed = 0;
    owner.add(toDisposable(() => closed++));
    emitter.fire(1);
    owner.dispose();
    owner.dispose();
    emitter.fire(2);
    expect(heard).toEqual([1]);
    expect(closed).toBe(1);
    expect(emitter.size).toBe(0);
    // Added after disposal: disposed at once.
    owner.add(toDisposable(() => closed++));
    expect(closed).toBe(2);
  });

  it('a listener that throws does not stop the others', () => {
    const emitter = new Emitter<string>();
    const heard: string[] = [];
    emitter.event(() => {
      throw new Error('boom');
    });
    emitter.event((s) => heard.push(s));
    const swallow = (err: unknown) => void err;
    process.on('uncaughtException', swallow);
    emitter.fire('a');
    expect(heard).toEqual(['a']);
    return new Promise<void>((done) => setTimeout(() => (process.off('uncaughtException', swallow), done()), 0));
  });
});

describe('QuoteStore', () => {
  it('keeps the pages it was asked for and the total, never the whole library', async () => {
    const lib = new FakeLibrary();
    for (let i = 1; i <= 250; i++) lib.quotes.set(i, quote(i));
    const store = new QuoteStore(lib.call, 100);
    const page = await store.page({}, 50, 20);
    expect(page.total).toBe(250);
    expect(page.quotes.map((q) => q.id)).toEqual(Array.from({ length: 20 }, (_, i) => 51 + i));
    expect(lib.calls.at(-1)).toEqual({ channel: 'quotes:list', req: { offset: 50, limit: 20 } });
    expect(store.size).toBe(20);
  });

  it('evicts the least recently used quotes beyond its capacity, but never pinned ones', async () => {
    const lib = new FakeLibrary();
    for (let i = 1; i <= 30; i++) lib.quotes.set(i, quote(i));
    const store = new QuoteStore(lib.call, 10);
    const first = await store.page({}, 0, 10);
    const pin = store.pin(first.quotes.slice(0, 3).map((q) => q.id));
    await store.page({}, 10, 10);
    expect(store.size).toBe(10);
    expect([1, 2, 3, 14, 20].every((id) => store.get(id))).toBe(true);
    expect([4, 10, 13].some((id) => store.get(id))).toBe(false);
    pin.dispose();
    await store.page({}, 20, 3);
    expect(store.size).toBe(10);
    expect(store.get(1)).toBeUndefined();
    expect(store.get(21)).toBeDefined();
  });

  it('fetches ids in batches of at most 1,000 and reports vanished quotes as gone', async () => {
    const lib = new FakeLibrary();
    for (let i = 1; i <= 2500; i++) lib.quotes.set(i, quote(i));
    const store = new QuoteStore(lib.call, 5000);
    const seen = events(store);
    await store.refresh([...Array.from({ length: 2500 }, (_, i) => i + 1), 9999]);
    expect(lib.count('quotes:get')).toBe(3);
    expect(lib.calls.every((c) => c.channel !== 'quotes:get' || (c.req as { ids: number[] }).ids.length <= 1000)).toBe(true);
    expect(seen.map((e) => e.kind)).toEqual(['gone', 'put']);
    expect(seen[0]).toEqual({ kind: 'gone', ids: [9999] });
  });

  it('ensure fetches only what it does not hold', async () => {
    const lib = new FakeLibrary();
    for (let i = 1; i <= 5; i++) lib.quotes.set(i, quote(i));
    const store = new QuoteStore(lib.call);
    await store.page({}, 0, 2);
    const got = await store.ensure([2, 3, 4]);
    expect(got.map((q) => q.id)).toEqual([2, 3, 4]);
    expect(lib.calls.at(-1)).toEqual({ channel: 'quotes:get', req: { ids: [3, 4] } });
  });
});

describe('Model', () => {
  it('counts come from library:counts, and refreshes asked for during one fold into one more', async () => {
    const lib = new FakeLibrary();
    lib.quotes.set(1, quote(1));
    const model = new Model(lib.call);
    await Promise.all([model.counts.refresh(), model.counts.refresh(), model.counts.refresh()]);
    expect(lib.count('library:counts')).toBe(2);
    expect(model.counts.counts?.quotes).toEqual({ live: 1, trash: 0 });
    expect(lib.count('quotes:list')).toBe(0);
  });

  it('deleting a quote stores the api answer, moves the article count and the counts, and reads the change log', async () => {
    const lib = new FakeLibrary();
    lib.articles = [article(1, 2)];
    lib.quotes.set(1, quote(1, 1, { tags: ['region/Korea'] }));
    lib.quotes.set(2, quote(2));
    const model = new Model(lib.call);
    await model.load();
    await model.feed.start(() => false);
    const seen = events(model.quotes);
    const deleted = await model.commands.deleteQuote(1);
    await model.feed.poll();
    expect(deleted.deletedAt).not.toBeNull();
    expect(model.quotes.get(1)?.deletedAt).toBe(deleted.deletedAt);
    expect(model.articles.get(1)?.quoteCount).toBe(1);
    expect(seen[0]).toEqual({ kind: 'put', quotes: [deleted] });
    expect(lib.count('tags:list')).toBeGreaterThanOrEqual(2);
    expect(model.counts.counts?.quotes).toEqual({ live: 1, trash: 1 });
    model.dispose();
  });

  it('routes changes made elsewhere into the stores, refetching only what changed', async () => {
    const lib = new FakeLibrary();
    lib.quotes.set(1, quote(1, 1, { tags: ['a'] }));
    lib.quotes.set(2, quote(2));
    const model = new Model(lib.call);
    await model.load();
    await model.feed.start(() => false);
    await model.quotes.page({}, 0, 2);
    const seen = events(model.quotes);

    // Another window keeps a quote: it arrives through the feed, fetched by id.
    lib.quotes.set(3, quote(3, 2));
    lib.write('quote', 3);
    await model.feed.poll();
    expect(
      lib.calls.at(-1)?.channel === 'quotes:get' || lib.calls.some((c) => c.channel === 'quotes:get' && (c.req as { ids: number[] }).ids.includes(3)),
    ).toBe(true);
    expect(seen.at(-1)).toEqual({ kind: 'put', quotes: [quote(3, 2)] });

    // A tag renamed elsewhere: tags reload, and held quotes that carry tags are fetched again (not the untagged ones).
    lib.quotes.set(1, quote(1, 1, { tags: ['b'] }));
    lib.tags = [tag(1, 'b')];
    lib.write('tag', 1);
    const before = lib.count('tags:list');
    await model.feed.poll();
    expect(lib.count('tags:list')).toBe(before + 1);
    expect(model.tags.get('b')).toBeDefined();
    expect(model.quotes.get(1)?.tags).toEqual(['b']);
    expect(lib.calls.filter((c) => c.channel === 'quotes:get').at(-1)?.req).toEqual({ ids: [1] });

    // Several pages of changes are read in one poll; an article change reloads the article list.
    lib.articles = [...lib.articles, article(3)];
    lib.write('article', 3);
    lib.write('note', 1);
    lib.write('quote', 2, 'delete');
    await model.feed.poll();
    expect(model.articles.get(3)).toBeDefined();
    expect(seen.at(-1)).toEqual({ kind: 'gone', ids: [2] });
    expect(model.quotes.get(2)).toBeUndefined();
    model.dispose();
  });

  it('a pruned log resets: every store reloads and views are asked to reload what they show', async () => {
    const lib = new FakeLibrary();
    const model = new Model(lib.call);
    await model.load();
    await model.feed.start(() => false);
    lib.pruned = 10;
    const seen = events(model.quotes);
    const articles = lib.count('articles:list');
    await model.feed.poll();
    expect(seen).toEqual([{ kind: 'reset' }]);
    expect(lib.count('articles:list')).toBe(articles + 1);
    model.dispose();
  });

  it('more changes than one batch of quotes become a reset rather than thousands of fetches', async () => {
    const lib = new FakeLibrary();
    const model = new Model(lib.call);
    await model.feed.start(() => false);
    const seen = events(model.quotes);
    await model.feed.apply(Array.from({ length: 1001 }, (_, i) => ({ seq: i + 1, kind: 'quote' as const, id: i + 1, op: 'put' as const })));
    expect(seen).toEqual([{ kind: 'reset' }]);
    expect(lib.count('quotes:get')).toBe(0);
    model.dispose();
  });
});

describe('PagedList', () => {
  const source = (total: number, calls: number[][]) => async (offset: number, limit: number) => {
    calls.push([offset, limit]);
    const ids = Array.from({ length: Math.max(0, Math.min(limit, total - offset)) }, (_, i) => offset + i + 1);
    return { ids, total };
  };

  it('reads only the pages covering the rows asked for, once', async () => {
    const calls: number[][] = [];
    const list = new PagedList(source(100_000, calls), 100);
    await list.ensure(0, 1);
    expect(list.total).toBe(100_000);
    await list.ensure(80_010, 80_030);
    await list.ensure(80_000, 80_099);
    expect(calls).toEqual([
      [0, 100],
      [80_000, 100],
    ]);
    expect(list.idAt(80_020)).toBe(80_021);
    expect(list.idAt(50_000)).toBeUndefined();
  });

  it('keeps showing the old rows after a reset until the new read answers, and ignores answers to older reads', async () => {
    const calls: number[][] = [];
    let release: () => void = () => undefined;
    const slow = async (offset: number, limit: number) => {
      await new Promise<void>((done) => (release = done));
      return source(5, calls)(offset, limit);
    };
    const list = new PagedList(source(10, calls), 100);
    await list.ensure(0, 10);
    list.reset(slow);
    expect(list.idAt(9)).toBe(10);
    const reading = list.ensure(0, 10);
    release();
    await reading;
    expect(list.total).toBe(5);
    expect(list.idAt(9)).toBeUndefined();
    list.removeAt(0);
    expect([list.total, list.idAt(0)]).toEqual([4, 2]);
  });
});
