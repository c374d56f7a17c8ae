import type { Disposable } from '../model/lifecycle';

/** How a virtual list draws its rows. */
export interface VirtualListOptions {
  /** The element that scrolls (the list may sit below other content in it). */
  scroller: HTMLElement;
  /** The `<ol>`/`<ul>` the drawn rows go in; its padding stands in for the rows not drawn. */
  list: HTMLElement;
  /** Height in px of a row not measured yet. */
  estimate: number;
  /** The element of row `index`; the host may hand back the same element for the same item. */
  row(index: number): HTMLElement;
  /** Told which rows `[from, to)` are drawn after each redraw (to read their pages, release others). */
  drawn?(from: number, to: number): void;
  /** Pixels drawn beyond the visible part, above and below. */
  overscan?: number;
}

/**
 * Draws only the rows of a long list that are on screen (plus a margin), whatever its
 * length: padding above and below stands in for the others, each drawn row is measured
 * so rows of different heights scroll true, and the DOM stays a few dozen rows.
 */
export class VirtualList implements Disposable {
  private heights: number[] = [];
  private count = 0;
  private frame = 0;
  private readonly onScroll = () => this.refresh();
  private readonly resize: ResizeObserver;

  constructor(private readonly opts: VirtualListOptions) {
    opts.scroller.addEventListener('scroll', this.onScroll, { passive: true });
    this.resize = new ResizeObserver(() => this.refresh());
    this.resize.observe(opts.scroller);
  }

  /** How many rows the list has. */
  get length(): number {
    return this.count;
  }

  /** Sets how many rows the list has and redraws. */
  setCount(count: number): void {
    if (count !== this.count) {
      this.heights.length = count;
      this.count = count;
    }
    this.refresh();
  }

  /** Forgets measured heights (the rows' content changed wholesale) and redraws. */
  remeasure(): void {
    this.heights = new Array<number>(this.count);
    this.refresh();
  }

  /** Redraws on the next frame (several calls make one redraw). */
  refresh(): void {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => {
      this.frame = 0;
      this.draw();
    });
  }

  /** Scrolls so that row `index` is in view, drawing it now. */
  reveal(index: number, block: 'start' | 'nearest' = 'nearest'): void {
    const top = this.listTop() + this.offsetOf(index);
    const height = this.heightOf(index);
    const s = this.opts.scroller;
    if (block === 'start' || top < s.scrollTop) s.scrollTop = top;
    else if (top + height > s.scrollTop + s.clientHeight) s.scrollTop = top + height - s.clientHeight;
    this.draw();
  }

  /** Redraws the visible rows now. */
  draw(): void {
    const { scroller, list } = this.opts;
    const overscan = this.opts.overscan ?? 400;
    const top = scroller.scrollTop - this.listTop() - overscan;
    const bottom = scroller.scrollTop - this.listTop() + scroller.clientHeight + overscan;
    let from = 0;
    let y = 0;
    while (from < this.count && y + this.heightOf(from) <= top) y += this.heightOf(from++);
    const before = y;
    const rows: HTMLElement[] = [];
    let to = from;
    while (to < this.count && (y < bottom || rows.length === 0)) {
      rows.push(this.opts.row(to));
      y += this.heightOf(to++);
    }
    const current = [...list.children];
    if (current.length !== rows.length || current.some((el, i) => el !== rows[i])) list.replaceChildren(...rows);
    // Rows are measured with the gap that follows them, so the padding stands in for exactly what is not drawn.
    const gap = parseFloat(getComputedStyle(list).rowGap) || 0;
    let remeasured = false;
    rows.forEach((el, i) => {
      const height = el.offsetHeight && el.offsetHeight + gap;
      if (height && height !== this.heights[from + i]) {
        this.heights[from + i] = height;
        remeasured = true;
      }
    });
    let after = 0;
    for (let i = to; i < this.count; i++) after += this.heightOf(i);
    list.style.paddingTop = `${before}px`;
    list.style.paddingBottom = `${after}px`;
    // Rows measured other than estimated move the rest: the window was chosen on the old heights, so choose it again (once measured, heights stay).
    if (remeasured) this.refresh();
    this.opts.drawn?.(from, to);
  }

  private heightOf(index: number): number {
    return this.heights[index] ?? this.opts.estimate;
  }

  private offsetOf(index: number): number {
    let y = 0;
    for (let i = 0; i < index; i++) y += this.heightOf(i);
    return y;
  }

  /** Where the rows start, in the scroller's content (below whatever sits above the list). */
  private listTop(): number {
    const { scroller, list } = this.opts;
    return list.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
  }

  dispose(): void {
    cancelAnimationFrame(this.frame);
    this.opts.scroller.removeEventListener('scroll', this.onScroll);
    this.resize.disconnect();
  }
}

/** How a {@link KeyedRows} list builds and labels its rows. */
export interface KeyedRowsOptions<T> {
  scroller: HTMLElement;
  list: HTMLElement;
  estimate: number;
  /** The item's key (its id). */
  key(item: T): number;
  /** Builds the `<li>` of an item. */
  build(item: T): HTMLElement;
  /** What the list shows when it has no items. */
  empty(): HTMLElement;
}

/**
 * A virtual list of items known in full (articles, notes): rows are built when they
 * first come on screen and kept until the items change, so scrolling back and redraws
 * keep focus and cost nothing.
 */
export class KeyedRows<T> implements Disposable {
  private items: readonly T[] = [];
  private readonly rows = new Map<number, HTMLElement>();
  private readonly virtual: VirtualList;

  constructor(private readonly opts: KeyedRowsOptions<T>) {
    this.virtual = new VirtualList({
      scroller: opts.scroller,
      list: opts.list,
      estimate: opts.estimate,
      row: (i) => this.row(i),
      // A later redraw (a scroll, a resize) empties the list: the empty note comes back.
      drawn: () => {
        if (!this.items.length && !opts.list.firstChild) opts.list.replaceChildren(opts.empty());
      },
    });
  }

  /** Replaces the items and redraws. */
  set(items: readonly T[]): void {
    this.items = items;
    this.rows.clear();
    this.virtual.setCount(items.length);
    this.virtual.draw();
    if (!items.length) this.opts.list.replaceChildren(this.opts.empty());
  }

  /** The rows built so far, by key (to mark the current one without rebuilding). */
  get built(): ReadonlyMap<number, HTMLElement> {
    return this.rows;
  }

  /** Redraws on the next frame (content above the list changed height). */
  refresh(): void {
    this.virtual.refresh();
  }

  /** Scrolls an item's row into view. */
  reveal(key: number): void {
    const at = this.items.findIndex((item) => this.opts.key(item) === key);
    if (at >= 0) this.virtual.reveal(at);
  }

  private row(index: number): HTMLElement {
    const item = this.items[index]!;
    const key = this.opts.key(item);
    let row = this.rows.get(key);
    if (!row) {
      row = this.opts.build(item);
      this.rows.set(key, row);
    }
    row.setAttribute('aria-posinset', String(index + 1));
    row.setAttribute('aria-setsize', String(this.items.length));
    return row;
  }

  dispose(): void {
    this.virtual.dispose();
  }
}
