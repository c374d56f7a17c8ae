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

const PLACE_KEY = 'apostil.place';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

function languageName(lang: string | null): string | null {
  if (!lang) return null;
  try {
    return new Intl.DisplayNames(undefined, { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
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
    tag: (id, tags) => this.change(() => call('quotes:tag', { id, tags }), 'Could not add the tags'),
    untag: (id, tag) => this.change(() => call('quotes:untag', { id, tags: [tag] }), 'Could not remove the tag'),
    color: (id, color) => this.change(() => call('quotes:update', { id, color }), 'Could not change the colour'),
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

  private readonly panel = new QuotesPanel(byId('quotes'), { catalog: this.catalog, actions: this.actions });
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
      byId('quotes').classList.toggle('reviewing', open);
    },
  });

  constructor() {
    applyComfort(loadComfort());
    this.meta.before(this.revisions.banner.el);
    byId('quotes').append(this.revisions.review.el);
    byId('reader-source').replaceWith(this.source.el);
    byId('quote-shortcut').textContent = quoteShortcutLabel;
    this.quoteButton.title = `Keep the selected text as a quote (${quoteShortcutLabel}, or right-click the selection)`;
    this.quoteButton.addEventListener('click', () => this.reader.quote());
    this.articleMenuButton.addEventListener('click', () => openMenu(this.articleMenuButton, 'Article actions', this.articleMenu()));
    this.comfortButton.addEventListener('click', () => {
      new Popover(comfortControls(), { anchor: this.comfortButton, label: 'Reading settings', className: 'comfort-popover' }).open();
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
        'This page needs its access link',
        'Open Apostil with the address `apostil serve` printed; it carries this launch’s access token after the # sign.',
      );
      return;
    }
    try {
      await Promise.all([this.catalog.refreshArticles(), this.catalog.refreshTags(), this.refreshNotes()]);
      this.library.setArticles(this.catalog.articles);
      void this.refreshCounts();
    } catch (err) {
      this.showNotice('Apostil could not load your library', err instanceof Error ? err.message : String(err));
      return;
    }
    const saved = savedPlace();
    const first = this.catalog.articles[0];
    const valid =
      saved &&
      ((saved.kind === 'article' && this.catalog.article(saved.id)) ||
        (saved.kind === 'note' && this.notes.some((n) => n.id === saved.id)) ||
        ['quotes', 'tags', 'trash'].includes(saved.kind));
    const lastArticle = Number(localStorage.getItem('apostil.lastArticle'));
    const article = this.catalog.article(lastArticle) ?? first;
    if (article && (!valid || saved.kind !== 'article')) await this.openArticle(article.id);
    if (valid) await this.go(saved);
    else if (article) await this.go({ kind: 'article', id: article.id });
    else this.showEmptyLibrary();
  }

  private showEmptyLibrary(): void {
    this.showNotice('Your library is empty', 'Import an article with the Import… button, paste text from the library menu, or drop files on the window to start reading.');
  }

  // ---------- Navigation ----------

  /** Shows a place in the centre pane, saving a note being left first. */
  async go(place: Place): Promise<void> {
    if (this.place?.kind === 'note' && !(place.kind === 'note' && place.id === this.place.id)) await this.noteView.flush();
    this.place = place;
    localStorage.setItem(PLACE_KEY, JSON.stringify(place));
    for (const [kind, el] of Object.entries(this.views)) el.hidden = kind !== place.kind;
    this.root.classList.toggle('has-side', place.kind === 'article' || place.kind === 'note');
    this.library.setPlace(place);
    try {
      if (place.kind === 'article') await this.openArticle(place.id);
      else if (place.kind === 'note') await this.openNote(place.id);
      else await this.openSection(place.kind);
    } catch (err) {
      toastError(err, 'Could not open it');
    }
  }

  private async openSection(section: Section): Promise<void> {
    document.title = `${{ quotes: 'All quotes', tags: 'Tags', trash: 'Trash' }[section]} — Apostil`;
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
      if (this.place?.kind === 'article') document.title = `${this.article.title} — Apostil`;
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
    if (this.place?.kind === 'article') document.title = `${article.title} — Apostil`;
    this.syncQuoteButton();
  }

  private async openNote(id: number, focus: 'title' | 'text' | null = null): Promise<void> {
    const [{ quotes }, { sources }] = await Promise.all([call('quotes:list', { state: 'all' }), call('sources:list', {})]);
    this.directory.load(quotes, sources);
    await this.noteView.open(id, focus);
    document.title = `${this.notes.find((n) => n.id === id)?.title || 'Untitled note'} — Apostil`;
  }

  /** Opens a search hit: a quote's highlight (flashed) or an article's passage in the reader, or a note. */
  private async openHit(hit: SearchHit): Promise<void> {
    if (hit.type === 'note') return this.go({ kind: 'note', id: hit.id });
    if (hit.articleId === null) return;
    if (this.place?.kind !== 'article' || this.article?.id !== hit.articleId) await this.go({ kind: 'article', id: hit.articleId });
    if (this.article?.id !== hit.articleId) return;
    this.reader.dom.focus({ preventScroll: true });
    const quote = hit.type === 'quote' ? this.quotes.find((q) => q.id === hit.id) : undefined;
    if (quote) return this.showQuote(quote, 'search');
    if (this.revisions.viewingOld) await this.revisions.view(null);
    const range = hit.type === 'article' ? matchInText(this.article.body, hit.snippet) : null;
    if (range) this.reader.showMatch(range);
  }

  /** Shows a quote in its article: opens the article if needed, scrolls to the highlight and selects its card. */
  private async showQuote(q: Quote, from: 'panel' | 'search' = 'panel'): Promise<void> {
    if (this.place?.kind !== 'article' || this.article?.id !== q.articleId) await this.go({ kind: 'article', id: q.articleId });
    if (this.article?.id !== q.articleId) return;
    if (this.revisions.viewingOld) await this.revisions.view(null);
    const current = this.quotes.find((x) => x.id === q.id) ?? q;
    if (!isAnchored(current)) return this.revisions.openReview(q.id);
    this.selectQuote(q.id, from);
  }

  private async activateEmbed(quoteId: number): Promise<void> {
    const q = this.directory.get(quoteId);
    if (!q) return void toast('This quote no longer exists.', { kind: 'error' });
    if (q.deletedAt) return void toast('This quote is in the Trash; restore it to show it in its article.');
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
      `${article.chars.toLocaleString()} characters`,
    ];
    const parts = candidates.filter((p): p is Node | string => p !== null);
    this.meta.replaceChildren(...parts.flatMap((p, i) => (i ? [h('span', { class: 'dot', 'aria-hidden': 'true' }, '·'), p] : [p])));
    this.meta.lang = 'en';
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
      'Reader',
      [
        ...(target.canQuote
          ? [
              { label: 'Quote selection', shortcut: quoteShortcutLabel, run: () => this.reader.quote() },
              { label: 'Copy', run: () => void navigator.clipboard.writeText(this.reader.selectedText).catch(() => toast('Copying is not allowed here; use the keyboard shortcut instead.', { kind: 'error' })) },
            ]
          : []),
        ...(target.canQuote && quote ? [{ separator: true as const }] : []),
        ...(quote
          ? [
              { label: 'Tags, comment and colour…', run: () => this.editQuote(quote) },
              { label: 'Show in the Quotes panel', run: () => this.selectQuote(quote.id, 'reader') },
              { label: 'Copy as Markdown', run: () => void copyAsMarkdown({ kind: 'quote', quoteId: quote.id }) },
              { label: 'Delete quote', danger: true, run: () => void this.deleteQuote(quote.id) },
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
      toastError(err, 'The quote was not kept');
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
      toast('Quote deleted.', { action: { label: 'Undo', run: () => void this.restoreQuote(quote.id) } });
    } catch (err) {
      toastError(err, 'The quote was not deleted');
    }
  }

  private async restoreQuote(id: number): Promise<void> {
    try {
      const { quote } = await call('quotes:restore', { id });
      this.applyQuote(quote);
      if (quote.articleId === this.article?.id && this.place?.kind === 'article') this.selectQuote(quote.id, 'kept');
      void this.refreshArticles();
      void this.catalog.refreshTags();
      toast('Quote restored.');
    } catch (err) {
      toastError(err, 'The quote was not restored');
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
      toastError(err, 'Could not refresh the quotes');
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
      toastError(err, 'Could not start a note');
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
      toast(`Moved “${note.title || 'Untitled note'}” to the Trash.`, { action: { label: 'Undo', run: () => void this.restoreNote(id).then(() => this.go({ kind: 'note', id })) } });
    } catch (err) {
      toastError(err, 'The note was not deleted');
    }
  }

  private async restoreNote(id: number): Promise<void> {
    try {
      await call('notes:restore', { id });
      await this.refreshNotes();
      void this.refreshCounts();
      toast('Note restored.');
    } catch (err) {
      toastError(err, 'The note was not restored');
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
    await this.imported(await importFiles(files));
  }

  private async pasteArticle(): Promise<void> {
    const text = await askPastedText({
      title: 'Paste text as an article',
      message: 'The first line becomes the title. Separate paragraphs with a blank line.',
      confirm: 'Import',
    });
    if (text !== null) await this.imported(await importText('Pasted text', text));
  }

  /** After imports: reloads what they may have changed and opens the first article they brought. */
  private async imported(reports: ImportReport[]): Promise<void> {
    if (!reports.length) return;
    await this.reloadLibrary();
    const first = reports.flatMap((r) => r.articles)[0]?.article.id;
    if (first !== undefined) await this.go({ kind: 'article', id: first });
  }

  /** After a backup replaced the library: shows it afresh, where the user was if that still exists. */
  private async restored(): Promise<void> {
    await this.noteView.close();
    await this.reloadLibrary();
    const place = this.place;
    const exists =
      place &&
      ((place.kind === 'article' && this.catalog.article(place.id)) || (place.kind === 'note' && this.notes.some((n) => n.id === place.id)) || ['quotes', 'tags', 'trash'].includes(place.kind));
    const first = this.catalog.articles[0];
    if (exists) await this.go(place);
    else if (first) await this.go({ kind: 'article', id: first.id });
    else this.showEmptyLibrary();
  }

  /** Reloads everything shown from the library (after imports or a restore), keeping the place if it still exists. */
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
      }
    } catch (err) {
      toastError(err, 'Could not reload the library');
    }
  }

  private async onAppEvent(event: AppEvent): Promise<void> {
    if (event.type === 'imported') {
      await this.reloadLibrary();
      const first = event.articleIds[0];
      if (first !== undefined) await this.go({ kind: 'article', id: first });
    } else if (event.command === 'import') {
      this.library.pickFiles();
    } else if (event.command === 'quote-selection') {
      this.quoteShortcut();
    }
  }

  private quoteShortcut(): void {
    if (this.place?.kind === 'article' && !this.revisions.viewingOld) this.reader.quote();
  }

  /** Shortcuts that work wherever focus is, even inside an editor: caught before anything else sees them. */
  private onGlobalKey(e: KeyboardEvent): void {
    if (e.isComposing || !isShortcut(e, SEARCH_KEY)) return;
    e.preventDefault();
    e.stopPropagation();
    this.search.focus();
  }

  private libraryMenu(): MenuItem[] {
    return [
      { label: 'Import files…', run: () => this.library.pickFiles() },
      { label: 'Paste text as an article…', run: () => void this.pasteArticle() },
      { separator: true },
      { label: 'Export…', run: () => this.openExport(this.place?.kind === 'article' ? 'article' : this.place?.kind === 'note' ? 'note' : 'all') },
      { separator: true },
      { label: 'Backups…', run: () => openBackupsDialog({ restored: () => this.restored() }) },
      { label: 'Check library', run: () => void checkLibraryNow() },
    ];
  }

  private articleMenu(): MenuItem[] {
    const article = this.article;
    return [
      { label: 'Import new version of this article…', disabled: !article, run: () => void this.importVersionFile() },
      { label: 'Paste a new version of this article…', disabled: !article, run: () => void this.importVersionText() },
      { label: 'Review quotes', disabled: !article, run: () => void this.revisions.openReview() },
      { label: 'Compare revisions…', disabled: !this.revisions.hasOlder, run: () => this.revisions.compare() },
      { separator: true },
      { label: 'Export this article…', disabled: !article, run: () => this.openExport('article') },
    ];
  }

  private async importVersionFile(): Promise<void> {
    const file = await pickFile('.txt,.md,.markdown');
    if (!file) return;
    try {
      await this.revisions.importVersion(file.name, await readText(file));
    } catch (err) {
      toastError(err, `Could not import ${file.name}`);
    }
  }

  private async importVersionText(): Promise<void> {
    const text = await askPastedText({
      title: 'Paste a new version',
      message: `The text replaces “${this.article?.title ?? ''}” as its next revision; the current one stays readable, and every quote is placed again.`,
      confirm: 'Import version',
    });
    if (text !== null) await this.revisions.importVersion('Pasted text', text);
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
