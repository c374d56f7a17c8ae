import { t, tn } from '../i18n/i18n';
import { IMPORT_EXTENSIONS, type ArticleSummary, type NoteSummary } from '../../core/model';
import { formatDate, h } from '../dom';
import type { MessageKey } from '../i18n/messages.en';
import type { Place, Section } from '../views/view';
import { openMenu, type MenuItem } from '../widgets/menu';
import { KeyedRows } from '../widgets/virtualList';

/** File kinds the Import… picker offers: articles, Apostil backups, annotations and references. */
export const IMPORT_ACCEPT = IMPORT_EXTENSIONS.map((ext) => `.${ext}`).join(',');

/** A title or filter text folded for matching: NFKC (full-width letters), lower case, no combining marks. */
function foldTitle(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').normalize('NFKC').toLowerCase();
}

/** A section as the navigation lists it. */
export interface NavSection {
  section: Section;
  glyph: string;
  label: MessageKey;
}

/** How the library panel reports to the app. */
export interface LibraryCallbacks {
  onOpen(articleId: number): void;
  onImport(files: File[]): void;
  onSection(section: Section): void;
  onOpenNote(noteId: number): void;
  onNewNote(): void;
  /** The entries of the library menu (import, export, backups …). */
  menu(): MenuItem[];
}

/** The left pane: Import… and the library menu, search, sections (All quotes, Tags, Trash), the articles (only those on screen are drawn) and the notes. */
export class LibraryPanel {
  /** Where the search box goes, under the header. */
  readonly searchSlot: HTMLElement;
  private readonly nav: HTMLElement;
  private readonly list: HTMLElement;
  private readonly notesList: HTMLElement;
  private readonly count: HTMLElement;
  private readonly notesCount: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private readonly articles: KeyedRows<ArticleSummary>;
  private readonly notes: KeyedRows<NoteSummary>;
  private place: Place | null = null;
  private counts: Partial<Record<Section, number>> = {};
  /** Every article the store holds; the list shows those whose title matches the filter. */
  private allArticles: readonly ArticleSummary[] = [];
  private readonly filter: HTMLInputElement;
  /** Titles folded for matching, once per article summary. */
  private readonly folded = new WeakMap<ArticleSummary, string>();

