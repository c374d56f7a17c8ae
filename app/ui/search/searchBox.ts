import { formatNumber, t, tn } from '../i18n/i18n';
import { isCiteKey } from '../cite/citeMenu';
import { copyWithCitation } from '../cite/copyCitation';
import type { MessageKey } from '../i18n/messages.en';
import type { ArticleSummary, Tag } from '../../core/model';
import { call } from '../client';
import { clamp, h, keyLabel } from '../dom';
import { HitGroup, type GroupAnswer, type HitKind } from './hitGroup';
import { hitContent } from './hitRow';
import type { SearchHit } from './snippet';

/** The shortcut that focuses the search box, everywhere in the app. */
export const SEARCH_KEY = 'Mod-k';

type Kind = HitKind;
type Filter = 'all' | Kind;

const GROUPS: { kind: Kind; type: SearchHit['type']; label: MessageKey }[] = [
  { kind: 'quotes', type: 'quote', label: 'quotes.title' },
  { kind: 'articles', type: 'article', label: 'library.articles' },
  { kind: 'notes', type: 'note', label: 'library.notes' },
];

/** Typing searches at once: the index answers in milliseconds and an older answer is dropped when a newer one is asked for. */
const DEBOUNCE_MS = 0;
/** Hits per kind when every kind is shown (an overview, each kind ending in a row that lists all its hits). */
const OVERVIEW_LIMIT = 8;
/** Hits read per request when one kind is shown: every hit is listed, read a page at a time as it scrolls into view. */
const KIND_PAGE = 50;
/** Rows that Page Up and Page Down move the active hit by. */
const PAGE_STEP = 8;
const GAP = 6;
const MARGIN = 12;

/** The active row: which group, and which row in it. */
interface Active {
  group: number;
  index: number;
}

/** What the search box needs from the app. */
export interface SearchHost {
  /** Shows a hit: a quote or passage in its article, or a note. */
  open(hit: SearchHit): Promise<void>;
  /** Tags offered as a filter. */
  tags(): readonly Tag[];
  article(id: number): ArticleSummary | undefined;
  /** Opens the export dialog for a query. */
  exportQuery(query: string): void;
}

/** How the results pane stands: nothing typed, waiting, answered, or failed. */
type State = { kind: 'idle' } | { kind: 'results'; query: string; notices: string[] } | { kind: 'error'; message: string };

let nextId = 0;

/**
 * The search box (named "Search", focused with Ctrl/Cmd+K): results as you type,
 * grouped by kind with highlighted snippets, filter chips for the kind and a tag
 * filter. "All" shows the first hits of each kind; a kind's chip (or its "Show all"
 * row) lists every hit, drawing only those on screen and reading them a page at a
 * time as they scroll into view. Up/Down (Page Up/Down by several) move through the
 * hits, Enter opens one, Escape closes the results, then clears the box, then gives
 * focus back.
 */
export class SearchBox {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly panel: HTMLElement;
  private readonly chips: HTMLElement;
  private readonly tagSelect: HTMLSelectElement;
  private readonly message: HTMLElement;
  private readonly list: HTMLElement;
  private readonly live: HTMLElement;
  private readonly exportButton: HTMLButtonElement;
  /** One group of results per kind, in the order of {@link GROUPS}; all share the listbox as their scroller. */
  private readonly groups: HitGroup[];
  private readonly prefix = `search-${++nextId}`;
  private filter: Filter = 'all';
  private counts: Partial<Record<Kind, number>> = {};
  private countsFor = '';
  private state: State = { kind: 'idle' };
  private active: Active | null = null;
  private timer: number | undefined;
  private pending: Promise<void> | null = null;
  private seq = 0;
  private returnFocus: HTMLElement | null = null;
  /** Where the pointer last moved over a result, in screen pixels. */
  private pointer = { x: -1, y: -1 };

