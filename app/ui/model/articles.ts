import type { ArticleSummary } from '../../core/model';
import type { Call } from './api';
import { Emitter } from './emitter';
import type { Disposable } from './lifecycle';

/** What changed among the articles: the whole list, or one article. */
export type ArticleChange = { kind: 'reset' } | { kind: 'put'; article: ArticleSummary } | { kind: 'delete'; id: number };

/** The live articles as the api last listed them, newest import first; the one place the renderer keeps them. */
export class ArticleStore implements Disposable {
  private list: ArticleSummary[] = [];
  private byId = new Map<number, ArticleSummary>();
  private readonly changes = new Emitter<ArticleChange>();
  /** Fires after the list or one article changed. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly call: Call) {}

  /** Every live article, in the api's order. */
  get all(): readonly ArticleSummary[] {
    return this.list;
  }

  /** A live article by id. */
  get(id: number): ArticleSummary | undefined {
    return this.byId.get(id);
  }

  /** Reloads the list from the api. */
  async load(): Promise<void> {
    this.set((await this.call('articles:list', {})).articles);
  }

  /** Replaces the list with an api answer. */
  set(articles: ArticleSummary[]): void {
    this.list = articles;
    this.byId = new Map(articles.map((a) => [a.id, a]));
    this.changes.fire({ kind: 'reset' });
  }

  /** Records one article as the api answered it (an import, a rename). */
  put(article: ArticleSummary): void {
    const at = this.list.findIndex((a) => a.id === article.id);
    this.list = at < 0 ? [article, ...this.list] : this.list.map((a, i) => (i === at ? article : a));
    this.byId.set(article.id, article);
    this.changes.fire({ kind: 'put', article });
  }

  /** Moves an article's quote count by `delta` after a quote of it was kept, deleted or restored here. */
  countQuote(articleId: number, delta: number): void {
    const article = this.byId.get(articleId);
    if (article) this.put({ ...article, quoteCount: Math.max(0, article.quoteCount + delta) });
  }

  dispose(): void {
    this.changes.dispose();
  }
}
