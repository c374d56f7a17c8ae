import type { ArticleSummary, Quote, Tag } from '../core/model';
import type { ArticleStore } from './model/articles';
import { DisposableStore, type Disposable } from './model/lifecycle';
import type { TagStore } from './model/tags';

/**
 * What views read about the library as a whole: the articles and the tag hierarchy,
 * with the colour rules that follow from them. A read-only face over the article
 * and tag stores; it holds no state of its own.
 */
export class Catalog {
  constructor(
    private readonly articleStore: ArticleStore,
    private readonly tagStore: TagStore,
  ) {}

  /** Every tag, by path. */
  get tags(): readonly Tag[] {
    return this.tagStore.all;
  }

  /** Every live article. */
  get articles(): readonly ArticleSummary[] {
    return this.articleStore.all;
  }

  /** Calls `cb` after the tags or the articles changed; dispose the result to stop. */
  subscribe(cb: () => void): Disposable {
    const both = new DisposableStore();
    both.add(this.tagStore.onDidChange(cb));
    both.add(this.articleStore.onDidChange(cb));
    return both;
  }

  /** Calls `cb` after the tags changed (names, colours, counts). */
  onTags(cb: () => void): Disposable {
    return this.tagStore.onDidChange(cb);
  }

  /** A tag by its path. */
  tag(path: string): Tag | undefined {
    return this.tagStore.get(path);
  }

  /** The colour a tag shows: its own, else its nearest ancestor's. */
  tagColor(path: string): string | null {
    return this.tagStore.tagColor(path);
  }

  /** The colour a quote is drawn in: its own, else that of its first tag with one. */
  quoteColor(quote: Pick<Quote, 'color' | 'tags'>): string | null {
    return this.tagStore.quoteColor(quote);
  }

  /** An article from the list, if it is live. */
  article(id: number): ArticleSummary | undefined {
    return this.articleStore.get(id);
  }
}