  constructor(private readonly host: SearchHost) {
    const listId = `${this.prefix}-results`;
    this.input = h('input', {
      type: 'search',
      class: 'search-field',
      'aria-label': t('search.label'),
      placeholder: t('search.label'),
      autocomplete: 'off',
      spellcheck: 'false',
      enterkeyhint: 'search',
      'aria-controls': listId,
      'aria-keyshortcuts': 'Control+K Meta+K',
    });
    this.el = h(
      'search',
      { class: 'search-box' },
      h('span', { class: 'search-glyph', 'aria-hidden': 'true' }),
      this.input,
      h('kbd', { class: 'search-key', 'aria-hidden': 'true' }, keyLabel(SEARCH_KEY)),
    );
    this.chips = h('div', { class: 'search-chips', role: 'group', 'aria-label': t('search.show') });
    this.tagSelect = h('select', { class: 'select-small search-tag', 'aria-label': t('search.tag'), onchange: () => this.schedule(0) });
    this.message = h('div', { class: 'search-message' });
    this.list = h('div', { class: 'search-results', role: 'listbox', id: listId, 'aria-label': t('search.results') });
    this.live = h('div', { class: 'visually-hidden', role: 'status', 'aria-live': 'polite' });
    this.groups = GROUPS.map(
      (g, k) =>
        new HitGroup({
          kind: g.kind,
          label: g.label,
          scroller: this.list,
          prefix: this.prefix,
          content: (hit) => hitContent(hit, hit.articleId !== null ? host.article(hit.articleId) : undefined),
          isActive: (index) => this.active?.group === k && this.active.index === index,
          hover: (index, e) => {
            // Rows scrolled under a pointer at rest (keys moving the active hit) do not take it.
            const moved = e.screenX !== this.pointer.x || e.screenY !== this.pointer.y;
            this.pointer = { x: e.screenX, y: e.screenY };
            if (!moved || (this.active?.group === k && this.active.index === index)) return;
            this.active = { group: k, index };
            this.syncActive();
          },
          choose: (index) => void this.choose({ group: k, index }),
          drawn: () => this.syncActive(),
          failed: (err) => this.showError(err instanceof Error ? err.message : String(err)),
        }),
    );
    this.list.append(...this.groups.map((g) => g.el));
    this.exportButton = h(
      'button',
      {
        type: 'button',
        class: 'link-button search-export',
        onclick: () => {
          const query = this.query;
          this.closePanel();
          host.exportQuery(query);
        },
      },
      t('search.export'),
    );
    this.panel = h(
      'div',
      { class: 'search-panel', hidden: true },
      h('div', { class: 'search-filters' }, this.chips, h('span', { class: 'spacer' }), this.tagSelect),
      this.message,
      this.list,
      h(
        'div',
        { class: 'search-foot' },
        h('span', { 'aria-hidden': 'true' }, h('kbd', {}, '↑'), h('kbd', {}, '↓'), t('search.hint.move')),
        h('span', { 'aria-hidden': 'true' }, h('kbd', {}, t('key.enter')), t('search.hint.open')),
        h('span', { 'aria-hidden': 'true' }, h('kbd', {}, t('key.esc')), t('popover.hint.esc')),
        h('span', { class: 'spacer' }),
        this.exportButton,
      ),
      this.live,
    );
    this.panel.addEventListener('mousedown', (e) => {
      if (!(e.target as HTMLElement).closest('select')) e.preventDefault();
    });
    this.input.addEventListener('input', (e) => {
      // Text being composed (pinyin, zhuyin, kana) is searched once it is committed.
      if (!(e as InputEvent).isComposing) this.schedule(DEBOUNCE_MS);
    });
    this.input.addEventListener('compositionend', () => this.schedule(DEBOUNCE_MS));
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('focus', (e) => {
      const from = e.relatedTarget as HTMLElement | null;
      if (from && !this.panel.contains(from)) this.returnFocus = from;
      this.openPanel();
    });
    const leave = (e: FocusEvent) => {
      const to = e.relatedTarget as Node | null;
      if (!to || (!this.el.contains(to) && !this.panel.contains(to))) this.closePanel();
    };
    this.input.addEventListener('blur', leave);
    this.panel.addEventListener('focusout', leave);
    document.addEventListener(
      'mousedown',
      (e) => {
        const t = e.target as Node;
        if (!this.panel.hidden && !this.el.contains(t) && !this.panel.contains(t)) this.closePanel();
      },
      true,
    );
    window.addEventListener('resize', () => this.place());
    document.body.append(this.panel);
    this.render();
  }

  /** Focuses the box with its text selected, showing the results of what it holds. */
  focus(): void {
    if (document.activeElement !== this.input) this.returnFocus = document.activeElement as HTMLElement | null;
    this.input.focus();
    this.input.select();
    this.openPanel();
  }

  /** The query the results answer, tag filter included; empty when nothing is searched. */
  get query(): string {
    const tag = this.tagSelect.value;
    return [this.input.value.trim(), tag ? `tag:"${tag}"` : ''].filter(Boolean).join(' ');
  }

