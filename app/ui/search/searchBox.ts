import { formatNumber, t, tn } from '../i18n/i18n';
import { citeMenu, isCiteKey } from '../cite/citeMenu';
import { copyWithCitation } from '../cite/copyCitation';
import type { MessageKey } from '../i18n/messages.en';
import type { ArticleSummary, Tag } from '../../core/model';
import { call } from '../client';
import { clamp, h, keyLabel } from '../dom';
import { snippetNodes, type SearchHit } from './snippet';

/** The shortcut that focuses the search box, everywhere in the app. */
export const SEARCH_KEY = 'Mod-k';

type Kind = 'quotes' | 'articles' | 'notes';
type Filter = 'all' | Kind;

const GROUPS: { kind: Kind; type: SearchHit['type']; label: MessageKey }[] = [
  { kind: 'quotes', type: 'quote', label: 'quotes.title' },
  { kind: 'articles', type: 'article', label: 'library.articles' },
  { kind: 'notes', type: 'note', label: 'library.notes' },
];

/** Typing searches at once: the index answers in milliseconds and an older answer is dropped when a newer one is asked for. */
const DEBOUNCE_MS = 0;
/** Hits per kind when every kind is shown (an overview); a single kind shows more. */
const OVERVIEW_LIMIT = 8;
const KIND_LIMIT = 50;
/** Hits added by each "Show more". */
const MORE_PAGE = 50;
const GAP = 6;
const MARGIN = 12;

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
 * filter. Up/Down move through the hits, Enter opens one, Escape closes the
 * results, then clears the box, then gives focus back.
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
  /** "Show more" for each kind whose results go on beyond those shown (outside the listbox, which holds options only). */
  private readonly more: HTMLElement;
  private readonly prefix = `search-${++nextId}`;
  private filter: Filter = 'all';
  private hits: SearchHit[] = [];
  private counts: Partial<Record<Kind, number>> = {};
  private countsFor = '';
  private state: State = { kind: 'idle' };
  private active = 0;
  private timer: number | undefined;
  private pending: Promise<void> | null = null;
  private seq = 0;
  private returnFocus: HTMLElement | null = null;

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
    this.more = h('div', { class: 'search-more' });
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
      this.more,
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
      this.hits = [];
      this.state = { kind: 'idle' };
      this.render();
      return;
    }
    const filter = this.filter;
    this.list.setAttribute('aria-busy', 'true');
    try {
      const kinds: Kind[] = filter === 'all' ? GROUPS.map((g) => g.kind) : [filter];
      const result = await call('search:query', { query, in: kinds, limit: filter === 'all' ? OVERVIEW_LIMIT : KIND_LIMIT });
      if (ticket !== this.seq) return;
      if (this.countsFor !== query) this.counts = {};
      this.countsFor = query;
      this.counts = { ...this.counts, ...result.counts };
      this.hits = result.results;
      this.state = { kind: 'results', query, notices: result.notices };
      this.active = 0;
    } catch (err) {
      if (ticket !== this.seq) return;
      this.hits = [];
      this.state = { kind: 'error', message: err instanceof Error ? err.message : String(err) };
    } finally {
      if (ticket === this.seq) this.list.removeAttribute('aria-busy');
    }
    this.render();
  }

  private visible(): SearchHit[] {
    const order = GROUPS.filter((g) => this.filter === 'all' || g.kind === this.filter).map((g) => g.type);
    return order.flatMap((type) => this.hits.filter((hit) => hit.type === type));
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
    this.renderList();
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
      this.message.setAttribute('role', 'alert');
      this.message.className = 'search-message search-error';
      this.message.replaceChildren(h('strong', {}, t('search.failed')), h('p', {}, s.message));
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
    const shown = this.visible().length;
    const notices = s.notices.map((n) => h('p', { class: 'search-notice' }, n));
    this.message.replaceChildren(
      ...notices,
      shown ? '' : h('p', { class: 'search-empty' }, h('strong', {}, t('search.none')), t('search.none.for', { query: s.query })),
    );
    this.live.textContent = shown ? tn('search.shown', shown) : t('search.none');
  }

  private renderList(): void {
    const visible = this.visible();
    this.active = visible.length ? clamp(this.active, 0, visible.length - 1) : -1;
    const groups = GROUPS.filter((g) => this.filter === 'all' || g.kind === this.filter).flatMap((g) => {
      const hits = visible.filter((hit) => hit.type === g.type);
      if (!hits.length) return [];
      const headId = `${this.prefix}-${g.kind}`;
      const count = this.counts[g.kind] ?? hits.length;
      return [
        h(
          'div',
          { class: 'search-group', role: 'group', 'aria-labelledby': headId },
          h(
            'div',
            { class: 'search-group-head', id: headId },
            h('span', {}, t(g.label)),
            h('span', { class: 'search-group-count' }, count > hits.length ? t('search.someOf', { shown: hits.length, total: count }) : String(hits.length)),
          ),
          ...hits.map((hit) => this.option(hit, visible.indexOf(hit))),
        ),
      ];
    });
    this.list.replaceChildren(...groups);
    this.renderMore();
    this.exportButton.hidden = this.state.kind !== 'results' || !this.counts.quotes;
    this.list.hidden = groups.length === 0;
    this.syncActive();
  }

  /** A "Show more" button for each kind shown whose total goes beyond the hits loaded. */
  private renderMore(): void {
    const buttons = GROUPS.filter((g) => this.filter === 'all' || g.kind === this.filter).flatMap((g) => {
      const loaded = this.hits.filter((hit) => hit.type === g.type).length;
      const rest = (this.counts[g.kind] ?? 0) - loaded;
      if (this.state.kind !== 'results' || loaded === 0 || rest <= 0) return [];
      return [
        h(
          'button',
          { type: 'button', class: 'link-button search-more-button', onclick: () => void this.loadMore(g.kind, loaded) },
          t('search.more', { kind: t(g.label), count: Math.min(rest, MORE_PAGE) }),
        ),
      ];
    });
    this.more.replaceChildren(...buttons);
    this.more.hidden = buttons.length === 0;
  }

  /** Reads the next page of one kind's hits (limit/offset) and adds them after those shown, keeping the active hit. */
  private async loadMore(kind: Kind, offset: number): Promise<void> {
    const query = this.query;
    const ticket = this.seq;
    const result = await call('search:query', { query, in: [kind], limit: MORE_PAGE, offset });
    if (ticket !== this.seq || query !== this.query) return;
    const first = this.hits.length;
    this.hits = [...this.hits, ...result.results];
    this.renderList();
    const added = this.visible().indexOf(this.hits[first]!);
    if (added >= 0) {
      this.active = added;
      this.syncActive();
    }
    this.input.focus();
  }

  private option(hit: SearchHit, index: number): HTMLElement {
    const article = hit.articleId !== null ? this.host.article(hit.articleId) : undefined;
    const lang = article?.lang ?? null;
    const snippet = h('span', { class: 'search-snippet', lang }, ...snippetNodes(hit.snippet));
    let body: Node[];
    if (hit.type === 'quote') {
      body = [
        hit.field === 'comment' ? h('span', { class: 'search-hit-text', lang }, hit.text) : h('span', { class: 'search-hit-text', lang }, snippet),
        hit.field === 'comment' && h('span', { class: 'search-hit-comment' }, h('span', { class: 'search-field-label' }, t('search.commentLabel')), snippet),
        h(
          'span',
          { class: 'search-hit-meta' },
          h('span', { class: 'search-hit-source', lang }, article?.title ?? ''),
          ...hit.tags.map((t) => h('span', { class: 'search-hit-tag' }, `#${t}`)),
        ),
      ].filter((n): n is HTMLElement => !!n);
    } else {
      const title = hit.text || (hit.type === 'note' ? t('note.untitled') : t('search.untitled'));
      body = [
        h('span', { class: 'search-hit-title', lang: hit.type === 'article' ? lang : null }, hit.field === 'title' ? snippet : title),
        hit.field !== 'title' && h('span', { class: 'search-hit-text search-hit-passage', lang: hit.type === 'article' ? lang : null }, snippet),
      ].filter((n): n is HTMLElement => !!n);
    }
    return h(
      'div',
      {
        id: `${this.prefix}-hit-${index}`,
        role: 'option',
        class: `search-hit search-hit-${hit.type}`,
        'aria-selected': 'false',
        'data-hit-type': hit.type,
        'data-hit-id': hit.id,
        onmousemove: () => {
          if (this.active !== index) {
            this.active = index;
            this.syncActive(false);
          }
        },
        onclick: () => void this.choose(index),
        oncontextmenu: hit.type === 'quote' ? (e: Event) => citeMenu(e as MouseEvent, hit.id) : undefined,
      },
      h('span', { class: 'search-hit-glyph', 'aria-hidden': 'true' }, { quote: '❝', article: '▤', note: '✎' }[hit.type]),
      h('span', { class: 'search-hit-body' }, ...body),
    );
  }

  private syncActive(scroll = true): void {
    const options = [...this.list.querySelectorAll<HTMLElement>('[role="option"]')];
    options.forEach((o, i) => o.setAttribute('aria-selected', String(i === this.active)));
    const current = options[this.active];
    if (current && !this.panel.hidden) {
      this.input.setAttribute('aria-activedescendant', current.id);
      if (scroll) current.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  private async choose(index: number): Promise<void> {
    const hit = this.visible()[index];
    if (!hit) return;
    this.closePanel();
    await this.host.open(hit);
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing) return;
    const count = this.visible().length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (this.panel.hidden) return this.openPanel();
      if (!count) return;
      this.active = (this.active + (e.key === 'ArrowDown' ? 1 : -1) + count) % count;
      this.syncActive();
    } else if (isCiteKey(e)) {
      const hit = this.visible()[this.active];
      if (hit?.type === 'quote') {
        e.preventDefault();
        void copyWithCitation(hit.id);
      }
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (this.panel.hidden) return this.openPanel();
      const waiting = this.pending;
      void (async () => {
        if (waiting) await waiting;
        await this.choose(Math.max(0, this.active));
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
