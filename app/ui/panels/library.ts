import type { ArticleSummary } from '../../core/model';
import { formatDate, h } from '../dom';

/** How the library panel reports to the app. */
export interface LibraryCallbacks {
  onOpen(articleId: number): void;
  onImport(files: File[]): void;
}

/** The left pane: the articles in the library and the Import… button. */
export class LibraryPanel {
  private readonly list: HTMLElement;
  private readonly count: HTMLElement;
  private readonly fileInput: HTMLInputElement;
  private articles: ArticleSummary[] = [];
  private openId: number | null = null;

  constructor(
    root: HTMLElement,
    private readonly callbacks: LibraryCallbacks,
  ) {
    this.fileInput = h('input', {
      type: 'file',
      accept: '.txt,.md,.markdown',
      multiple: true,
      class: 'visually-hidden',
      tabindex: '-1',
      'aria-label': 'Article files to import',
      onchange: () => {
        const files = [...(this.fileInput.files ?? [])];
        this.fileInput.value = '';
        if (files.length) callbacks.onImport(files);
      },
    });
    this.count = h('span', { class: 'pane-count' });
    this.list = h('ul', { class: 'article-list', 'aria-label': 'Articles' });
    root.append(
      h(
        'header',
        { class: 'pane-header library-header' },
        h('div', { class: 'brand' }, h('span', { class: 'brand-mark', 'aria-hidden': 'true' }, '❝'), h('span', {}, 'Apostil')),
        h('button', { type: 'button', class: 'button button-small', onclick: () => this.pickFiles() }, 'Import…'),
      ),
      h('div', { class: 'pane-subheader' }, h('span', {}, 'Library'), this.count),
      this.list,
      this.fileInput,
    );
  }

  /** Opens the system file picker for articles to import. */
  pickFiles(): void {
    this.fileInput.click();
  }

  /** Replaces the listed articles. */
  setArticles(articles: ArticleSummary[]): void {
    this.articles = articles;
    this.render();
  }

  /** Marks which article the reader shows. */
  setOpen(articleId: number | null): void {
    this.openId = articleId;
    this.render();
  }

  private render(): void {
    this.count.textContent = String(this.articles.length);
    if (!this.articles.length) {
      this.list.replaceChildren(h('li', { class: 'empty-note' }, 'No articles yet. Import a .txt or .md file to start reading.'));
      return;
    }
    this.list.replaceChildren(
      ...this.articles.map((a) => {
        const current = a.id === this.openId;
        return h(
          'li',
          {},
          h(
            'button',
            {
              type: 'button',
              class: 'article-item',
              'data-article-id': a.id,
              'aria-current': current ? 'true' : null,
              onclick: () => this.callbacks.onOpen(a.id),
            },
            h('span', { class: 'article-title', lang: a.lang }, a.title),
            h(
              'span',
              { class: 'article-meta' },
              h('span', {}, formatDate(a.date ?? a.importedAt)),
              h(
                'span',
                { class: 'article-quotes', 'aria-label': `${a.quoteCount} ${a.quoteCount === 1 ? 'quote' : 'quotes'}` },
                h('span', { class: 'quote-glyph', 'aria-hidden': 'true' }, '❝'),
                String(a.quoteCount),
              ),
            ),
          ),
        );
      }),
    );
  }
}