  private openPanel(): void {
    if (!this.panel.hidden) return;
    this.syncTags();
    this.panel.hidden = false;
    this.place();
    this.render();
  }

  private closePanel(): void {
    this.panel.hidden = true;
    this.input.removeAttribute('aria-activedescendant');
  }

  private place(): void {
    if (this.panel.hidden) return;
    const r = this.el.getBoundingClientRect();
    const width = Math.min(620, window.innerWidth - r.left - MARGIN);
    this.panel.style.left = `${clamp(r.left, MARGIN, window.innerWidth - width - MARGIN)}px`;
    this.panel.style.top = `${r.bottom + GAP}px`;
    this.panel.style.width = `${width}px`;
    this.panel.style.maxHeight = `${window.innerHeight - r.bottom - GAP - MARGIN}px`;
  }

  private syncTags(): void {
    const chosen = this.tagSelect.value;
    const tags = [...this.host.tags()].sort((a, b) => a.path.localeCompare(b.path));
    this.tagSelect.replaceChildren(h('option', { value: '' }, t('search.anyTag')), ...tags.map((tag) => h('option', { value: tag.path }, `#${tag.path}`)));
    this.tagSelect.value = tags.some((t) => t.path === chosen) ? chosen : '';
    this.tagSelect.hidden = tags.length === 0;
  }

  /** Runs the search after `delay` ms of quiet; a newer call replaces an older one. */
  private schedule(delay: number): void {
    window.clearTimeout(this.timer);
    this.openPanel();
    this.pending = new Promise((done) => {
      this.timer = window.setTimeout(() => void this.run().finally(done), delay);
    });
  }

