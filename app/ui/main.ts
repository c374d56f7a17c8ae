import type { Article, ArticleSummary, Quote } from '../core/model';
import { adoptToken, call, isDesktop, onEvent, type AppEvent } from './client';
import { formatDate, h, isMac, quoteShortcutLabel } from './dom';
import { LibraryPanel } from './panels/library';
import { QuotesPanel } from './panels/quotes';
import type { BodyRange } from './reader/commands';
import { Reader } from './reader/view';
import { toast, toastError } from './toast';

const LAST_ARTICLE_KEY = 'apostil.lastArticle';

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

/** The renderer: wires the panels and the reader to the api and keeps what they show in step. */
class App {
  private articles: ArticleSummary[] = [];
  private article: Article | null = null;
  private quotes: Quote[] = [];
  private opening = 0;
  private keeping = false;

  private readonly quoteButton = byId<HTMLButtonElement>('quote-button');
  private readonly readerEl = byId('reader');
  private readonly meta = byId('reader-meta');
  private readonly crumb = byId('reader-crumb');
  private readonly scroller = byId('reader-scroll');

  private readonly library = new LibraryPanel(byId('library'), {
    onOpen: (id) => void this.open(id),
    onImport: (files) => void this.importFiles(files),
  });

  private readonly panel = new QuotesPanel(byId('quotes'), {
    onSelect: (id) => this.selectQuote(id, 'panel'),
    onTag: (id, tags) => this.edit(() => call('quotes:tag', { id, tags }), 'Could not add the tags'),
    onUntag: (id, tag) => this.edit(() => call('quotes:untag', { id, tags: [tag] }), 'Could not remove the tag'),
    onComment: (id, comment) => this.edit(() => call('quotes:update', { id, comment }), 'Could not save the comment', true),
    onDelete: (id) => void this.deleteQuote(id),
  });

  private readonly reader = new Reader(byId('reader-doc'), {
    onQuote: (range) => void this.keep(range),
    onCanQuoteChange: () => this.syncQuoteButton(),
    onHighlightClick: (id) => this.selectQuote(id, 'reader'),
  });

  constructor() {
    byId('quote-shortcut').textContent = quoteShortcutLabel;
    this.quoteButton.title = `Keep the selected text as a quote (${quoteShortcutLabel})`;
    this.quoteButton.addEventListener('click', () => this.reader.quote());
    document.addEventListener('keydown', (e) => this.onKeyDown(e));
    this.scroller.addEventListener('scroll', () => this.syncCrumb(), { passive: true });
    onEvent((event) => void this.onAppEvent(event));
  }

  /** Loads the library and reopens the article read last (or the first one). */
  async start(): Promise<void> {
    if (!isDesktop() && !adoptToken()) {
      this.showNotice(
        'This page needs its access link',
        'Open Apostil with the address `apostil serve` printed; it carries this launch’s access token after the # sign.',
      );
      return;
    }
    try {
      await this.refreshLibrary();
    } catch (err) {
      this.showNotice('Apostil could not load your library', err instanceof Error ? err.message : String(err));
      return;
    }
    const last = Number(localStorage.getItem(LAST_ARTICLE_KEY));
    const target = this.articles.find((a) => a.id === last) ?? this.articles[0];
    if (target) await this.open(target.id);
    else this.showNotice('Your library is empty', 'Import a .txt or Markdown article with the Import… button to start reading.');
  }

  private async refreshLibrary(): Promise<void> {
    this.articles = (await call('articles:list', {})).articles;
    this.library.setArticles(this.articles);
  }

