import { formatNumber, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import { citeMenu } from '../cite/citeMenu';
import { call } from '../client';
import { h } from '../dom';
import type { Disposable } from '../model/lifecycle';
import { PagedList, type PageSource } from '../model/pagedList';
import { VirtualList } from '../widgets/virtualList';
import type { SearchHit } from './snippet';

/** A kind of search result, as `search:query` names it. */
export type HitKind = 'quotes' | 'articles' | 'notes';

const TYPES: Record<HitKind, SearchHit['type']> = { quotes: 'quote', articles: 'article', notes: 'note' };

/** Height in px of a result not measured yet (a quote's two lines and its source line). */
const ESTIMATE = 84;
/** Pixels drawn beyond the visible part of the results, above and below. */
const OVERSCAN = 240;
/** After a page could not be read, scrolling asks again no sooner than this. */
const RETRY_MS = 2000;

/** One kind's part of an answer. */
export interface GroupAnswer {
  /** The query the hits answer (later pages are read for it). */
  query: string;
  /** How many hits of the kind the query has. */
  total: number;
  /** The first hits, as the first answer brought them. */
  first: SearchHit[];
  /** How many hits the first answer was asked for; later pages are read this many at a time. */
  pageSize: number;
  /** Only the first page is listed, followed by a row that shows every hit of the kind. */
  overview: boolean;
}

/** A row of a group: a hit, a hit whose page is still being read, or the row that shows every hit of the kind. */
export type GroupRow = { kind: 'hit'; hit: SearchHit } | { kind: 'loading' } | { kind: 'all' };

/** What a group needs from the search box it sits in. */
export interface HitGroupOptions {
  kind: HitKind;
  /** The group's heading. */
  label: MessageKey;
  /** The element that scrolls the results (every group of the box shares it). */
  scroller: HTMLElement;
  /** Prefix of the ids of the group's elements, unique in the page. */
  prefix: string;
  /** Builds a hit's content. */
  content(hit: SearchHit): Node[];
  /** Whether row `index` is the active one. */
  isActive(index: number): boolean;
  /** The pointer moved over row `index`. */
  hover(index: number, e: MouseEvent): void;
  /** Row `index` was clicked. */
  choose(index: number): void;
  /** After each redraw (rows drawn afresh may hold the active one). */
  drawn(): void;
  /** A later page of hits could not be read. */
  failed(err: unknown): void;
}

/**
 * One kind's results in the search box (quotes, articles or notes): a heading and a
 * virtual list of options under it. Only the rows on screen exist in the DOM; hits
 * beyond the first page are read a page at a time (`search:query` with limit/offset)
 * as they come on screen, and answers for an older query are dropped.
 */
export class HitGroup implements Disposable {
  /** The group (`role=group`, named by its heading); hidden when the kind has no hits. */
  readonly el: HTMLElement;
  private readonly head: HTMLElement;
  private readonly count: HTMLElement;
  private readonly rows: HTMLElement;
  private readonly virtual: VirtualList;
  private pages: PagedList | null = null;
  private hits = new Map<number, SearchHit>();
  /** Rows drawn, by index, kept while they stay drawn so redraws keep the same elements. */
  private readonly built = new Map<number, HTMLElement>();
  private total = 0;
  private shown = 0;
  private overview = false;
  /** How many hits the first answer brought (an overview lists those). */
  private firstCount = 0;
  /** When a page may be asked for again after one failed. */
  private retryAt = 0;

  constructor(private readonly opts: HitGroupOptions) {
    const headId = `${opts.prefix}-${opts.kind}`;
    this.count = h('span', { class: 'search-group-count' });
    this.head = h('div', { class: 'search-group-head', id: headId }, h('span', {}, t(opts.label)), this.count);
    this.rows = h('div', { class: 'search-group-rows' });
    this.el = h('div', { class: 'search-group', role: 'group', 'aria-labelledby': headId, hidden: true }, this.head, this.rows);
    this.virtual = new VirtualList({
      scroller: opts.scroller,
      list: this.rows,
      estimate: ESTIMATE,
      overscan: OVERSCAN,
      row: (i) => this.row(i),
      drawn: (from, to) => this.drawn(from, to),
    });
  }

  /** The kind of hits the group lists. */
  get kind(): HitKind {
    return this.opts.kind;
  }

  /** How many rows the group lists: its hits, and the row that shows them all when only the first are listed. */
  get length(): number {
    return this.shown + (this.overview && this.total > this.shown ? 1 : 0);
  }

  /** How many hits the group lists (scrolling reaches each of them). */
  get listed(): number {
    return this.shown;
  }

  /** Lists one kind's part of an answer (null: the kind has no part in it); {@link redraw} draws it. */
  async show(answer: GroupAnswer | null): Promise<void> {
    this.built.clear();
    if (!answer || answer.total === 0) {
      this.pages = null;
      this.total = this.shown = 0;
      this.overview = false;
      this.el.hidden = true;
      this.virtual.setCount(0);
      return;
    }
    const { kind } = this.opts;
    const hits = new Map(answer.first.map((hit) => [hit.id, hit]));
    let seed: SearchHit[] | null = answer.first;
    const source: PageSource = async (offset, limit) => {
      if (offset === 0 && seed) {
        const first = seed;
        seed = null;
        return { ids: first.map((hit) => hit.id), total: answer.total };
      }
      const result = await call('search:query', { query: answer.query, in: [kind], limit, offset });
      const page = result.results.filter((hit) => hit.type === TYPES[kind]);
      for (const hit of page) hits.set(hit.id, hit);
      return { ids: page.map((hit) => hit.id), total: result.counts[kind] ?? 0 };
    };
    const pages = new PagedList(source, answer.pageSize);
    this.pages = pages;
    this.retryAt = 0;
    this.hits = hits;
    this.overview = answer.overview;
    this.firstCount = answer.first.length;
    await pages.ensure(0, 1);
    if (this.pages !== pages) return;
    this.sync();
    this.el.hidden = false;
  }

  /** Draws the rows on screen now (after the results were shown or the panel opened). */
  redraw(): void {
    this.virtual.draw();
  }

  /** What row `index` holds now. */
  rowAt(index: number): GroupRow {
    if (this.overview && index === this.shown) return { kind: 'all' };
    const id = this.pages?.idAt(index);
    const hit = id === undefined ? undefined : this.hits.get(id);
    return hit ? { kind: 'hit', hit } : { kind: 'loading' };
  }

  /** What row `index` holds, reading its page first when it is not read yet. */
  async load(index: number): Promise<GroupRow> {
    const pages = this.pages;
    if (pages && this.rowAt(index).kind === 'loading') {
      await pages.ensure(index, index + 1);
      if (this.pages !== pages) return { kind: 'loading' };
      this.sync();
    }
    return this.rowAt(index);
  }

  /** Scrolls row `index` into view (the heading too, for the first row) and draws it. */
  reveal(index: number): void {
    this.virtual.reveal(index);
    if (index === 0) this.head.scrollIntoView({ block: 'nearest' });
  }

  /** The element of row `index` when it is drawn. */
  element(index: number): HTMLElement | undefined {
    const el = this.built.get(index);
    return el?.isConnected ? el : undefined;
  }

  /** Marks the active row among those drawn. */
  markActive(): void {
    for (const [i, el] of this.built) el.setAttribute('aria-selected', String(this.opts.isActive(i)));
  }

  /** Takes in the length the last page read reported and redraws. */
  private sync(): void {
    this.total = this.pages?.total ?? 0;
    this.shown = this.overview ? Math.min(this.total, this.firstCount) : this.total;
    this.count.textContent =
      this.shown < this.total ? t('search.someOf', { shown: formatNumber(this.shown), total: formatNumber(this.total) }) : formatNumber(this.total);
    this.virtual.setCount(this.length);
  }

  private row(index: number): HTMLElement {
    const row = this.rowAt(index);
    const cached = this.built.get(index);
    if (cached && !(cached.dataset.loading && row.kind !== 'loading')) {
      cached.setAttribute('aria-selected', String(this.opts.isActive(index)));
      cached.setAttribute('aria-setsize', String(this.length));
      return cached;
    }
    const el = this.build(index, row);
    this.built.set(index, el);
    return el;
  }

  private build(index: number, row: GroupRow): HTMLElement {
    const attrs = {
      id: `${this.opts.prefix}-${this.opts.kind}-${index}`,
      role: 'option',
      'aria-selected': String(this.opts.isActive(index)),
      'aria-posinset': index + 1,
      'aria-setsize': this.length,
      onmousemove: (e: Event) => this.opts.hover(index, e as MouseEvent),
      onclick: () => this.opts.choose(index),
    };
    if (row.kind === 'all') {
      return h(
        'div',
        { ...attrs, class: 'search-hit search-hit-all' },
        h('span', { class: 'search-hit-glyph', 'aria-hidden': 'true' }, '↓'),
        h('span', { class: 'search-hit-body' }, t('search.showAll', { count: formatNumber(this.total), kind: t(this.opts.label) })),
      );
    }
    if (row.kind === 'loading') {
      const el = h(
        'div',
        { ...attrs, class: 'search-hit search-hit-loading', 'aria-busy': 'true', 'data-loading': '1' },
        h('span', { class: 'visually-hidden' }, t('search.loading')),
      );
      el.style.minHeight = `${ESTIMATE}px`;
      return el;
    }
    const { hit } = row;
    return h(
      'div',
      {
        ...attrs,
        class: `search-hit search-hit-${hit.type}`,
        'data-hit-type': hit.type,
        'data-hit-id': hit.id,
        oncontextmenu: hit.type === 'quote' ? (e: Event) => citeMenu(e as MouseEvent, hit.id) : undefined,
      },
      ...this.opts.content(hit),
    );
  }

  /** After a redraw: forget rows no longer drawn and read the pages of rows drawn but not read yet. */
  private drawn(from: number, to: number): void {
    for (const i of this.built.keys()) if (i < from || i >= to) this.built.delete(i);
    const pages = this.pages;
    const unread: number[] = [];
    if (pages) for (let i = from; i < Math.min(to, this.shown); i++) if (pages.idAt(i) === undefined) unread.push(i);
    if (pages && unread.length && performance.now() >= this.retryAt)
      pages.ensure(unread[0]!, unread.at(-1)! + 1).then(
        () => {
          if (this.pages === pages) this.sync();
        },
        (err: unknown) => {
          if (this.pages !== pages) return;
          this.retryAt = performance.now() + RETRY_MS;
          this.opts.failed(err);
        },
      );
    this.opts.drawn();
  }

  dispose(): void {
    this.pages = null;
    this.virtual.dispose();
  }
}