  private async run(): Promise<void> {
    const query = this.query;
    const ticket = ++this.seq;
    if (!query) {
      this.state = { kind: 'idle' };
      await this.showGroups(null, ticket);
      return;
    }
    const filter = this.filter;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const kinds: Kind[] = filter === 'all' ? GROUPS.map((g) => g.kind) : [filter];
      const pageSize = filter === 'all' ? OVERVIEW_LIMIT : KIND_PAGE;
      const result = await call('search:query', { query, in: kinds, limit: pageSize });
      if (ticket !== this.seq) return;
      if (this.countsFor !== query) this.counts = {};
      this.countsFor = query;
      this.counts = { ...this.counts, ...result.counts };
      this.state = { kind: 'results', query, notices: result.notices };
      this.list.scrollTop = 0;
      await this.showGroups((kind) => {
        const total = result.counts[kind] ?? 0;
        const type = GROUPS.find((g) => g.kind === kind)!.type;
        return total ? { query, total, first: result.results.filter((hit) => hit.type === type), pageSize, overview: filter === 'all' } : null;
      }, ticket);
    } catch (err) {
      if (ticket !== this.seq) return;
      this.state = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      await this.showGroups(null, ticket);
    } finally {
      if (ticket === this.seq) this.list.removeAttribute('aria-busy');
    }
  }

  /** Hands each group its part of an answer (none when `part` is null), then makes the first hit active and redraws. */
  private async showGroups(part: ((kind: Kind) => GroupAnswer | null) | null, ticket: number): Promise<void> {
    await Promise.all(this.groups.map((g) => g.show(part ? part(g.kind) : null)));
    if (ticket !== this.seq) return;
    const first = this.groups.findIndex((g) => g.length > 0);
    this.active = first >= 0 ? { group: first, index: 0 } : null;
    this.render();
  }

  private setFilter(filter: Filter): void {
    if (filter === this.filter) return;
    this.filter = filter;
    this.schedule(0);
    this.input.focus();
  }

  private render(): void {
    this.renderChips();
    this.renderMessage();
    this.exportButton.hidden = this.state.kind !== 'results' || !this.counts.quotes;
    this.list.hidden = this.groups.every((g) => g.length === 0);
    if (!this.panel.hidden) for (const g of this.groups) g.redraw();
    this.syncActive();
  }

  private renderChips(): void {
    const known = this.countsFor === this.query && this.state.kind === 'results';
    const total = GROUPS.every((g) => this.counts[g.kind] !== undefined) ? GROUPS.reduce((n, g) => n + (this.counts[g.kind] ?? 0), 0) : undefined;
    const chip = (filter: Filter, label: string, count: number | undefined) =>
      h(
        'button',
        { type: 'button', class: 'filter-chip', 'aria-pressed': String(this.filter === filter), onclick: () => this.setFilter(filter) },
        h('span', { class: 'filter-name' }, label),
        known && count !== undefined && h('span', { class: 'filter-count' }, formatNumber(count)),
      );
    this.chips.replaceChildren(chip('all', t('quotes.filter.all'), total), ...GROUPS.map((g) => chip(g.kind, t(g.label), this.counts[g.kind])));
  }

  private renderMessage(): void {
    const s = this.state;
    this.message.removeAttribute('role');
    if (s.kind === 'error') {
      this.showError(s.message);
      this.live.textContent = '';
      return;
    }
    this.message.className = 'search-message';
    if (s.kind === 'idle') {
      this.message.replaceChildren(
        h('p', { class: 'search-hint' }, t('search.intro')),
        h(
          'p',
          { class: 'search-syntax' },
          ...['稀土', '"a phrase"', '-exclude', 'a OR b', 'tag:region/Korea', 'before:2026-01-01'].flatMap((t, i) => [i ? ' ' : '', h('code', {}, t)]),
        ),
      );
      this.live.textContent = '';
      return;
    }
    const shown = this.groups.reduce((n, g) => n + g.listed, 0);
    const notices = s.notices.map((n) => h('p', { class: 'search-notice' }, n));
    this.message.replaceChildren(
      ...notices,
      shown ? '' : h('p', { class: 'search-empty' }, h('strong', {}, t('search.none')), t('search.none.for', { query: s.query })),
    );
    this.live.textContent = shown ? tn('search.shown', shown) : t('search.none');
  }

  /** Says that a search, or a later page of its results, could not be read. */
  private showError(message: string): void {
    this.message.setAttribute('role', 'alert');
    this.message.className = 'search-message search-error';
    this.message.replaceChildren(h('strong', {}, t('search.failed')), h('p', {}, message));
  }

  /** The group and row `steps` rows after the active one (before it when negative), wrapping around the ends. */
  private step(steps: number): Active | null {
    const lengths = this.groups.map((g) => g.length);
    const count = lengths.reduce((n, l) => n + l, 0);
    if (!count) return null;
    const a = this.active;
    let flat = a ? lengths.slice(0, a.group).reduce((n, l) => n + l, 0) + a.index : steps > 0 ? -1 : 0;
    flat = (((flat + steps) % count) + count) % count;
    let group = 0;
    while (flat >= lengths[group]!) flat -= lengths[group++]!;
    return { group, index: flat };
  }

  /** Marks the active row in every group and points the box at it (scrolling it into view unless the pointer chose it). */
  private syncActive(scroll = false): void {
    const a = this.active;
    if (a && scroll) this.groups[a.group]?.reveal(a.index);
    for (const g of this.groups) g.markActive();
    const current = a ? this.groups[a.group]?.element(a.index) : undefined;
    if (current && !this.panel.hidden) this.input.setAttribute('aria-activedescendant', current.id);
    else this.input.removeAttribute('aria-activedescendant');
  }

  /** Acts on a row: opens a hit (reading its page first if need be), or lists every hit of a kind. */
  private async choose(at: Active | null): Promise<void> {
    const group = at ? this.groups[at.group] : undefined;
    if (!at || !group) return;
    const ticket = this.seq;
    const row = await group.load(at.index);
    if (ticket !== this.seq) return;
    if (row.kind === 'all') return this.setFilter(group.kind);
    if (row.kind !== 'hit') return;
    this.closePanel();
    await this.host.open(row.hit);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: PAGE_STEP, PageUp: -PAGE_STEP };
    const move = moves[e.key];
    if (move !== undefined && !e.altKey && !e.ctrlKey && !e.metaKey && !e.shiftKey) {
      e.preventDefault();
      if (this.panel.hidden) return this.openPanel();
      const next = this.step(move);
      if (!next) return;
      this.active = next;
      this.syncActive(true);
    } else if (isCiteKey(e)) {
      const a = this.active;
      const row = a ? this.groups[a.group]?.rowAt(a.index) : undefined;
      if (row?.kind === 'hit' && row.hit.type === 'quote') {
        e.preventDefault();
        void copyWithCitation(row.hit.id);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.panel.hidden) return this.openPanel();
      const waiting = this.pending;
      void (async () => {
        if (waiting) await waiting;
        await this.choose(this.active);
      })();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      if (!this.panel.hidden) this.closePanel();
      else if (this.input.value) {
        this.input.value = '';
        this.schedule(0);
        this.closePanel();
      } else {
        const back = this.returnFocus;
        if (back?.isConnected) back.focus({ preventScroll: true });
        else this.input.blur();
      }
    }
  }
}
