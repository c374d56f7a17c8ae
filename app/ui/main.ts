import type { Article, NoteSummary, Quote } from '../core/model';
import { Catalog } from './catalog';
import { adoptToken, call, isDesktop, onEvent, type AppEvent } from './client';
import { applyComfort, comfortControls, loadComfort } from './comfort';
import { formatDate, h, isShortcut, QUOTE_KEY, quoteShortcutLabel } from './dom';
import { checkLibraryNow, openBackupsDialog } from './backups/backupsDialog';
import { copyAsMarkdown } from './export/clipboard';
import { openExportDialog, type ScopeKind } from './export/exportDialog';
import { acceptFileDrops } from './import/dropZone';
import { importFiles, importText } from './import/importer';
import { askPastedText } from './import/paste';
import { pickFile, readText } from './import/read';
import type { ImportReport } from './import/report';
import { pickQuote } from './notes/quotePicker';
import { LibraryPanel, type Place, type Section } from './panels/library';
import type { QuoteActions } from './panels/quoteCard';
import { openQuotePopover, type QuotePopoverHandle } from './panels/quotePopover';
import { QuotesPanel } from './panels/quotes';
import { highlightTooltip, QuoteDirectory } from './quoteInfo';
import type { BodyRange } from './reader/commands';
import { Reader } from './reader/view';
import { Revisions } from './revisions/controller';
import { isAnchored } from './revisions/status';
import { SEARCH_KEY, SearchBox } from './search/searchBox';
import { matchInText, type SearchHit } from './search/snippet';
import { SourceBox } from './sources/form';
import { toast, toastError } from './toast';
import { AllQuotesView } from './views/allQuotes';
import { NoteView } from './views/note';
import { TagsView } from './views/tags';
import { TrashView } from './views/trash';
import { openMenu, type MenuItem } from './widgets/menu';
import { Popover } from './widgets/popover';
import { currentLocale, intlLocale, localizeDocument, t, tn } from './i18n/i18n';

const PLACE_KEY = 'apostil.place';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

