import type { Quote, Tag } from '../../core/model';
import type { Call } from './api';
import { Emitter } from './emitter';
import type { Disposable } from './lifecycle';

/** The parent path of a tag path (`a/b` → `a`), or '' at the top. */
export function parentPath(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

/** The tag hierarchy with its counts and the colour rules that follow from it; the one place the renderer keeps tags. */
export class TagStore implements Disposable {
  private list: Tag[] = [];
  private byPath = new Map<string, Tag>();
  private readonly changes = new Emitter<{ kind: 'reset' }>();
  /** Fires after the tags were reloaded. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly call: Call) {}

  /** Every tag, in the api's order (by path). */
  get all(): readonly Tag[] {
    return this.list;
  }

  /** Reloads the tags (names, colours, counts) from the api. */
  async load(): Promise<void> {
    this.set((await this.call('tags:list', {})).tags);
  }

  /** Replaces the tags with an api answer. */
  set(tags: Tag[]): void {
    this.list = tags;
    this.byPath = new Map(tags.map((t) => [t.path, t]));
    this.changes.fire({ kind: 'reset' });
  }

  /** A tag by its path. */
  get(path: string): Tag | undefined {
    return this.byPath.get(path);
  }

  /** The colour a tag shows: its own, else its nearest ancestor's. */
  tagColor(path: string): string | null {
    for (let p = path; p; p = parentPath(p)) {
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

  dispose(): void {
    this.changes.dispose();
  }
}
