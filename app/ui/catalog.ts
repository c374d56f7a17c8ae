import type { ArticleSummary, Quote, Tag } from '../core/model';
import { call } from './client';

/**
 * What the renderer knows about the library as a whole: the articles and the tag
 * hierarchy, with the colour rules that follow from them. Views read it; whoever
 * changes tags or articles refreshes it and it tells its listeners.
 */
export class Catalog {
  tags: Tag[] = [];
  articles: ArticleSummary[] = [];
  private byPath = new Map<string, Tag>();
  private readonly listeners = new Set<() => void>();

  /** Calls `cb` after every refresh. */
  subscribe(cb: () => void): void {
    this.listeners.add(cb);
  }

  private changed(): void {
    for (const cb of this.listeners) cb();
  }

  /** Reloads the tag list. */
  async refreshTags(): Promise<void> {
    this.tags = (await call('tags:list', {})).tags;
    this.byPath = new Map(this.tags.map((t) => [t.path, t]));
    this.changed();
  }

  /** Reloads the article list. */
  async refreshArticles(): Promise<void> {
    this.articles = (await call('articles:list', {})).articles;
    this.changed();
  }

  /** A tag by its path. */
  tag(path: string): Tag | undefined {
    return this.byPath.get(path);
  }

  /** The colour a tag shows: its own, else its nearest ancestor's. */
  tagColor(path: string): string | null {
    for (let p = path; p; p = p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : '') {
      const color = this.byPath.get(p)?.color;
      if (color) return color;
    }
    return null;
  }

  /** The colour a quote is drawn in: its own, else that of its first tag with one. */
  quoteColor(quote: Pick<Quote, 'color' | 'tags'>): string | null {
    if (quote.color) return quote.color;
    for (const t of quote.tags) {
      const c = this.tagColor(t);
      if (c) return c;
    }
    return null;
  }

  /** An article from the list, if it is live. */
  article(id: number): ArticleSummary | undefined {
    return this.articles.find((a) => a.id === id);
  }
}