  constructor(
    root: HTMLElement,
    private readonly sections: readonly NavSection[],
    private readonly callbacks: LibraryCallbacks,
  ) {
    this.fileInput = h('input', {
      type: 'file',
      accept: IMPORT_ACCEPT,
      multiple: true,
      class: 'visually-hidden',
      tabindex: '-1',
      'aria-label': t('library.files'),
      onchange: () => {
        const files = [...(this.fileInput.files ?? [])];
        this.fileInput.value = '';
        if (files.length) callbacks.onImport(files);
      },
    });
    this.nav = h('ul', { class: 'nav-list', 'aria-label': t('library.sections') });
    this.searchSlot = h('div', { class: 'library-search' });
    const more: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: 'icon-button library-more',
        'aria-label': t('library.menu'),
        'aria-haspopup': 'menu',
        title: t('library.menu.title'),
        onclick: () => openMenu(more, t('library.menu'), callbacks.menu()),
      },
      '⋯',
    );
    this.count = h('span', { class: 'pane-count' });
    this.notesCount = h('span', { class: 'pane-count' });
    this.list = h('ul', { class: 'article-list', 'aria-label': t('library.articles') });
    this.notesList = h('ul', { class: 'article-list note-list', 'aria-label': t('library.notes') });
    const scroller = h('div', { class: 'library-scroll' });
    const empty = (key: () => 'library.noArticles' | 'library.noNotes' | 'library.filter.none') => () => h('li', { class: 'empty-note' }, t(key()));
    this.filter = h('input', {
      type: 'search',
      class: 'search-input library-filter',
      placeholder: t('library.filter.placeholder'),
      'aria-label': t('library.filter'),
      oninput: () => this.applyFilter(),
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Escape' && this.filter.value) {
          e.preventDefault();
          this.filter.value = '';
          this.applyFilter();
        }
      },
    });
    this.articles = new KeyedRows({
      scroller,
      list: this.list,
      estimate: 58,
      key: (a) => a.id,
      build: (a) => this.articleRow(a),
      empty: empty(() => (this.filter.value.trim() ? 'library.filter.none' : 'library.noArticles')),
    });
    this.notes = new KeyedRows({
      scroller,
      list: this.notesList,
      estimate: 52,
      key: (n) => n.id,
      build: (n) => this.noteRow(n),
      empty: empty(() => 'library.noNotes'),
    });
    root.append(
      h(
        'header',
        { class: 'pane-header library-header' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '❝'), h('span', {}, 'Apostil')),
        h(
          'span',
          { class: 'toolbar-group' },
          h('button', { type: 'button', class: 'button button-small', onclick: () => this.pickFiles() }, t('library.import')),
          more,
        ),
      ),
      this.searchSlot,
      scroller,
      this.fileInput,
    );
    scroller.append(
      h('nav', { 'aria-label': t('library.sections') }, this.nav),
      h('div', { class: 'pane-subheader' }, h('span', {}, t('library.articles')), this.count),
      h('div', { class: 'library-filter-row' }, this.filter),
      this.list,
      h(
        'div',
        { class: 'pane-subheader notes-subheader' },
        // The heading stays in view at the edge of the list (sticky); clicking it goes to the notes past any number of articles.
        h('button', { type: 'button', class: 'subheader-jump', title: t('library.notes.jump'), onclick: () => this.showNotes() }, t('library.notes')),
        h(
          'span',
          { class: 'subheader-tools' },
          this.notesCount,
          h(
            'button',
            { type: 'button', class: 'icon-button', 'aria-label': t('library.newNote'), title: t('library.newNote'), onclick: () => callbacks.onNewNote() },
            '+',
          ),
        ),
      ),
      this.notesList,
    );
    this.renderNav();
    this.setArticles([]);
    this.setNotes([]);
  }

  /** Scrolls the sidebar to the notes, below the articles, and moves focus to the first one. */
  private showNotes(tries = 8): void {
    const scroller = this.notesList.parentElement;
    const heading = this.notesList.previousElementSibling;
    if (!scroller || !(heading instanceof HTMLElement)) return;
    // Where the notes start below the (sticky) heading, relative to the top of the sidebar.
    const off = () => this.notesList.getBoundingClientRect().top - scroller.getBoundingClientRect().top - heading.offsetHeight;
    scroller.scrollTop += off();
    // The articles drawn on the way measure their true heights and can push the notes down: settle, then look again.
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        const atEnd = scroller.scrollTop + scroller.clientHeight >= scroller.scrollHeight - 1;
        if (tries > 0 && Math.abs(off()) > 1 && !atEnd) return this.showNotes(tries - 1);
        this.notesList.querySelector<HTMLElement>('button')?.focus({ preventScroll: true });
      }),
    );
  }

  /** Opens the system file picker for files to import. */
  pickFiles(): void {
    this.fileInput.click();
  }

  /** Replaces the listed articles (those whose title matches the filter are shown). */
  setArticles(articles: readonly ArticleSummary[]): void {
    this.allArticles = articles;
    this.applyFilter();
  }

  /**
   * Shows the articles whose title holds the filter text (case, width and accents
   * aside): one pass over the titles already loaded, folded once per article, so a
   * keystroke costs the same few milliseconds at 10,000 articles; only rows on screen are drawn.
   */
  private applyFilter(): void {
    const query = foldTitle(this.filter.value.trim());
    const shown = query ? this.allArticles.filter((a) => this.foldedTitle(a).includes(query)) : this.allArticles;
    this.count.textContent = query ? t('library.filter.count', { shown: String(shown.length), total: String(this.allArticles.length) }) : String(shown.length);
    this.keepFocus(() => this.articles.set(shown));
    // The notes sit below the articles in the same scroller: their window moved.
    this.notes.refresh();
  }

  private foldedTitle(a: ArticleSummary): string {
    let f = this.folded.get(a);
    if (f === undefined) this.folded.set(a, (f = foldTitle(a.title)));
    return f;
  }

  /** Replaces the listed notes. */
  setNotes(notes: readonly NoteSummary[]): void {
    this.notesCount.textContent = String(notes.length);
    this.keepFocus(() => this.notes.set(notes));
  }

  /** Marks what the centre pane shows. */
  setPlace(place: Place | null): void {
    this.place = place;
    this.keepFocus(() => {
      this.renderNav();
      for (const [rows, kind] of [
        [this.articles, 'article'],
        [this.notes, 'note'],
      ] as const) {
        for (const [id, row] of rows.built) {
          const item = row.querySelector('.article-item');
          if (place?.kind === kind && place.id === id) item?.setAttribute('aria-current', 'page');
          else item?.removeAttribute('aria-current');
        }
      }
    });
  }

  /** Updates the counts shown next to the sections. */
  setCounts(counts: Partial<Record<Section, number>>): void {
    this.counts = { ...this.counts, ...counts };
    this.keepFocus(() => this.renderNav());
  }

  /** Scrolls the articles list to the open article and redraws it. */
  revealArticle(id: number): void {
    this.articles.reveal(id);
  }

  private keepFocus(render: () => void): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.navKey;
    render();
    if (focusKey) document.querySelector<HTMLElement>(`[data-nav-key="${focusKey}"]`)?.focus();
  }

  private renderNav(): void {
    this.nav.replaceChildren(
      ...this.sections.map(({ section, glyph, label }) =>
        h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'nav-item',
              'data-nav-key': `s-${section}`,
              'aria-current': this.place?.kind === section ? 'page' : null,
              onclick: () => this.callbacks.onSection(section),
            },
            h('span', { class: 'nav-glyph', 'aria-hidden': 'true' }, glyph),
            h('span', { class: 'nav-label' }, t(label)),
            this.counts[section] !== undefined && h('span', { class: 'nav-count' }, String(this.counts[section])),
          ),
        ),
      ),
    );
  }

  private articleRow(a: ArticleSummary): HTMLElement {
    const current = this.place?.kind === 'article' && this.place.id === a.id;
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'article-item',
          'data-article-id': a.id,
          'data-nav-key': `a-${a.id}`,
          'aria-current': current ? 'page' : null,
          onclick: () => this.callbacks.onOpen(a.id),
        },
        h('span', { class: 'article-title', lang: a.lang }, a.title),
        h(
          'span',
          { class: 'article-meta' },
          h('span', {}, formatDate(a.date ?? a.importedAt)),
          h(
            'span',
            { class: 'article-quotes', 'aria-label': tn('quotes.count', a.quoteCount) },
            h('span', { class: 'quote-glyph', 'aria-hidden': 'true' }, '❝'),
            String(a.quoteCount),
          ),
        ),
      ),
    );
  }

  private noteRow(n: NoteSummary): HTMLElement {
    const current = this.place?.kind === 'note' && this.place.id === n.id;
    return h(
      'li',
      {},
      h(
        'button',
        {
          type: 'button',
          class: 'article-item note-item',
          'data-note-id': n.id,
          'data-nav-key': `n-${n.id}`,
          'aria-current': current ? 'page' : null,
          onclick: () => this.callbacks.onOpenNote(n.id),
        },
        h('span', { class: 'article-title' }, n.title || t('note.untitled')),
        h('span', { class: 'article-meta' }, h('span', {}, formatDate(n.updatedAt, true))),
      ),
    );
  }
}
