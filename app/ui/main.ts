import { Catalog } from './catalog';
import { adoptToken, call, isDesktop, onEvent, type AppEvent } from './client';
import { h, isShortcut, QUOTE_KEY } from './dom';
import { checkLibraryNow, openBackupsDialog } from './backups/backupsDialog';
import { openExportDialog, type ScopeKind } from './export/exportDialog';
import { acceptFileDrops } from './import/dropZone';
import { importFiles, importText } from './import/importer';
import { askPastedText } from './import/paste';
import { importFromUrl } from './import/fromUrl';
import { checkAllWatched } from './import/watchAll';
import type { ImportReport } from './import/report';
import { localizeDocument, t } from './i18n/i18n';
import { Model } from './model/root';
import { LibraryPanel, type NavSection } from './panels/library';
import { quoteActions } from './quoteActions';
import { checkReadOnly } from './readOnly';
import { SEARCH_KEY, SearchBox } from './search/searchBox';
import { SyncStatusControl } from './sync/syncStatus';
import { toast, toastError } from './toast';
import { ArticleView } from './views/article';
import { VIEWS, type Shell } from './views/registry';
import type { Place, Section, View, ViewContext } from './views/view';
import type { MenuItem } from './widgets/menu';
import { openKeysDialog } from './reader/keysDialog';

const PLACE_KEY = 'apostil.place';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

/** The articles imported files brought, in order, or null when nothing was imported. */
function articleIds(reports: ImportReport[]): number[] | null {
  return reports.length ? reports.flatMap((r) => r.articles.map((a) => a.article.id)) : null;
}

function savedPlace(): Place | null {
  try {
    const p = JSON.parse(localStorage.getItem(PLACE_KEY) ?? 'null') as Place | null;
    return p && typeof p.kind === 'string' && p.kind in VIEWS ? p : null;
  } catch {
    return null;
  }
}

/** The sections of the navigation, in the order of the view table. */
const NAV: NavSection[] = (Object.keys(VIEWS) as Place['kind'][]).flatMap((kind) => {
  const nav = VIEWS[kind].nav;
  return nav ? [{ section: kind as Section, glyph: nav.glyph, label: nav.label }] : [];
});

/**
 * The window: routes between places (an article, a note, a section), each shown by
 * the view the table in `views/registry.ts` names; owns the library panel, the search
 * box, the menus and the shortcuts. What views show lives in the model's stores.
 */
class App implements Shell {
  private readonly model = new Model(call);
  private readonly catalog = new Catalog(this.model.articles, this.model.tags);
  private readonly ctx: ViewContext = {
    model: this.model,
    catalog: this.catalog,
    actions: quoteActions(this.model.commands, (q) => void this.article.showQuote(q)),
    go: (place) => this.go(place),
  };
  readonly article = new ArticleView(this.ctx, {
    exportArticle: () => this.openExport('article'),
    isArticleShown: () => this.place?.kind === 'article',
  });
  private readonly views = new Map<Place['kind'], View>();
  private place: Place | null = null;
  private readonly root = byId('app');
  private readonly centre = byId('view-reader').parentElement!;

  private readonly library = new LibraryPanel(byId('library'), NAV, {
    onOpen: (id) => void this.go({ kind: 'article', id }),
    onImport: (files) => void this.importFiles(files),
    onSection: (section) => void this.go({ kind: section }),
    onOpenNote: (id) => void this.go({ kind: 'note', id }),
    onNewNote: () => void this.newNote(),
    menu: () => this.libraryMenu(),
  });

  private readonly search = new SearchBox({
    open: async (hit) => (hit.type === 'note' ? this.go({ kind: 'note', id: hit.id }) : this.article.openHit(hit)),
    tags: () => this.catalog.tags,
    article: (id) => this.catalog.article(id),
    exportQuery: () => this.openExport('query'),
  });

  /** Where sync stands, at the foot of the library; opens the sync settings. */
  private readonly sync = new SyncStatusControl();