function languageName(lang: string | null): string | null {
  if (!lang) return null;
  try {
    return new Intl.DisplayNames(intlLocale(), { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/** The articles imported files brought, in order, or null when nothing was imported. */
function articleIds(reports: ImportReport[]): number[] | null {
  return reports.length ? reports.flatMap((r) => r.articles.map((a) => a.article.id)) : null;
}

function savedPlace(): Place | null {
  try {
    const p = JSON.parse(localStorage.getItem(PLACE_KEY) ?? 'null') as Place | null;
    return p && typeof p.kind === 'string' ? p : null;
  } catch {
    return null;
  }
}

/** The renderer: wires the panels, the reader and the views to the api and keeps what they show in step. */
class App {
  private readonly catalog = new Catalog();
  private readonly directory = new QuoteDirectory(this.catalog);
  private notes: NoteSummary[] = [];
  private article: Article | null = null;
  private quotes: Quote[] = [];
  private place: Place | null = null;
  private opening = 0;
  private keeping = false;
  private popover: QuotePopoverHandle | null = null;
  private allQuotesLoaded = false;

  private readonly root = byId('app');
  private readonly quotesPane = byId('quotes');
  private readonly quoteButton = byId<HTMLButtonElement>('quote-button');
  private readonly comfortButton = byId<HTMLButtonElement>('comfort-button');
  private readonly articleMenuButton = byId<HTMLButtonElement>('article-menu-button');
  private readonly readerEl = byId('reader');
  private readonly meta = byId('reader-meta');
  private readonly crumb = byId('reader-crumb');
  private readonly scroller = byId('reader-scroll');
  private readonly views: Record<Place['kind'], HTMLElement> = {
    article: byId('view-reader'),
    quotes: byId('view-quotes'),
    tags: byId('view-tags'),
    trash: byId('view-trash'),
    note: byId('view-note'),
  };

  private readonly actions: QuoteActions = {
    select: (q) => void this.showQuote(q),
    tag: (id, tags) => this.change(() => call('quotes:tag', { id, tags }), t('error.addTags')),
    untag: (id, tag) => this.change(() => call('quotes:untag', { id, tags: [tag] }), t('error.removeTag')),
    color: (id, color) => this.change(() => call('quotes:update', { id, color }), t('error.changeColour')),
    comment: async (id, comment) => this.applyQuote((await call('quotes:update', { id, comment })).quote),
    delete: (id) => void this.deleteQuote(id),
    copy: (id) => void copyAsMarkdown({ kind: 'quote', quoteId: id }),
  };

  private readonly library = new LibraryPanel(byId('library'), {
    onOpen: (id) => void this.go({ kind: 'article', id }),
    onImport: (files) => void this.importFiles(files),
    onSection: (section) => void this.go({ kind: section }),
    onOpenNote: (id) => void this.go({ kind: 'note', id }),
    onNewNote: () => void this.newNote(),
    menu: () => this.libraryMenu(),
  });

  private readonly search = new SearchBox({
    open: (hit) => this.openHit(hit),
    tags: () => this.catalog.tags,
    article: (id) => this.catalog.article(id),
    exportQuery: () => this.openExport('query'),
  });

  private readonly panel = new QuotesPanel(this.quotesPane, { catalog: this.catalog, actions: this.actions });
  private readonly allQuotes = new AllQuotesView(this.views.quotes, this.catalog, this.actions);
  private readonly tagsView = new TagsView(this.views.tags, this.catalog, {
    showQuotes: (path) => void this.go({ kind: 'quotes' }).then(() => this.allQuotes.filterByTag(path)),
    changed: () => this.tagsChanged(),
  });
  private readonly trash = new TrashView(this.views.trash, this.catalog, {
    restoreQuote: (id) => this.restoreQuote(id),
    restoreNote: (id) => this.restoreNote(id),
  });
  private readonly noteView = new NoteView(this.views.note, {
    info: (id) => this.directory.info(id),
    activate: (id) => void this.activateEmbed(id),
    pickQuote: () => pickQuote(this.directory.live(), this.catalog),
    onSaved: (note) => {
      const { doc: _doc, text: _text, quoteIds: _ids, ...summary } = note;
      this.setNotes([summary, ...this.notes.filter((n) => n.id !== note.id)]);
    },
    onDelete: (id) => void this.deleteNote(id),
    onCopy: (id) => void copyAsMarkdown({ kind: 'note', noteId: id }),
    onExport: () => this.openExport('note'),
  });
  private readonly source = new SourceBox();

  private readonly reader = new Reader(byId('reader-doc'), {
    onQuote: (range) => void this.keep(range),
    onCanQuoteChange: () => {
      this.syncQuoteButton();
      this.revisions.review.setCanUse(this.reader.hasQuotableSelection);
    },
    onHighlightClick: (id) => this.selectQuote(id, 'reader'),
    onContextMenu: (at, target) => this.readerMenu(at, target),
    describe: (id) => {
      const q = this.quotes.find((x) => x.id === id);
      return q ? highlightTooltip(q, this.catalog) : null;
    },
  });

  private readonly revisions = new Revisions({
    catalog: this.catalog,
    article: () => this.article,
    quotes: () => this.quotes,
    showText: (text) => this.showText(text),
    applyQuote: (q) => this.applyQuote(q),
    reveal: (id) => this.reader.reveal(id),
    selection: () => this.reader.selection,
    reopen: async () => {
      const id = this.article?.id;
      this.article = null;
      if (id !== undefined) await this.openArticle(id);
    },
    onReviewing: (open) => {
      this.root.classList.toggle('reviewing', open);
      this.quotesPane.classList.toggle('reviewing', open);
    },
  });

  constructor() {
    applyComfort(loadComfort());
    localizeDocument();
    this.meta.before(this.revisions.banner.el);
    this.quotesPane.append(this.revisions.review.el);
    byId('reader-source').replaceWith(this.source.el);
    byId('quote-shortcut').textContent = quoteShortcutLabel;
    this.quoteButton.title = t('quote.button.title', { shortcut: quoteShortcutLabel });
    this.quoteButton.addEventListener('click', () => this.reader.quote());
    this.articleMenuButton.addEventListener('click', () => openMenu(this.articleMenuButton, t('articleMenu.label'), this.articleMenu()));
    this.comfortButton.addEventListener('click', () => {
      new Popover(comfortControls(), { anchor: this.comfortButton, label: t('comfort.label'), className: 'comfort-popover' }).open();
    });
    this.library.searchSlot.append(this.search.el);
    acceptFileDrops((files) => void this.importFiles(files));
    document.addEventListener('keydown', (e) => this.onKeyDown(e));
    document.addEventListener('keydown', (e) => this.onGlobalKey(e), true);
    this.scroller.addEventListener('scroll', () => this.syncCrumb(), { passive: true });
    this.catalog.subscribe(() => this.paintQuotes());
    onEvent((event) => void this.onAppEvent(event));
  }

  /** Loads the library and returns to where the user was (or the first article). */
  async start(): Promise<void> {
    if (!isDesktop() && !adoptToken()) {
      this.showNotice(
        t('notice.token.title'),
        t('notice.token.text'),
      );
      return;
    }
    try {
      await Promise.all([this.catalog.refreshArticles(), this.catalog.refreshTags(), this.refreshNotes()]);
      this.library.setArticles(this.catalog.articles);
      void this.refreshCounts();
    } catch (err) {
      this.showNotice(t('notice.loadFailed'), err instanceof Error ? err.message : String(err));
      return;
    }
    const saved = savedPlace();
    const first = this.catalog.articles[0];
    const valid = saved && this.exists(saved);
    const lastArticle = Number(localStorage.getItem('apostil.lastArticle'));
    const article = this.catalog.article(lastArticle) ?? first;
    if (article && (!valid || saved.kind !== 'article')) await this.openArticle(article.id);
    if (valid) await this.go(saved);
    else if (article) await this.go({ kind: 'article', id: article.id });
    else this.showEmptyLibrary();
  }

  /** True when a place can still be shown: its article or note is in the library. */
  private exists(place: Place): boolean {
    if (place.kind === 'article') return this.catalog.article(place.id) !== undefined;
    if (place.kind === 'note') return this.notes.some((n) => n.id === place.id);
    return ['quotes', 'tags', 'trash'].includes(place.kind);
  }

  private showEmptyLibrary(): void {
    this.showNotice(t('notice.empty.title'), t('notice.empty.text'));
  }

  // ---------- Navigation ----------

  /** Shows a place in the centre pane, saving a note being left first. */
  async go(place: Place): Promise<void> {
    if (this.place?.kind === 'note' && !(place.kind === 'note' && place.id === this.place.id)) await this.noteView.flush();
    this.place = place;
    if (place.kind !== 'article') this.revisions.closeReview();
    localStorage.setItem(PLACE_KEY, JSON.stringify(place));
    for (const [kind, el] of Object.entries(this.views)) el.hidden = kind !== place.kind;
    this.root.classList.toggle('has-side', place.kind === 'article' || place.kind === 'note');
    this.library.setPlace(place);
    try {
      if (place.kind === 'article') await this.openArticle(place.id);
      else if (place.kind === 'note') await this.openNote(place.id);
      else await this.openSection(place.kind);
    } catch (err) {
      toastError(err, t('error.open'));
    }
  }

  private async openSection(section: Section): Promise<void> {
    document.title = t('window.title', { name: t(`section.${section}`) });
    if (section === 'quotes') {
      await this.allQuotes.load();
      this.allQuotesLoaded = true;
    } else if (section === 'tags') {
      await this.catalog.refreshTags();
    } else {
      await this.trash.load();
    }
  }

  /** Loads an article into the reader with its quotes and source (also used behind a note, for the Quotes panel). */
  private async openArticle(articleId: number): Promise<void> {
    if (this.article?.id === articleId) {
      if (this.place?.kind === 'article') document.title = t('window.title', { name: this.article.title });
      return;
    }
    const ticket = ++this.opening;
    const [{ article }, { quotes }, { source }, { revisions }, { counts }] = await Promise.all([
      call('articles:get', { id: articleId }),
      call('quotes:list', { articleId }),
      call('sources:get', { articleId }),
      call('revisions:list', { articleId }),
      call('revisions:status', { articleId }),
    ]);
    if (ticket !== this.opening) return;
    this.article = article;
    this.quotes = quotes;
    localStorage.setItem('apostil.lastArticle', String(article.id));
    this.renderMeta(article);
    this.source.show(article, source);
    this.reader.open(article);
    this.revisions.opened(revisions, counts);
    this.paintQuotes();
    this.panel.list.setActive(null, false);
    this.panel.setQuotes(quotes);
    this.scroller.scrollTop = 0;
    this.syncCrumb();
    if (this.place?.kind === 'article') document.title = t('window.title', { name: article.title });
    this.syncQuoteButton();
  }

  private async openNote(id: number, focus: 'title' | 'text' | null = null): Promise<void> {
    const [{ quotes }, { sources }] = await Promise.all([call('quotes:list', { state: 'all' }), call('sources:list', {})]);
    this.directory.load(quotes, sources);
    await this.noteView.open(id, focus);
    document.title = t('window.title', { name: this.notes.find((n) => n.id === id)?.title || t('note.untitled') });
  }

  /** Puts an article in the reader at its current revision, unless it is there already; resolves with it, or null if it could not be opened. */
  private async showArticle(articleId: number): Promise<Article | null> {
    if (this.place?.kind !== 'article' || this.article?.id !== articleId) await this.go({ kind: 'article', id: articleId });
    if (this.article?.id !== articleId) return null;
    if (this.revisions.viewingOld) await this.revisions.view(null);
    return this.article;
  }

  /** Opens a search hit: a quote's highlight (flashed) or an article's passage in the reader, or a note. */
  private async openHit(hit: SearchHit): Promise<void> {
    if (hit.type === 'note') return this.go({ kind: 'note', id: hit.id });
    const article = hit.articleId === null ? null : await this.showArticle(hit.articleId);
    if (!article) return;
    this.reader.dom.focus({ preventScroll: true });
    const quote = hit.type === 'quote' ? this.quotes.find((q) => q.id === hit.id) : undefined;
    if (quote) return this.showQuote(quote, 'search');
    const range = hit.type === 'article' ? matchInText(article.body, hit.snippet) : null;
    if (range) this.reader.showMatch(range);
  }

  /** Shows a quote in its article: opens the article if needed, scrolls to the highlight and selects its card (an orphan opens its review). */
  private async showQuote(q: Quote, from: 'panel' | 'search' = 'panel'): Promise<void> {
    if (!(await this.showArticle(q.articleId))) return;
    const current = this.quotes.find((x) => x.id === q.id) ?? q;
    if (!isAnchored(current)) return this.revisions.openReview(q.id);
    this.selectQuote(q.id, from);
  }

  private async activateEmbed(quoteId: number): Promise<void> {
    const q = this.directory.get(quoteId);
    if (!q) return void toast(t('embed.missing'), { kind: 'error' });
    if (q.deletedAt) return void toast(t('embed.inTrash'));
    await this.showQuote(q);
  }

  // ---------- Reader ----------

  private renderMeta(article: Article): void {
    this.readerEl.hidden = false;
    this.readerEl.lang = article.lang ?? '';
    this.readerEl.querySelector('.notice')?.remove();
    const candidates: (Node | string | null)[] = [
      article.date ? h('time', { datetime: article.date }, formatDate(article.date)) : null,
      languageName(article.lang),
      tn('reader.chars', article.chars),
    ];
    const parts = candidates.filter((p): p is Node | string => p !== null);
    this.meta.replaceChildren(...parts.flatMap((p, i) => (i ? [h('span', { class: 'dot', 'aria-hidden': 'true' }, '·'), p] : [p])));
    this.meta.lang = currentLocale();
    this.crumb.textContent = article.title;
    this.crumb.lang = article.lang ?? '';
  }

  private showNotice(title: string, text: string): void {
    this.meta.replaceChildren();
    this.readerEl.querySelector('.notice')?.remove();
    this.readerEl.prepend(h('div', { class: 'notice', role: 'note' }, h('h2', {}, title), h('p', {}, text)));
    this.panel.setQuotes([]);
  }

  private syncCrumb(): void {
    this.views.article.classList.toggle('scrolled', this.scroller.scrollTop > 160);
  }

  private syncQuoteButton(): void {
    this.quoteButton.disabled = this.keeping || !this.article || this.revisions.viewingOld || !this.reader.hasQuotableSelection;
    this.quoteButton.classList.toggle('busy', this.keeping);
  }

  /** Redraws highlights with current colours (a quote's own, or its first coloured tag's). */
  private paintQuotes(): void {
    this.drawHighlights();
    this.panel.list.refreshCards();
    if (this.allQuotesLoaded) this.allQuotes.list.refreshCards();
  }

  private readerMenu(at: DOMRect, target: { canQuote: boolean; quoteId: number | null }): void {
    const quote = this.quotes.find((q) => q.id === target.quoteId);
    openMenu(
      at,
      t('reader.toolbar'),
      [
        ...(target.canQuote
          ? [
              { label: t('quote.selection'), shortcut: quoteShortcutLabel, run: () => this.reader.quote() },
              { label: t('menu.copy'), run: () => void navigator.clipboard.writeText(this.reader.selectedText).catch(() => toast(t('error.copyBlocked'), { kind: 'error' })) },
            ]
          : []),
        ...(target.canQuote && quote ? [{ separator: true as const }] : []),
        ...(quote
          ? [
              { label: t('menu.editQuote'), run: () => this.editQuote(quote) },
              { label: t('menu.showInPanel'), run: () => this.selectQuote(quote.id, 'reader') },
              { label: t('quote.copyMarkdown'), run: () => void copyAsMarkdown({ kind: 'quote', quoteId: quote.id }) },
              { label: t('quote.delete'), danger: true, run: () => void this.deleteQuote(quote.id) },
            ]
          : []),
      ],
      this.reader.dom,
    );
  }

  /** Keeps a body range of the open article; the highlight appears only once the api has stored it. */
  private async keep(range: BodyRange): Promise<void> {
    const article = this.article;
    if (!article || this.keeping || this.place?.kind !== 'article' || this.revisions.viewingOld) return;
    this.keeping = true;
    this.syncQuoteButton();
    try {
      const { quote } = await call('quotes:create', { articleId: article.id, ...range });
      if (this.article?.id !== article.id) return;
      this.reader.collapseSelection();
      this.applyQuote(quote);
      this.selectQuote(quote.id, 'kept');
      this.editQuote(quote);
      void this.refreshArticles();
    } catch (err) {
      toastError(err, t('error.keep'));
    } finally {
      this.keeping = false;
      this.syncQuoteButton();
    }
  }

  /** Opens the tags/comment/colour popover next to a quote's highlight. */
  private editQuote(quote: Quote): void {
    const rect = this.reader.highlightRect(quote.id) ?? this.reader.dom.getBoundingClientRect();
    this.popover = openQuotePopover(quote, rect, {
      catalog: this.catalog,
      actions: this.actions,
      returnFocus: this.reader.dom,
      keepDraft: (id, text) => this.panel.list.keepDraft(id, text),
    });
  }

  /** Draws the highlights of the quotes anchored in the current text; none while an older revision is shown. */
  private drawHighlights(): void {
    const shown = this.revisions.viewingOld ? [] : this.quotes.filter(isAnchored);
    this.reader.setQuotes(shown.map((q) => ({ id: q.id, start: q.start, end: q.end, color: this.catalog.quoteColor(q) })));
  }

  /** Shows an older revision's text read-only, or (null) the current text with its highlights. */
  private showText(text: Pick<Article, 'title' | 'body' | 'blocks'> | null): void {
    if (!this.article) return;
    this.reader.open(text ?? this.article);
    this.drawHighlights();
    this.syncQuoteButton();
  }

  private selectQuote(id: number, from: 'panel' | 'reader' | 'kept' | 'search'): void {
    this.panel.list.setActive(id, from !== 'panel');
    if (from === 'panel' || from === 'search') this.reader.reveal(id);
    else this.reader.setActive(id);
  }

  // ---------- Quotes ----------

  /** Shows a changed quote everywhere it appears. */
  private applyQuote(quote: Quote): void {
    const here = quote.articleId === this.article?.id;
    if (here) {
      const others = this.quotes.filter((q) => q.id !== quote.id);
      this.quotes = quote.deletedAt ? others : [...others, quote];
      this.drawHighlights();
      if (quote.deletedAt) this.panel.remove(quote.id, this.quotes.length);
      else this.panel.upsert(quote, this.quotes.length);
    }
    if (here && this.revisions.active) void this.revisions.quotesChanged();
    if (this.allQuotesLoaded) this.allQuotes.apply(quote);
    this.directory.set(quote);
    this.noteView.refreshEmbeds();
    if (this.popover?.isOpen && this.popover.quoteId === quote.id) this.popover.update(quote);
  }

  /** Runs a quote change; a failure becomes a toast. Tags may have been created, so the catalog is refreshed. */
  private async change(run: () => Promise<{ quote: Quote }>, failure: string): Promise<void> {
    try {
      const { quote } = await run();
      this.applyQuote(quote);
      await this.catalog.refreshTags();
      void this.refreshCounts();
    } catch (err) {
      toastError(err, failure);
    }
  }

  private async deleteQuote(id: number): Promise<void> {
    try {
      const { quote } = await call('quotes:delete', { id });
      this.applyQuote(quote);
      void this.refreshArticles();
      void this.catalog.refreshTags();
      toast(t('quote.deleted'), { action: { label: t('action.undo'), run: () => void this.restoreQuote(quote.id) } });
    } catch (err) {
      toastError(err, t('error.deleteQuote'));
    }
  }

  private async restoreQuote(id: number): Promise<void> {
    try {
      const { quote } = await call('quotes:restore', { id });
      this.applyQuote(quote);
      if (quote.articleId === this.article?.id && this.place?.kind === 'article') this.selectQuote(quote.id, 'kept');
      void this.refreshArticles();
      void this.catalog.refreshTags();
      toast(t('quote.restored'));
    } catch (err) {
      toastError(err, t('error.restoreQuote'));
      throw err;
    }
  }

  /** After tags were renamed, moved, merged or deleted: reload tags and the quotes that show them. */
  private async tagsChanged(): Promise<void> {
    try {
      await this.catalog.refreshTags();
      if (this.article) {
        this.quotes = (await call('quotes:list', { articleId: this.article.id })).quotes;
        this.panel.setQuotes(this.quotes);
        this.paintQuotes();
      }
      if (this.allQuotesLoaded) await this.allQuotes.load();
      void this.refreshCounts();
    } catch (err) {
      toastError(err, t('error.refreshQuotes'));
    }
  }

  // ---------- Notes ----------

  private async refreshNotes(): Promise<void> {
    this.setNotes((await call('notes:list', {})).notes);
  }

  private setNotes(notes: NoteSummary[]): void {
    this.notes = notes;
    this.library.setNotes(notes);
  }

  private async newNote(): Promise<void> {
    try {
      const { note } = await call('notes:create', {});
      await this.refreshNotes();
      await this.go({ kind: 'note', id: note.id });
      this.views.note.querySelector<HTMLInputElement>('.note-title')?.focus();
    } catch (err) {
      toastError(err, t('error.newNote'));
    }
  }

  private async deleteNote(id: number): Promise<void> {
    try {
      await this.noteView.close();
      const { note } = await call('notes:delete', { id });
      await this.refreshNotes();
      void this.refreshCounts();
      const next = this.article ? ({ kind: 'article', id: this.article.id } as const) : ({ kind: 'quotes' } as const);
      await this.go(next);
      toast(t('note.trashed', { title: note.title || t('note.untitled') }), { action: { label: t('action.undo'), run: () => void this.restoreNote(id).then(() => this.go({ kind: 'note', id })) } });
    } catch (err) {
      toastError(err, t('error.deleteNote'));
    }
  }

  private async restoreNote(id: number): Promise<void> {
    try {
      await call('notes:restore', { id });
      await this.refreshNotes();
      void this.refreshCounts();
      toast(t('note.restored'));
    } catch (err) {
      toastError(err, t('error.restoreNote'));
      throw err;
    }
  }

  // ---------- Library ----------

  private async refreshArticles(): Promise<void> {
    try {
      await this.catalog.refreshArticles();
      this.library.setArticles(this.catalog.articles);
      void this.refreshCounts();
    } catch {
      // The list stays as it was; the next successful refresh corrects it.
    }
  }

  private async refreshCounts(): Promise<void> {
    try {
      const [{ quotes }, { notes }] = await Promise.all([call('quotes:list', { state: 'trash' }), call('notes:list', { state: 'trash' })]);
      this.library.setCounts({
        quotes: this.catalog.articles.reduce((n, a) => n + a.quoteCount, 0),
        tags: this.catalog.tags.length,
        trash: quotes.length + notes.length,
      });
    } catch {
      // Counts are a convenience; they refresh on the next change.
    }
  }

  private async importFiles(files: File[]): Promise<void> {
    await this.imported(articleIds(await importFiles(files)));
  }

  private async pasteArticle(): Promise<void> {
    const text = await askPastedText({
      title: t('paste.title'),
      message: t('paste.message'),
      confirm: t('paste.confirm'),
    });
    if (text !== null) await this.imported(articleIds(await importText(t('paste.name'), text)));
  }

  /** After imports (here or from the desktop menu): reloads what they may have changed and opens the first article they brought. */
  private async imported(articles: number[] | null): Promise<void> {
    if (!articles) return;
    await this.reloadLibrary();
    const first = articles[0];
    if (first !== undefined) await this.go({ kind: 'article', id: first });
  }

  /** After a backup replaced the library: shows it afresh, where the user was if that still exists. */
  private async restored(): Promise<void> {
    await this.noteView.close();
    await this.reloadLibrary();
    const place = this.place;
    const first = this.catalog.articles[0];
    if (place && this.exists(place)) await this.go(place);
    else if (first) await this.go({ kind: 'article', id: first.id });
    else this.showEmptyLibrary();
  }

  /** Reloads everything shown from the library (after imports or a restore), reopening the article in the reader if it still exists. */
  private async reloadLibrary(): Promise<void> {
    try {
      await Promise.all([this.catalog.refreshArticles(), this.catalog.refreshTags(), this.refreshNotes()]);
      this.library.setArticles(this.catalog.articles);
      void this.refreshCounts();
      if (this.allQuotesLoaded) await this.allQuotes.load();
      const open = this.article;
      if (open) {
        this.article = null;
        if (this.catalog.article(open.id)) await this.openArticle(open.id);
        else this.reader.open({ title: '', body: '', blocks: [] });
      }
    } catch (err) {
      toastError(err, t('error.reload'));
    }
  }

  private async onAppEvent(event: AppEvent): Promise<void> {
    if (event.type === 'imported') {
      await this.imported(event.articleIds);
    } else if (event.command === 'export') {
      this.exportHere();
    } else if (event.command === 'quote-selection') {
      this.quoteShortcut();
    }
  }

  private quoteShortcut(): void {
    if (this.place?.kind === 'article' && !this.revisions.viewingOld) this.reader.quote();
  }

  /** Shortcuts that work wherever focus is, even inside an editor: caught before anything else sees them. */
  private onGlobalKey(e: KeyboardEvent): void {
    if (e.isComposing || !isShortcut(e, SEARCH_KEY) || document.querySelector('dialog[open]')) return;
    e.preventDefault();
    e.stopPropagation();
    this.search.focus();
  }

  /** Opens the Export dialog scoped to what is open: the article, the note, or everything. */
  private exportHere(): void {
    if (document.querySelector('dialog[open]')) return;
    this.openExport(this.place?.kind === 'article' ? 'article' : this.place?.kind === 'note' ? 'note' : 'all');
  }

  private libraryMenu(): MenuItem[] {
    return [
      { label: t('menu.importFiles'), run: () => this.library.pickFiles() },
      { label: t('menu.paste'), run: () => void this.pasteArticle() },
      { separator: true },
      { label: t('menu.export'), run: () => this.exportHere() },
      { separator: true },
      { label: t('menu.backups'), run: () => openBackupsDialog({ restored: () => this.restored() }) },
      { label: t('menu.check'), run: () => void checkLibraryNow() },
    ];
  }

  private articleMenu(): MenuItem[] {
    const article = this.article;
    return [
      { label: t('articleMenu.importVersion'), disabled: !article, run: () => void this.importVersionFile() },
      { label: t('articleMenu.pasteVersion'), disabled: !article, run: () => void this.importVersionText() },
      { label: t('articleMenu.review'), disabled: !article, run: () => void this.revisions.openReview() },
      { label: t('articleMenu.compare'), disabled: !this.revisions.hasOlder, run: () => this.revisions.compare() },
      { separator: true },
      { label: t('articleMenu.export'), disabled: !article, run: () => this.openExport('article') },
    ];
  }

  private async importVersionFile(): Promise<void> {
    const file = await pickFile('.txt,.md,.markdown');
    if (!file) return;
    try {
      await this.revisions.importVersion(file.name, await readText(file));
    } catch (err) {
      toastError(err, t('error.importFile', { name: file.name }));
    }
  }

  private async importVersionText(): Promise<void> {
    const text = await askPastedText({
      title: t('pasteVersion.title'),
      message: t('pasteVersion.message', { title: this.article?.title ?? '' }),
      confirm: t('pasteVersion.confirm'),
    });
    if (text !== null) await this.revisions.importVersion(t('paste.name'), text);
  }

  /** Opens the export dialog with what the user is looking at as the choices. */
  private openExport(scope: ScopeKind): void {
    const place = this.place;
    const note = place?.kind === 'note' ? this.notes.find((n) => n.id === place.id) : undefined;
    openExportDialog({
      article: this.article && { id: this.article.id, title: this.article.title },
      note: note ? { id: note.id, title: note.title } : null,
      query: this.search.query,
      tags: this.catalog.tags,
      notes: this.notes,
      scope,
    });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.isComposing) return;
    if (isShortcut(e, QUOTE_KEY) && this.place?.kind === 'article') {
      e.preventDefault();
      this.quoteShortcut();
    } else if (e.key === 'F6' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.cyclePanes(e.shiftKey ? -1 : 1);
    }
  }

  /** F6 / Shift+F6: moves focus between the library, the centre view and the Quotes panel. */
  private cyclePanes(step: number): void {
    const panes = [byId('library'), ...Object.values(this.views).filter((v) => !v.hidden), byId('quotes')].filter((p) => p.offsetParent !== null);
    const at = panes.findIndex((p) => p.contains(document.activeElement));
    const pane = panes[(at + step + panes.length) % panes.length];
    const preferred = ['[aria-current="page"]', '.reader-doc', '.note-doc', '.quote-card .quote-text', 'input, select, button:not(:disabled)'];
    const target = preferred.map((sel) => pane?.querySelector<HTMLElement>(sel)).find(Boolean) ?? pane;
    target?.focus({ preventScroll: true });
  }
}

void new App().start();
