import type { Article, Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { call } from '../client';
import { applyComfort, comfortControls, loadComfort } from '../comfort';
import { formatDate, h, quoteShortcutLabel } from '../dom';
import { copyAsMarkdown } from '../export/clipboard';
import { currentLocale, t, tn } from '../i18n/i18n';
import { askPastedText } from '../import/paste';
import { appendWatchLine, checkForNewVersion } from '../import/watch';
import { pickFile, readText } from '../import/read';
import { DisposableStore } from '../model/lifecycle';
import type { QuoteChange } from '../model/quotes';
import { openQuotePopover, type QuotePopoverHandle } from '../panels/quotePopover';
import { QuotesPanel } from '../panels/quotes';
import { highlightLabel, highlightTooltip } from '../quoteInfo';
import type { BodyRange } from '../reader/commands';
import { languageControl, languageName } from '../reader/languageControl';
import { Reader } from '../reader/view';
import { isReadOnly } from '../readOnly';
import { Revisions } from '../revisions/controller';
import { isAnchored } from '../revisions/status';
import { matchInText, type SearchHit } from '../search/snippet';
import { SourceBox } from '../sources/form';
import { toast, toastError } from '../toast';
import { openMenu, type MenuItem } from '../widgets/menu';
import { Popover } from '../widgets/popover';
import type { Place, View, ViewContext } from './view';

function byId<T extends HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`index.html lacks #${id}`);
  return el as T;
}

/** What the article view asks of the app beyond the shared context. */
export interface ArticleViewHost {
  /** Opens the Export dialog scoped to the open article. */
  exportArticle(): void;
  /** The side panel is shown (article or note) or not. */
  isArticleShown(): boolean;
}

/**
 * The reader: an article with its highlights, source and revisions, and the Quotes
 * panel beside it (also beside a note). It keeps the ids of the open article's
 * quotes and reads them from the quote store, so a change from anywhere (a card, the
 * popover, another window) reaches the highlights and the panel through the store.
 */
export class ArticleView implements View {
  readonly el = byId('view-reader');
  private readonly owned = new DisposableStore();
  private readonly pinned = new DisposableStore();
  private article: Article | null = null;
  private ids: number[] = [];
  private opening = 0;
  private keeping = false;
  private popover: QuotePopoverHandle | null = null;
  private readonly catalog: Catalog;

  private readonly root = byId('app');
  private readonly side = byId('quotes');
  private readonly quoteButton = byId<HTMLButtonElement>('quote-button');
  private readonly readerEl = byId('reader');
  private readonly meta = byId('reader-meta');
  private readonly crumb = byId('reader-crumb');
  private readonly scroller = byId('reader-scroll');
  private readonly source = new SourceBox();
  readonly panel: QuotesPanel;
  readonly reader: Reader;
  readonly revisions: Revisions;

  constructor(
    private readonly ctx: ViewContext,
    private readonly host: ArticleViewHost,
  ) {
    this.catalog = ctx.catalog;
    this.panel = new QuotesPanel(this.side, { catalog: ctx.catalog, actions: ctx.actions });
    this.reader = new Reader(byId('reader-doc'), {
      onQuote: (range) => void this.keep(range),
      onCanQuoteChange: () => {
        this.syncQuoteButton();
        this.revisions.review.setCanUse(this.reader.hasQuotableSelection);
      },
      onHighlightClick: (id) => this.selectQuote(id, 'reader'),
      onContextMenu: (at, target) => this.readerMenu(at, target),
      describe: (id) => {
        const q = this.ctx.model.quotes.get(id);
        return q ? highlightTooltip(q, this.catalog) : null;
      },
      label: (ids) => highlightLabel(ids.map((id) => this.ctx.model.quotes.get(id)).filter((q): q is Quote => q !== undefined)),
    });
    this.revisions = new Revisions({
      catalog: ctx.catalog,
      commands: ctx.model.commands,
      article: () => this.article,
      quotes: () => this.quotes,
      showText: (text) => this.showText(text),
      reveal: (id) => this.reader.reveal(id),
      selection: () => this.reader.selection,
      collapseSelection: () => {
        this.reader.collapseSelection();
        this.syncQuoteButton();
      },
      reopen: async () => {
        const id = this.article?.id;
        this.article = null;
        if (id !== undefined) await this.open(id);
      },
      onReviewing: (open) => {
        this.root.classList.toggle('reviewing', open);
        this.side.classList.toggle('reviewing', open);
      },
    });
    applyComfort(loadComfort());
    this.meta.before(this.revisions.banner.el);
    this.side.append(this.revisions.review.el);
    byId('reader-source').replaceWith(this.source.el);
    byId('quote-shortcut').textContent = quoteShortcutLabel;
    this.quoteButton.title = t('quote.button.title', { shortcut: quoteShortcutLabel });
    this.quoteButton.addEventListener('click', () => this.reader.quote());
    const menuButton = byId<HTMLButtonElement>('article-menu-button');
    menuButton.addEventListener('click', () => openMenu(menuButton, t('articleMenu.label'), this.articleMenu()));
    const comfortButton = byId<HTMLButtonElement>('comfort-button');
    comfortButton.addEventListener('click', () => {
      new Popover(comfortControls(), { anchor: comfortButton, label: t('comfort.label'), className: 'comfort-popover' }).open();
    });
    this.scroller.addEventListener('scroll', () => this.syncCrumb(), { passive: true });
    this.owned.add(ctx.model.quotes.onDidChange((e) => this.quotesChanged(e)));
    this.owned.add(ctx.catalog.onTags(() => this.paintQuotes()));
  }