  /** Opens an article in the reader with its quotes. */
  async open(articleId: number): Promise<void> {
    const ticket = ++this.opening;
    try {
      const [{ article }, { quotes }] = await Promise.all([
        call('articles:get', { id: articleId }),
        call('quotes:list', { articleId }),
      ]);
      if (ticket !== this.opening) return;
      this.article = article;
      this.quotes = quotes;
      localStorage.setItem(LAST_ARTICLE_KEY, String(article.id));
      this.renderMeta(article);
      this.reader.open(article);
      this.reader.setQuotes(quotes);
      this.panel.setActive(null, false);
      this.panel.setQuotes(quotes, article.lang);
      this.library.setOpen(article.id);
      this.scroller.scrollTop = 0;
      this.syncCrumb();
      document.title = `${article.title} — Apostil`;
      this.syncQuoteButton();
    } catch (err) {
      toastError(err, 'Could not open the article');
    }
  }

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
    this.panel.setQuotes([], null);
  }

  private syncCrumb(): void {
    this.scroller.parentElement?.classList.toggle('scrolled', this.scroller.scrollTop > 160);
  }

  private syncQuoteButton(): void {
    this.quoteButton.disabled = this.keeping || !this.article || !this.reader.hasQuotableSelection;
    this.quoteButton.classList.toggle('busy', this.keeping);
  }

  private replaceQuotes(quotes: Quote[]): void {
    this.quotes = quotes;
    this.reader.setQuotes(quotes);
    this.panel.setQuotes(quotes, this.article?.lang ?? null);
  }

  /** Keeps a body range of the open article; the highlight appears only once the api has stored it. */
  private async keep(range: BodyRange): Promise<void> {
    const article = this.article;
    if (!article || this.keeping) return;
    this.keeping = true;
    this.syncQuoteButton();
    try {
      const { quote } = await call('quotes:create', { articleId: article.id, ...range });
      if (this.article?.id !== article.id) return;
      this.reader.collapseSelection();
      this.replaceQuotes([...this.quotes, quote]);
      this.selectQuote(quote.id, 'kept');
      this.panel.focusTags(quote.id);
      void this.refreshLibrary().catch(() => undefined);
    } catch (err) {
      toastError(err, 'The quote was not kept');
    } finally {
      this.keeping = false;
      this.syncQuoteButton();
    }
  }

  private selectQuote(id: number, from: 'panel' | 'reader' | 'kept'): void {
    this.panel.setActive(id, from !== 'panel');
    if (from === 'panel') this.reader.reveal(id);
    else this.reader.setActive(id);
  }

  private async edit(run: () => Promise<{ quote: Quote }>, failure: string, quiet = false): Promise<void> {
    try {
      const { quote } = await run();
      const i = this.quotes.findIndex((q) => q.id === quote.id);
      if (i >= 0) this.quotes[i] = quote;
      if (!quiet) this.panel.replaceQuote(quote);
    } catch (err) {
      toastError(err, failure);
    }
  }

  private async deleteQuote(id: number): Promise<void> {
    try {
      const { quote } = await call('quotes:delete', { id });
      this.replaceQuotes(this.quotes.filter((q) => q.id !== id));
      void this.refreshLibrary().catch(() => undefined);
      toast('Quote deleted.', { action: { label: 'Undo', run: () => void this.restoreQuote(quote.id) } });
    } catch (err) {
      toastError(err, 'The quote was not deleted');
    }
  }

  private async restoreQuote(id: number): Promise<void> {
    try {
      const { quote } = await call('quotes:restore', { id });
      if (quote.articleId === this.article?.id) {
        this.replaceQuotes([...this.quotes.filter((q) => q.id !== id), quote]);
        this.selectQuote(quote.id, 'kept');
      }
      void this.refreshLibrary().catch(() => undefined);
      toast('Quote restored.');
    } catch (err) {
      toastError(err, 'The quote was not restored');
    }
  }

  private async importFiles(files: File[]): Promise<void> {
    let first: number | null = null;
    for (const file of files) {
      try {
        const text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
        const { article, created } = await call('articles:import', { name: file.name, text });
        first ??= article.id;
        toast(created ? `Imported “${article.title}”.` : `“${article.title}” is already in your library.`);
      } catch (err) {
        const message = err instanceof TypeError ? `${file.name} is not valid UTF-8 text; nothing was imported.` : undefined;
        toastError(message ?? err, `Could not import ${file.name}`);
      }
    }
    if (first === null) return;
    try {
      await this.refreshLibrary();
    } catch (err) {
      toastError(err, 'Could not refresh the library');
    }
    await this.open(first);
  }

  private async onAppEvent(event: AppEvent): Promise<void> {
    if (event.type === 'imported') {
      await this.refreshLibrary().catch((err: unknown) => toastError(err, 'Could not refresh the library'));
      const first = event.articleIds[0];
      if (first !== undefined) await this.open(first);
    } else if (event.command === 'import') {
      this.library.pickFiles();
    } else if (event.command === 'quote-selection') {
      this.reader.quote();
    }
  }

  private onKeyDown(e: KeyboardEvent): void {
    if (e.defaultPrevented || e.isComposing) return;
    const mod = isMac ? e.metaKey : e.ctrlKey;
    if (mod && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'q') {
      e.preventDefault();
      this.reader.quote();
    } else if (e.key === 'Escape' && (e.target as HTMLElement).classList?.contains('tag-input')) {
      this.reader.dom.focus({ preventScroll: true });
    }
  }
}

void new App().start();