  constructor() {
    localizeDocument();
    this.views.set('article', this.article);
    this.library.searchSlot.append(this.search.el);
    byId('library').append(h('footer', { class: 'library-footer' }, this.sync.el));
    acceptFileDrops((files) => void this.importFiles(files));
    document.addEventListener('keydown', (e) => this.onKeyDown(e));
    document.addEventListener('keydown', (e) => this.onGlobalKey(e), true);
    const { articles, notes, counts } = this.model;
    articles.onDidChange(() => this.library.setArticles(articles.all));
    notes.onDidChange(() => this.library.setNotes(notes.all));
    counts.onDidChange((c) => this.library.setCounts(Object.fromEntries(NAV.map((n) => [n.section, VIEWS[n.section].nav!.count(c)]))));
    document.addEventListener('visibilitychange', () => {
      if (document.visibilityState === 'visible') void this.model.feed.poll();
    });
    onEvent((event) => void this.onAppEvent(event));
  }

  /** Loads the library and returns to where the user was (or the first article). */
  async start(): Promise<void> {
    if (!isDesktop() && !adoptToken()) {
      this.article.showNotice(t('notice.token.title'), t('notice.token.text'));
      return;
    }
    try {
      await this.model.load();
      void this.model.feed.start(() => document.visibilityState === 'visible').catch(() => undefined);
      await checkReadOnly(byId('app')).catch(() => false);
      this.sync.start();
    } catch (err) {
      this.article.showNotice(t('notice.loadFailed'), err instanceof Error ? err.message : String(err));
      return;
    }
    const saved = savedPlace();
    const valid = saved && this.exists(saved);
    const article = this.catalog.article(Number(localStorage.getItem('apostil.lastArticle'))) ?? this.catalog.articles[0];
    if (valid) await this.go(saved);
    else if (article) await this.go({ kind: 'article', id: article.id });
    else this.showEmptyLibrary();
    if (article && this.place?.kind !== 'article') void this.article.open(article.id).catch(() => undefined);
    if (this.place?.kind === 'article') this.library.revealArticle(this.place.id);
  }

  /** True when a place can still be shown: its article or note is in the library. */
  private exists(place: Place): boolean {
    if (place.kind === 'article') return this.catalog.article(place.id) !== undefined;
    if (place.kind === 'note') return this.model.notes.get(place.id) !== undefined;
    return true;
  }

  private showEmptyLibrary(): void {
    this.article.showNotice(t('notice.empty.title'), t('notice.empty.text'));
  }

  /** The view of a kind of place, made the first time it is needed. */
  private view(kind: Place['kind']): View {
    let view = this.views.get(kind);
    if (!view) {
      view = VIEWS[kind].create(this.ctx, this);
      this.views.set(kind, view);
      this.centre.append(view.el);
    }
    return view;
  }

  /** Shows a place in the centre pane, letting the view being left save what is pending first. */
  async go(place: Place): Promise<void> {
    const previous = this.place;
    if (previous && previous.kind !== place.kind) await this.views.get(previous.kind)?.leave?.();
    this.place = place;
    localStorage.setItem(PLACE_KEY, JSON.stringify(place));
    const view = this.view(place.kind);
    for (const [kind, v] of this.views) v.el.hidden = kind !== place.kind;
    this.root.classList.toggle('has-side', VIEWS[place.kind].side);
    // Beside a note the Quotes pane says whose quotes it lists (see QuotesPanel.setArticle).
    this.root.classList.toggle('side-beside-note', place.kind === 'note');
    this.library.setPlace(place);
    try {
      await view.show(place);
      if (this.place === place) document.title = t('window.title', { name: view.title() });
    } catch (err) {
      toastError(err, t('error.open'));
    }
  }

  /** Shows an embedded quote in its article, or says why it cannot. */
  showQuote(quoteId: number): void {
    const q = this.model.quotes.get(quoteId);
    if (!q) return void toast(t('embed.missing'), { kind: 'error' });
    if (q.deletedAt) return void toast(t('embed.inTrash'));
    void this.article.showQuote(q);
  }

  private async newNote(): Promise<void> {
    try {
      const note = await this.model.commands.createNote();
      await this.go({ kind: 'note', id: note.id });
      (this.views.get('note') as { focusTitle?(): void } | undefined)?.focusTitle?.();
    } catch (err) {
      toastError(err, t('error.newNote'));
    }
  }