  /** The open article, at its current revision. */
  get current(): Article | null {
    return this.article;
  }

  /** The open article's live quotes, from the store. */
  get quotes(): Quote[] {
    return this.ids.map((id) => this.ctx.model.quotes.get(id)).filter((q): q is Quote => q !== undefined && !q.deletedAt);
  }

  /** True while an older revision is shown read-only. */
  get viewingOld(): boolean {
    return this.revisions.viewingOld;
  }

  async show(place: Place): Promise<void> {
    if (place.kind !== 'article') return;
    await this.open(place.id);
    document.title = t('window.title', { name: this.title() });
  }

  title(): string {
    return this.article?.title ?? t('pane.article');
  }

  async leave(): Promise<void> {
    this.revisions.closeReview();
  }

  /** Loads an article into the reader with its quotes and source (also behind a note, for the Quotes panel). */
  async open(articleId: number): Promise<void> {
    if (this.article?.id === articleId) return;
    const ticket = ++this.opening;
    const { quotes: store, sources } = this.ctx.model;
    const [{ article }, quotes, { source }, { revisions }, { counts }] = await Promise.all([
      call('articles:get', { id: articleId }),
      store.ofArticle(articleId),
      call('sources:get', { articleId }),
      call('revisions:list', { articleId }),
      call('revisions:status', { articleId }),
    ]);
    if (ticket !== this.opening) return;
    this.article = article;
    this.setIds(quotes.map((q) => q.id));
    sources.put(articleId, source);
    localStorage.setItem('apostil.lastArticle', String(article.id));
    this.renderMeta(article);
    this.source.show(article, source);
    this.reader.open(article);
    this.revisions.opened(revisions, counts);
    this.drawHighlights();
    this.panel.list.setActive(null, false);
    this.panel.setQuotes(this.quotes);
    this.panel.setArticle(article);
    this.scroller.scrollTop = 0;
    this.syncCrumb();
    this.syncQuoteButton();
  }

  /** Empties the reader (the open article is no longer in the library). */
  clear(): void {
    this.article = null;
    this.setIds([]);
    this.reader.open({ title: '', body: '', blocks: [] });
    this.panel.setQuotes([]);
    this.panel.setArticle(null);
  }

  /** Reloads the open article and its quotes (after an import or a restore replaced what it showed). */
  async reload(): Promise<void> {
    const open = this.article;
    this.article = null;
    if (open && this.ctx.catalog.article(open.id)) await this.open(open.id);
    else if (open) this.clear();
  }

  /** Shows a quote in its article: scrolls to the highlight and selects its card (an orphan opens its review). */
  async showQuote(q: Quote, from: 'panel' | 'search' = 'panel'): Promise<void> {
    if (!(await this.showArticle(q.articleId))) return;
    const current = this.ctx.model.quotes.get(q.id) ?? q;
    if (!isAnchored(current)) return this.revisions.openReview(q.id);
    this.selectQuote(q.id, from);
  }

