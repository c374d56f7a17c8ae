import type { Response } from '../../api/channels';
import type { Call } from './api';
import type { ArticleStore } from './articles';
import type { CountStore } from './counts';
import type { Disposable } from './lifecycle';
import type { NoteStore } from './notes';
import { MAX_BATCH, type QuoteStore } from './quotes';
import type { SourceStore } from './sources';
import type { TagStore } from './tags';

/** One entry of the library's change log, as `changes:since` lists it. */
export type Change = Response<'changes:since'>['changes'][number];

/** The stores a change can land in. */
export interface ChangeTargets {
  articles: ArticleStore;
  quotes: QuoteStore;
  tags: TagStore;
  notes: NoteStore;
  sources: SourceStore;
  counts: CountStore;
}

/** Beyond this many changed rows in one poll, reloading what is shown is cheaper than fetching each. */
const MAX_COLLECTED = 5000;

/** How often a visible window asks for changes. */
export const POLL_MS = 1000;

/**
 * Brings changes made anywhere (this window, another one, the import worker, the
 * CLI, later sync) into the stores: it reads the library's change log from a cursor
 * and refetches only what changed, so every open view updates without a reload.
 */
export class ChangeFeed implements Disposable {
  private cursor: number | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly call: Call,
    private readonly stores: ChangeTargets,
  ) {}

  /** Starts from the log's current end (what the window loaded is already current), then polls every `intervalMs` while `active()` says so. */
  async start(active: () => boolean = () => true, intervalMs = POLL_MS): Promise<void> {
    this.cursor = (await this.call('changes:since', {})).cursor;
    this.timer = setInterval(() => {
      if (active()) void this.poll();
    }, intervalMs);
  }

  /** Reads and applies the changes since the cursor; calls while one runs fold into one more read after it. */
  poll(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      try {
        do {
          this.again = false;
          await this.readAll();
        } while (this.again);
      } catch {
        // The log could not be read (the host is away); the next poll tries again from the same cursor.
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  /** Reads every page of the log since the cursor, then applies them together (a big import is one reload, not one per page). */
  private async readAll(): Promise<void> {
    const collected = new Map<string, Change>();
    let reset = false;
    let more = true;
    while (more && this.cursor !== null) {
      const answer: Response<'changes:since'> = await this.call('changes:since', { after: this.cursor });
      this.cursor = answer.cursor;
      more = answer.more;
      reset ||= answer.reset || collected.size > MAX_COLLECTED;
      if (!reset) for (const c of answer.changes) collected.set(`${c.kind}:${c.id}`, c);
    }
    if (reset) await this.reloadShown();
    else if (collected.size) await this.apply([...collected.values()]);
  }

  /** Routes one batch of changes to the stores, touching only what changed. */
  async apply(changes: readonly Change[]): Promise<void> {
    const of = (kind: Change['kind'], op?: Change['op']) => [...new Set(changes.filter((c) => c.kind === kind && (!op || c.op === op)).map((c) => c.id))];
    const { articles, quotes, tags, notes, sources, counts } = this.stores;
    const work: Promise<unknown>[] = [counts.refresh()];
    if (of('article').length) work.push(articles.load());
    if (of('note').length) work.push(notes.load());
    if (of('source').length) sources.reset();
    const tagged = of('tag').length > 0;
    if (tagged) work.push(tags.load());
    const deleted = of('quote', 'delete');
    if (deleted.length) quotes.forget(deleted);
    const put = of('quote', 'put').filter((id) => !deleted.includes(id));
    if (put.length > MAX_BATCH) quotes.reset();
    else {
      // A renamed, moved or merged tag changes the paths of the quotes carrying it: fetch the held ones again.
      const retag = tagged ? quotes.ids.filter((id) => (quotes.get(id)?.tags.length ?? 0) > 0 && !put.includes(id)) : [];
      if (put.length || retag.length) work.push(quotes.refresh([...put, ...retag]));
    }
    await Promise.all(work);
  }

  /** After the log was pruned past the cursor: reload every store, so views reload what they show. */
  private async reloadShown(): Promise<void> {
    const { articles, quotes, tags, notes, sources, counts } = this.stores;
    sources.reset();
    await Promise.all([articles.load(), tags.load(), notes.load(), counts.refresh()]);
    quotes.reset();
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