  /** Moves a note to the trash (Undo brings it back) and shows the article behind it. */
  deleteNote(id: number): void {
    void (async () => {
      try {
        await this.views.get('note')?.leave?.();
        const note = await this.model.commands.deleteNote(id);
        const open = this.article.current;
        await this.go(open ? { kind: 'article', id: open.id } : { kind: 'quotes' });
        toast(t('note.trashed', { title: note.title || t('note.untitled') }), {
          action: { label: t('action.undo'), run: () => void this.restoreNote(id).then(() => this.go({ kind: 'note', id })) },
        });
      } catch (err) {
        toastError(err, t('error.deleteNote'));
      }
    })();
  }

  private async restoreNote(id: number): Promise<void> {
    try {
      await this.model.commands.restoreNote(id);
      toast(t('note.restored'));
    } catch (err) {
      toastError(err, t('error.restoreNote'));
      throw err;
    }
  }

  private async importFiles(files: File[]): Promise<void> {
    await this.imported(articleIds(await importFiles(files)));
  }

  private async pasteArticle(): Promise<void> {
    const text = await askPastedText({ title: t('paste.title'), message: t('paste.message'), confirm: t('paste.confirm') });
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
    await this.views.get('note')?.leave?.();
    await this.reloadLibrary();
    const place = this.place;
    const first = this.catalog.articles[0];
    if (place && this.exists(place)) await this.go(place);
    else if (first) await this.go({ kind: 'article', id: first.id });
    else this.showEmptyLibrary();
  }

  /** Reloads every store and asks each view to reload what it shows (after imports or a restore). */
  private async reloadLibrary(): Promise<void> {
    try {
      this.model.sources.reset();
      await this.model.load();
      this.model.quotes.reset();
      await this.model.feed.poll();
    } catch (err) {
      toastError(err, t('error.reload'));
    }
  }

  private async onAppEvent(event: AppEvent): Promise<void> {
    if (event.type === 'imported') await this.imported(event.articleIds);
    else if (event.command === 'export') this.exportHere();
    else if (event.command === 'quote-selection') this.article.quoteSelection();
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
      { label: t('menu.importUrl'), run: () => void importFromUrl().then((reports) => this.imported(articleIds(reports))) },
      { label: t('menu.checkWatched'), run: () => void this.checkWatched() },
      { separator: true },
      { label: t('menu.export'), run: () => this.exportHere() },
      { separator: true },
      { label: t('menu.backups'), run: () => openBackupsDialog({ restored: () => this.restored() }) },
      { label: t('menu.check'), run: () => void checkLibraryNow() },
      { separator: true },
      { label: t('keys.menu'), run: () => openKeysDialog() },
    ];
  }

  /** Checks every watched article for a new version, then shows the library as it now is; the report opens changed articles. */
  private async checkWatched(): Promise<void> {
    await checkAllWatched((id) => void this.go({ kind: 'article', id }));
    await this.reloadLibrary();
  }

  /** Opens the export dialog with what the user is looking at as the choices. */
  openExport(scope: ScopeKind): void {
    const place = this.place;
    const note = place?.kind === 'note' ? this.model.notes.get(place.id) : undefined;
    const article = this.article.current;
    openExportDialog({
      article: article && { id: article.id, title: article.title },
      note: note ? { id: note.id, title: note.title } : null,
      query: this.search.query,
      tags: this.catalog.tags,
      notes: this.model.notes.all,
      scope,
    });
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.isComposing) return;
    if (isShortcut(e, QUOTE_KEY) && this.place?.kind === 'article') {
      e.preventDefault();
      this.article.quoteSelection();
    } else if (e.key === 'F6' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      this.cyclePanes(e.shiftKey ? -1 : 1);
    }
  }

  /** F6 / Shift+F6: moves focus between the library, the centre view and the Quotes panel. */
  private cyclePanes(step: number): void {
    const panes = [byId('library'), ...[...this.views.values()].map((v) => v.el).filter((el) => !el.hidden), byId('quotes')].filter(
      (p) => p.offsetParent !== null,
    );
    const at = panes.findIndex((p) => p.contains(document.activeElement));
    const pane = panes[(at + step + panes.length) % panes.length];
    const preferred = ['[aria-current="page"]', '.reader-doc', '.note-doc', '.quote-card .quote-text', 'input, select, button:not(:disabled)'];
    const target = preferred.map((sel) => pane?.querySelector<HTMLElement>(sel)).find(Boolean) ?? pane;
    target?.focus({ preventScroll: true });
  }
}

void new App().start();
