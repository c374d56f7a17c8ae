import type { Quote } from '../../core/model';
import { h } from '../dom';
import { DisposableStore, type Disposable } from '../model/lifecycle';
import { PagedList, type PageSource } from '../model/pagedList';
import type { QuoteChange, QuoteStore } from '../model/quotes';
import { VirtualList } from '../widgets/virtualList';

/** How a scrolled list of quotes draws one quote and what it says when empty. */
export interface QuoteRowsOptions {
  store: QuoteStore;
  scroller: HTMLElement;
  list: HTMLElement;
  /** Height in px of a row not measured yet. */
  estimate: number;
  /** Builds the element of a quote's row. */
  create(quote: Quote): { el: HTMLElement; update(q: Quote): void; dispose(): void };
  /** What the list shows when it is empty. */
  empty(): HTMLElement;
  /** Told the list's length after every read. */
  onTotal?(total: number): void;
  /** True when a changed quote should leave the list (deleted from a live list, restored from the trash). */
  leaves(quote: Quote): boolean;
}

/** A row being shown: its element and how to update or drop it. */
type Row = ReturnType<QuoteRowsOptions['create']>;

/**
 * A list of quotes the user scrolls (All quotes, the trash), of any length: ids come a
 * page at a time from a {@link PagedList}, quotes from the store, and only the rows on
 * screen exist in the DOM. Changes from the store update rows in place; a quote that
 * may have joined the list (kept here or elsewhere) makes it read its window again.
 */
export class QuoteRows implements Disposable {
  private readonly pages: PagedList;
  private readonly virtual: VirtualList;
  private readonly rows = new Map<number, Row>();
  private readonly owned = new DisposableStore();
  private shownPin: Disposable | null = null;
  private reloadTimer: number | undefined;
  private visible = false;
  private window = { from: 0, to: 1 };

  constructor(
    source: PageSource,
    private readonly opts: QuoteRowsOptions,
  ) {
    this.pages = new PagedList(source);
    this.virtual = this.owned.add(
      new VirtualList({
        scroller: opts.scroller,
        list: opts.list,
        estimate: opts.estimate,
        row: (i) => this.row(i),
        drawn: (from, to) => this.drawn(from, to),
      }),
    );
    this.owned.add(opts.store.onDidChange((e) => this.changed(e)));
  }

  /** How many quotes the list has, once read. */
  get total(): number | null {
    return this.pages.total;
  }

  /** Reads the first window again, from a new source when given (filters changed). */
  async reload(source?: PageSource): Promise<void> {
    this.pages.reset(source);
    await this.pages.ensure(0, 1);
    this.sync();
  }

  /** Whether the list is on screen; a hidden list reads nothing. */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.virtual.refresh();
  }

  /** Redraws every row shown (tag colours changed). */
  repaint(): void {
    for (const [id, row] of this.rows) {
      const q = this.opts.store.get(id);
      if (q) row.update(q);
    }
  }

  private sync(): void {
    const total = this.pages.total ?? 0;
    this.opts.onTotal?.(total);
    this.virtual.setCount(total);
    if (total === 0) {
      this.virtual.draw();
      this.opts.list.replaceChildren(this.opts.empty());
    }
  }

  private row(index: number): HTMLElement {
    const id = this.pages.idAt(index);
    const quote = id === undefined ? undefined : this.opts.store.get(id);
    if (id === undefined || !quote) return this.placeholder(index);
    let row = this.rows.get(id);
    if (!row) {
      row = this.opts.create(quote);
      this.rows.set(id, row);
    }
    row.el.setAttribute('aria-posinset', String(index + 1));
    row.el.setAttribute('aria-setsize', String(this.pages.total ?? 0));
    return row.el;
  }

  private placeholder(index: number): HTMLElement {
    const li = h('li', { class: 'quote-card placeholder', 'aria-busy': 'true', 'aria-posinset': index + 1, 'aria-setsize': this.pages.total ?? 0 });
    li.style.minHeight = `${this.opts.estimate}px`;
    return li;
  }

  /** After a redraw: drop rows no longer drawn, pin the drawn quotes, read the pages of rows not read yet. */
  private drawn(from: number, to: number): void {
    this.window = { from, to };
    const ids = new Set<number>();
    for (let i = from; i < to; i++) {
      const id = this.pages.idAt(i);
      if (id !== undefined) ids.add(id);
    }
    for (const [id, row] of this.rows) {
      if (!ids.has(id)) {
        row.dispose();
        this.rows.delete(id);
      }
    }
    this.shownPin?.dispose();
    this.shownPin = this.opts.store.pin(ids);
    const missing = Array.from({ length: to - from }, (_, k) => from + k).filter((i) => {
      const id = this.pages.idAt(i);
      return id === undefined || !this.opts.store.get(id);
    });
    if (!missing.length || !this.visible) return;
    const unread = missing.filter((i) => this.pages.idAt(i) === undefined);
    const evicted = missing.map((i) => this.pages.idAt(i)).filter((id): id is number => id !== undefined);
    void Promise.all([unread.length ? this.pages.ensure(unread[0]!, unread.at(-1)! + 1) : null, evicted.length ? this.opts.store.ensure(evicted) : null]).then(
      () => this.sync(),
      () => undefined,
    );
  }

  private changed(e: QuoteChange): void {
    if (e.kind === 'reset') return this.scheduleReload();
    if (e.kind === 'gone') {
      if (e.ids.some((id) => this.pages.indexOf(id) >= 0)) this.scheduleReload();
      return;
    }
    let joined = false;
    for (const q of e.quotes) {
      const at = this.pages.indexOf(q.id);
      if (at < 0) {
        joined ||= !this.opts.leaves(q);
        continue;
      }
      if (this.opts.leaves(q)) {
        this.pages.removeAt(at);
        this.rows.get(q.id)?.dispose();
        this.rows.delete(q.id);
        this.sync();
      } else {
        this.rows.get(q.id)?.update(q);
      }
    }
    if (joined) this.scheduleReload();
  }

  /** Reads the shown window again soon (several changes make one read). */
  private scheduleReload(): void {
    window.clearTimeout(this.reloadTimer);
    this.reloadTimer = window.setTimeout(() => {
      this.pages.reset();
      if (this.visible)
        void this.pages.ensure(this.window.from, Math.max(this.window.to, 1)).then(
          () => this.sync(),
          () => undefined,
        );
    }, 150);
  }

  dispose(): void {
    window.clearTimeout(this.reloadTimer);
    for (const row of this.rows.values()) row.dispose();
    this.rows.clear();
    this.shownPin?.dispose();
    this.owned.dispose();
  }
}
