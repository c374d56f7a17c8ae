import type { Source } from '../../core/model';
import type { Call } from './api';
import { Emitter } from './emitter';
import type { Disposable } from './lifecycle';

/** The sources of the articles the window shows (the open article, the articles of a note's embeds), by article id. */
export class SourceStore implements Disposable {
  private readonly byArticle = new Map<number, Source | null>();
  private readonly changes = new Emitter<{ kind: 'reset' } | { kind: 'put'; articleId: number }>();
  /** Fires after a source was stored or the sources were forgotten. */
  readonly onDidChange = this.changes.event;

  constructor(private readonly call: Call) {}

  /** The source of an article: a source, null when it has none, undefined when not loaded. */
  get(articleId: number): Source | null | undefined {
    return this.byArticle.get(articleId);
  }

  /** Loads the sources of these articles that are not held yet. */
  async ensure(articleIds: Iterable<number>): Promise<void> {
    const missing = [...new Set(articleIds)].filter((id) => !this.byArticle.has(id));
    const found = await Promise.all(missing.map(async (articleId) => [articleId, (await this.call('sources:get', { articleId })).source] as const));
    for (const [articleId, source] of found) this.byArticle.set(articleId, source);
  }

  /** Records an article's source as a write answered it. */
  put(articleId: number, source: Source | null): void {
    this.byArticle.set(articleId, source);
    this.changes.fire({ kind: 'put', articleId });
  }

  /** Forgets every source (one changed elsewhere); views load again what they show. */
  reset(): void {
    this.byArticle.clear();
    this.changes.fire({ kind: 'reset' });
  }

  dispose(): void {
    this.changes.dispose();
  }
}
