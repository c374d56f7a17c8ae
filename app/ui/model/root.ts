import type { Call } from './api';
import { ArticleStore } from './articles';
import { ChangeFeed, type ChangeTargets } from './changes';
import { Commands } from './commands';
import { CountStore } from './counts';
import { DisposableStore, type Disposable } from './lifecycle';
import { NoteStore } from './notes';
import { QuoteStore } from './quotes';
import { SourceStore } from './sources';
import { TagStore } from './tags';

/** The renderer's model, as Outline's RootStore: one store per kind, the change feed that keeps them current, and the commands that write. */
export class Model implements ChangeTargets, Disposable {
  readonly articles: ArticleStore;
  readonly quotes: QuoteStore;
  readonly tags: TagStore;
  readonly notes: NoteStore;
  readonly sources: SourceStore;
  readonly counts: CountStore;
  readonly feed: ChangeFeed;
  readonly commands: Commands;
  private readonly owned = new DisposableStore();

  constructor(call: Call, options: { quoteCapacity?: number } = {}) {
    this.articles = this.owned.add(new ArticleStore(call));
    this.quotes = this.owned.add(new QuoteStore(call, options.quoteCapacity));
    this.tags = this.owned.add(new TagStore(call));
    this.notes = this.owned.add(new NoteStore(call));
    this.sources = this.owned.add(new SourceStore(call));
    this.counts = this.owned.add(new CountStore(call));
    this.feed = this.owned.add(new ChangeFeed(call, this));
    this.commands = new Commands({ call, stores: this, changed: () => void this.feed.poll() });
  }

  /** Loads what every window shows from the start: articles, tags, notes and counts. */
  async load(): Promise<void> {
    await Promise.all([this.articles.load(), this.tags.load(), this.notes.load(), this.counts.refresh()]);
  }

  dispose(): void {
    this.owned.dispose();
  }
}
