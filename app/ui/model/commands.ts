import type { ArticleSummary, Note, Quote } from '../../core/model';
import type { Request } from '../../api/channels';
import type { Call } from './api';
import type { ChangeTargets } from './changes';

/** What a write needs: the api, the stores its answer lands in, and a nudge to read the change log right after. */
export interface CommandContext {
  call: Call;
  stores: ChangeTargets;
  /** Reads the change log now (other rows a write touched: counts, tags, another window's view). */
  changed(): void;
}

/**
 * The writes the window makes. Each goes to the api first and puts only the api's
 * answer into the stores, so every view shows what was stored, never what was hoped.
 */
export class Commands {
  constructor(private readonly ctx: CommandContext) {}

  /** Keeps a passage of an article as a quote. */
  async createQuote(req: Request<'quotes:create'>): Promise<Quote> {
    const { quote } = await this.ctx.call('quotes:create', req);
    this.ctx.stores.articles.countQuote(quote.articleId, 1);
    return this.quoteWritten(quote, (req.tags?.length ?? 0) > 0);
  }

  /** Changes an article's language (a BCP 47 tag, or null for none); the store gets the api's answer. */
  async relabelArticle(id: number, lang: string | null): Promise<ArticleSummary> {
    const { article } = await this.ctx.call('articles:relabel', { id, lang });
    this.ctx.stores.articles.put(article);
    this.ctx.changed();
    return article;
  }

  /** Adds tags to a quote (creating tags that do not exist yet). */
  async tagQuote(id: number, tags: string[]): Promise<Quote> {
    return this.quoteWritten((await this.ctx.call('quotes:tag', { id, tags })).quote, true);
  }

  /** Takes a tag off a quote. */
  async untagQuote(id: number, tag: string): Promise<Quote> {
    return this.quoteWritten((await this.ctx.call('quotes:untag', { id, tags: [tag] })).quote, true);
  }

  /** Changes a quote's comment or colour. */
  async updateQuote(id: number, change: { comment?: string; color?: string | null }): Promise<Quote> {
    return this.quoteWritten((await this.ctx.call('quotes:update', { id, ...change })).quote, false);
  }

  /** Moves a quote to the trash. */
  async deleteQuote(id: number): Promise<Quote> {
    const { quote } = await this.ctx.call('quotes:delete', { id });
    this.ctx.stores.articles.countQuote(quote.articleId, -1);
    return this.quoteWritten(quote, quote.tags.length > 0);
  }

  /** Brings a quote back from the trash. */
  async restoreQuote(id: number): Promise<Quote> {
    const { quote } = await this.ctx.call('quotes:restore', { id });
    this.ctx.stores.articles.countQuote(quote.articleId, 1);
    return this.quoteWritten(quote, quote.tags.length > 0);
  }

  /** Accepts a quote's re-anchoring after a revision. */
  async acceptQuote(id: number): Promise<Quote> {
    return this.quoteWritten((await this.ctx.call('quotes:accept', { id })).quote, false);
  }

  /** Anchors a quote on a new passage after a revision. */
  async reselectQuote(id: number, range: { start: number; end: number }): Promise<Quote> {
    return this.quoteWritten((await this.ctx.call('quotes:reselect', { id, ...range })).quote, false);
  }

  /** Starts a new, empty note. */
  async createNote(): Promise<Note> {
    return this.noteWritten((await this.ctx.call('notes:create', {})).note);
  }

  /** Moves a note to the trash. */
  async deleteNote(id: number): Promise<Note> {
    return this.noteWritten((await this.ctx.call('notes:delete', { id })).note);
  }

  /** Brings a note back from the trash. */
  async restoreNote(id: number): Promise<Note> {
    return this.noteWritten((await this.ctx.call('notes:restore', { id })).note);
  }

  /** Records a note a save stored (the editor saves on its own). */
  noteSaved(note: Note): void {
    this.noteWritten(note);
  }

  private quoteWritten(quote: Quote, tagsChanged: boolean): Quote {
    const { quotes, tags, counts } = this.ctx.stores;
    quotes.put(quote);
    // Tag counts (and new tags) follow from the write; both lists are cheap counters in the core.
    if (tagsChanged) void tags.load().catch(() => undefined);
    void counts.refresh().catch(() => undefined);
    this.ctx.changed();
    return quote;
  }

  private noteWritten(note: Note): Note {
    this.ctx.stores.notes.put(note);
    void this.ctx.stores.counts.refresh().catch(() => undefined);
    this.ctx.changed();
    return note;
  }
}
