import type { Quote } from '../../core/model';
import type { Call } from './api';
import { Emitter } from './emitter';
import { toDisposable, type Disposable } from './lifecycle';

/** What changed among quotes: some were stored or changed, some no longer exist, or everything may have (reload what is shown). */
export type QuoteChange = { kind: 'put'; quotes: Quote[] } | { kind: 'gone'; ids: number[] } | { kind: 'reset' };

/** Which quotes a list shows, as `quotes:list` filters them. */
export interface QuoteFilter {
  articleId?: number;
  tag?: string;
  state?: 'live' | 'trash' | 'all';
  /** An author's display name: only the quotes they made. */
  author?: string;
}

/** One window of a filtered list, with how many quotes the whole filter matches. */
export interface QuotePage {
  quotes: Quote[];
  total: number;
}

/** The most ids `quotes:get` and a page of `quotes:list` take at once. */
export const MAX_BATCH = 1000;

/** Quotes kept at most (least recently used go first); what views pin stays regardless. */
const DEFAULT_CAPACITY = 5000;

/**
 * Quotes by id, filled only from api answers: the pages lists show, the quotes of the
 * open article, the embeds of the open note. It holds what is shown, never the library;
 * views keep ids and read quotes here, so a change lands in one place and every view
 * hears of it through {@link onDidChange}.
 */
export class QuoteStore implements Disposable {
  private readonly cache = new Map<number, Quote>();
  private readonly pins = new Map<number, number>();
  private readonly changes = new Emitter<QuoteChange>();
  /** Fires after quotes were stored, changed or went away. */
  readonly onDidChange = this.changes.event;

  constructor(
    private readonly call: Call,
    private readonly capacity = DEFAULT_CAPACITY,
  ) {}

  /** A quote, if the store holds it. */
  get(id: number): Quote | undefined {
    return this.cache.get(id);
  }

  /** The ids the store holds. */
  get ids(): number[] {
    return [...this.cache.keys()];
  }

  /** How many quotes the store holds. */
  get size(): number {
    return this.cache.size;
  }

  /** Keeps `ids` in the store until the returned disposable is disposed (what a view shows must not be evicted). */
  pin(ids: Iterable<number>): Disposable {
    const held = [...ids];
    for (const id of held) this.pins.set(id, (this.pins.get(id) ?? 0) + 1);
    return toDisposable(() => {
      for (const id of held) {
        const n = (this.pins.get(id) ?? 1) - 1;
        if (n > 0) this.pins.set(id, n);
        else this.pins.delete(id);
      }
      this.evict();
    });
  }

  /** One window of a filtered list, in the api's order (article, then position). */
  async page(filter: QuoteFilter, offset: number, limit: number): Promise<QuotePage> {
    const { quotes, total } = await this.call('quotes:list', { ...filter, offset, limit: Math.min(limit, MAX_BATCH) });
    this.remember(quotes);
    return { quotes, total };
  }

  /** Every live quote of one article (what its reader and Quotes panel show). */
  async ofArticle(articleId: number): Promise<Quote[]> {
    const { quotes } = await this.call('quotes:list', { articleId });
    this.remember(quotes);
    return quotes;
  }

  /** The quotes with these ids, live or trashed, fetched from the api in batches; ids that do not exist are left out. */
  async fetch(ids: readonly number[]): Promise<Quote[]> {
    const unique = [...new Set(ids)];
    const found: Quote[] = [];
    for (let i = 0; i < unique.length; i += MAX_BATCH) {
      found.push(...(await this.call('quotes:get', { ids: unique.slice(i, i + MAX_BATCH) })).quotes);
    }
    this.remember(found);
    return found;
  }

  /** The quotes with these ids: those held at once, the rest fetched. */
  async ensure(ids: readonly number[]): Promise<Quote[]> {
    const missing = ids.filter((id) => !this.cache.has(id));
    if (missing.length) await this.fetch(missing);
    return ids.map((id) => this.cache.get(id)).filter((q): q is Quote => q !== undefined);
  }

  /** Fetches these quotes again and tells the views: changed ones as `put`, vanished ones as `gone`. */
  async refresh(ids: readonly number[]): Promise<Quote[]> {
    if (!ids.length) return [];
    const found = await this.fetch(ids);
    const seen = new Set(found.map((q) => q.id));
    const gone = ids.filter((id) => !seen.has(id));
    if (gone.length) this.forget(gone);
    if (found.length) this.changes.fire({ kind: 'put', quotes: found });
    return found;
  }

  /** Records a quote as a write answered it (kept, tagged, commented, deleted, restored) and tells the views. */
  put(quote: Quote): void {
    this.remember([quote]);
    this.changes.fire({ kind: 'put', quotes: [quote] });
  }

  /** Drops quotes that no longer exist and tells the views. */
  forget(ids: readonly number[]): void {
    for (const id of ids) this.cache.delete(id);
    this.changes.fire({ kind: 'gone', ids: [...ids] });
  }

  /** Forgets everything but what is pinned and asks every view to reload what it shows (a restore, a pruned change log). */
  reset(): void {
    for (const id of [...this.cache.keys()]) if (!this.pins.has(id)) this.cache.delete(id);
    this.changes.fire({ kind: 'reset' });
  }

  private remember(quotes: readonly Quote[]): void {
    for (const q of quotes) {
      this.cache.delete(q.id);
      this.cache.set(q.id, q);
    }
    this.evict();
  }

  private evict(): void {
    if (this.cache.size <= this.capacity) return;
    for (const id of this.cache.keys()) {
      if (this.cache.size <= this.capacity) break;
      if (!this.pins.has(id)) this.cache.delete(id);
    }
  }

  dispose(): void {
    this.changes.dispose();
  }
}