  /** Opens a search hit in the reader: a quote's highlight (flashed) or an article's passage. */
  async openHit(hit: SearchHit): Promise<void> {
    const article = hit.articleId === null ? null : await this.showArticle(hit.articleId);
    if (!article) return;
    this.reader.dom.focus({ preventScroll: true });
    const quote = hit.type === 'quote' ? this.quotes.find((q) => q.id === hit.id) : undefined;
    if (quote) return this.showQuote(quote, 'search');
    const range = hit.type === 'article' ? matchInText(article.body, hit.snippet) : null;
    if (range) this.reader.showMatch(range);
  }

  /** Opens an article at a passage (body offsets), selected and flashed as a search match is. */
  async showPassage(articleId: number, range: BodyRange): Promise<void> {
    if (!(await this.showArticle(articleId))) return;
    this.reader.dom.focus({ preventScroll: true });
    this.reader.showMatch(range);
  }

  /** Keeps the reader's selection as a quote (the shortcut and the desktop menu). */
  quoteSelection(): void {
    if (this.host.isArticleShown() && !this.viewingOld) this.reader.quote();
  }

  /** Shows a notice in place of the article (no token, loading failed, empty library). */
  showNotice(title: string, text: string): void {
    this.meta.replaceChildren();
    this.readerEl.querySelector('.notice')?.remove();
    this.readerEl.prepend(h('div', { class: 'notice', role: 'note' }, h('h2', {}, title), h('p', {}, text)));
    this.panel.setQuotes([]);
  }

  /** The reader's ⋯ menu: new versions, review, compare, export. */
  articleMenu(): MenuItem[] {
    const article = this.article;
    return [
      { label: t('articleMenu.importVersion'), disabled: !article, run: () => void this.importVersionFile() },
      { label: t('articleMenu.pasteVersion'), disabled: !article, run: () => void this.importVersionText() },
      { label: t('articleMenu.checkVersion'), disabled: !article, run: () => void this.checkVersion() },
      { label: t('articleMenu.review'), disabled: !article, run: () => void this.revisions.openReview() },
      { label: t('articleMenu.compare'), disabled: !this.revisions.hasOlder, run: () => this.revisions.compare() },
      { separator: true },
      { label: t('articleMenu.export'), disabled: !article, run: () => this.host.exportArticle() },
    ];
  }

  /** Fetches the open article's address again and, when the page changed, shows the new revision. */
  private async checkVersion(): Promise<void> {
    const id = this.article?.id;
    if (id !== undefined && (await checkForNewVersion(id))) await this.reload();
    else if (id !== undefined && this.article) this.renderMeta(this.article);
  }

  private setIds(ids: number[]): void {
    this.pinned.clear();
    this.ids = ids;
    this.pinned.add(this.ctx.model.quotes.pin(ids));
  }

  /** Puts the article in the reader at its current revision, unless it is there; resolves with it, or null. */
  private async showArticle(articleId: number): Promise<Article | null> {
    if (!this.host.isArticleShown() || this.article?.id !== articleId) await this.ctx.go({ kind: 'article', id: articleId });
    if (this.article?.id !== articleId) return null;
    if (this.revisions.viewingOld) await this.revisions.view(null);
    return this.article;
  }

  /** Brings quote changes from the store into the highlights, the panel, the review and the popover. */
  private quotesChanged(e: QuoteChange): void {
    const article = this.article;
    if (!article) return;
    if (e.kind === 'reset') {
      void this.reload().catch((err: unknown) => toastError(err, t('error.refreshQuotes')));
      return;
    }
    let touched = false;
    if (e.kind === 'gone') {
      const gone = new Set(e.ids);
      touched = this.ids.some((id) => gone.has(id));
      if (touched) this.setIds(this.ids.filter((id) => !gone.has(id)));
      for (const id of e.ids) if (touched) this.panel.remove(id, this.quotes.length);
    } else {
      for (const quote of e.quotes) {
        if (quote.articleId !== article.id) continue;
        touched = true;
        if (!this.ids.includes(quote.id) && !quote.deletedAt) this.setIds([...this.ids, quote.id]);
        if (quote.deletedAt) this.panel.remove(quote.id, this.quotes.length);
        else this.panel.upsert(quote, this.quotes.length);
        if (this.popover?.isOpen && this.popover.quoteId === quote.id) this.popover.update(quote);
      }
    }
    if (!touched) return;
    this.drawHighlights();
    if (this.revisions.active) void this.revisions.quotesChanged();
  }

