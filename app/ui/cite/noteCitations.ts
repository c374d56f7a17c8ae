import { call } from '../client';
import type { Disposable } from '../model/lifecycle';
import type { RichText } from './rich';
import { onStyleChange } from './styleChoice';

/** What a note's Bibliography block shows: the works cited, or that they are loading or could not be formatted. */
export type BibliographyState = { kind: 'loading' } | { kind: 'failed'; message: string } | { kind: 'ready'; entries: RichText[] };

/**
 * The citations of one note's embeds in the chosen style, and the note's bibliography:
 * fetched with `cite:quotes` when the note's quotes or the style change, then `onChange`
 * redraws the embeds and bibliography blocks.
 */
export class NoteCitations implements Disposable {
  private ids: number[] = [];
  private citations = new Map<number, RichText>();
  private state: BibliographyState = { kind: 'ready', entries: [] };
  private asked = 0;
  private readonly styleListener: Disposable;

  constructor(private readonly onChange: () => void) {
    this.styleListener = onStyleChange(() => void this.load());
  }

  /** Follows the note's embedded quotes (in order); fetches again when they changed. */
  update(quoteIds: readonly number[]): void {
    if (quoteIds.length === this.ids.length && quoteIds.every((id, i) => id === this.ids[i])) return;
    this.ids = [...quoteIds];
    void this.load();
  }

  /** An embed's citation in the chosen style, once loaded. */
  citation(quoteId: number): RichText | undefined {
    return this.citations.get(quoteId);
  }

  /** The bibliography of the note. */
  bibliography(): BibliographyState {
    return this.state;
  }

  private async load(): Promise<void> {
    const asked = ++this.asked;
    if (!this.ids.length) {
      this.citations.clear();
      this.state = { kind: 'ready', entries: [] };
      this.onChange();
      return;
    }
    this.state = { kind: 'loading' };
    this.onChange();
    try {
      const answer = await call('cite:quotes', { ids: this.ids.slice(0, 1000) });
      if (asked !== this.asked) return;
      this.citations = new Map(answer.citations.map((c) => [c.quoteId, c.citation]));
      this.state = { kind: 'ready', entries: answer.bibliography.map((b) => b.entry) };
    } catch (err) {
      if (asked !== this.asked) return;
      this.state = { kind: 'failed', message: err instanceof Error ? err.message : String(err) };
    }
    this.onChange();
  }

  dispose(): void {
    this.styleListener.dispose();
  }
}