  /** Keeps a body range of the open article; the highlight appears only once the api has stored it. */
  private async keep(range: BodyRange): Promise<void> {
    const article = this.article;
    if (!article || isReadOnly() || this.keeping || !this.host.isArticleShown() || this.revisions.viewingOld) return;
    this.keeping = true;
    this.syncQuoteButton();
    try {
      const quote = await this.ctx.model.commands.createQuote({ articleId: article.id, ...range });
      if (this.article?.id !== article.id) return;
      this.reader.collapseSelection();
      this.selectQuote(quote.id, 'kept');
      this.editQuote(quote);
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
      actions: this.ctx.actions,
      returnFocus: this.reader.dom,
      keepDraft: (id, text) => this.panel.list.keepDraft(id, text),
    });
  }

  /** Draws the highlights of the quotes anchored in the current text; none while an older revision is shown. */
  private drawHighlights(): void {
    const shown = this.revisions.viewingOld ? [] : this.quotes.filter(isAnchored);
    this.reader.setQuotes(shown.map((q) => ({ id: q.id, start: q.start, end: q.end, color: this.catalog.quoteColor(q) })));
  }

  /** Redraws highlights and cards with current colours (a quote's own, or its first coloured tag's). */
  private paintQuotes(): void {
    this.drawHighlights();
    this.panel.list.refreshCards();
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

  private renderMeta(article: Article): void {
    this.readerEl.hidden = false;
    this.readerEl.lang = article.lang ?? '';
    this.readerEl.querySelector('.notice')?.remove();
    const candidates: (Node | string | null)[] = [
      article.date ? h('time', { datetime: article.date }, formatDate(article.date)) : null,
      languageControl(article.lang, (lang) => void this.relabel(article.id, lang), isReadOnly()),
      tn('reader.chars', article.chars),
    ];
    const parts = candidates.filter((p): p is Node | string => p !== null);
    this.meta.replaceChildren(...parts.flatMap((p, i) => (i ? [h('span', { class: 'dot', 'aria-hidden': 'true' }, '·'), p] : [p])));
    this.meta.lang = currentLocale();
    void appendWatchLine(
      this.meta,
      article.id,
      () => this.article?.id === article.id,
      () => void this.checkVersion(),
    ).catch(() => undefined);
    this.crumb.textContent = article.title;
    this.crumb.lang = article.lang ?? '';
  }

  /** Changes the open article's language, then typesets the reader, the cards and the header by it. */
  private async relabel(id: number, lang: string | null): Promise<void> {
    try {
      const summary = await this.ctx.model.commands.relabelArticle(id, lang);
      if (this.article?.id !== id) return;
      this.article = { ...this.article, lang: summary.lang };
      this.renderMeta(this.article);
      this.panel.list.refreshCards();
      toast(t('article.lang.changed', { name: summary.lang ? languageName(summary.lang) : t('article.lang.none') }));
    } catch (err) {
      toastError(err, t('error.relabel'));
    }
  }

  private syncCrumb(): void {
    this.el.classList.toggle('scrolled', this.scroller.scrollTop > 160);
  }

  private syncQuoteButton(): void {
    this.quoteButton.disabled = isReadOnly() || this.keeping || !this.article || this.revisions.viewingOld || !this.reader.hasQuotableSelection;
    this.quoteButton.classList.toggle('busy', this.keeping);
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
              {
                label: t('menu.copy'),
                run: () => void navigator.clipboard.writeText(this.reader.selectedText).catch(() => toast(t('error.copyBlocked'), { kind: 'error' })),
              },
            ]
          : []),
        ...(target.canQuote && quote ? [{ separator: true as const }] : []),
        ...(quote
          ? [
              { label: t('menu.editQuote'), run: () => this.editQuote(quote) },
              { label: t('menu.showInPanel'), run: () => this.selectQuote(quote.id, 'reader') },
              { label: t('quote.copyMarkdown'), run: () => void copyAsMarkdown({ kind: 'quote', quoteId: quote.id }) },
              { label: t('cite.copy'), run: () => this.ctx.actions.cite(quote.id) },
              { label: t('quote.delete'), danger: true, run: () => this.ctx.actions.delete(quote.id) },
            ]
          : []),
      ],
      this.reader.dom,
    );
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

  dispose(): void {
    this.owned.dispose();
    this.pinned.dispose();
  }
}
