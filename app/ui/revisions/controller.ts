import { t } from '../i18n/i18n';
import type { Article, Quote, Revision } from '../../core/model';
import type { Catalog } from '../catalog';
import { call } from '../client';
import type { Commands } from '../model/commands';
import type { BodyRange } from '../reader/commands';
import { toast, toastError } from '../toast';
import { RevisionBanner, type RevisionCounts } from './banner';
import { openDiffDialog } from './diff';
import { ReviewPanel } from './review';
import { STATUS_TEXT, STATUSES } from './status';

/** What the revisions UI needs from the app. */
export interface RevisionHost {
  catalog: Catalog;
  /** The writes, whose answers reach every view through the stores. */
  commands: Pick<Commands, 'acceptQuote' | 'reselectQuote'>;
  /** The article open in the reader (its current revision). */
  article(): Article | null;
  /** The open article's quotes. */
  quotes(): Quote[];
  /** Shows an older revision's text read-only without highlights, or (null) the current text with them. */
  showText(text: Pick<Article, 'title' | 'body' | 'blocks'> | null): void;
  /** Scrolls the reader to a quote's highlight. */
  reveal(quoteId: number): void;
  /** The reader's selection, when it holds text. */
  selection(): BodyRange | null;
  /** Collapses the reader's selection (once Use selection took it, so Quote selection does not offer it again). */
  collapseSelection(): void;
  /** Reloads the open article after its text changed. */
  reopen(): Promise<void>;
  /** The review panel opened or closed. */
  onReviewing(open: boolean): void;
}

function describe(counts: Record<(typeof STATUSES)[number], number>): string {
  const parts = STATUSES.filter((s) => counts[s]).map((s) => t(STATUS_TEXT[s].count, { count: counts[s] }));
  return parts.length ? parts.join(t('list.separator')) : t('revision.nothingToAnchor');
}

/**
 * Everything about an article's revisions: the banner, reading an older revision,
 * the review of fuzzy and orphaned quotes, the comparison, and importing a new version.
 */
export class Revisions {
  readonly banner: RevisionBanner;
  readonly review: ReviewPanel;
  private revisions: Revision[] = [];
  private counts: RevisionCounts = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0, unreviewed: 0 };
  private viewing: number | null = null;

  constructor(private readonly host: RevisionHost) {
    this.banner = new RevisionBanner({
      view: (revision) => void this.view(revision),
      review: () => void this.openReview(),
      compare: () => this.compare(),
    });
    this.review = new ReviewPanel(host.catalog, {
      accept: async (id) => void (await host.commands.acceptQuote(id)),
      reselect: async (id, range) => {
        await host.commands.reselectQuote(id, range);
        host.collapseSelection();
        toast(t('revision.adjusted'));
      },
      reveal: (id) => host.reveal(id),
      selection: () => host.selection(),
      close: () => this.closeReview(),
    });
  }

  /** True while an older revision is on screen (read-only). */
  get viewingOld(): boolean {
    return this.viewing !== null;
  }

  /** True when the article has revisions or quotes to review, so quote changes may change the counts. */
  get active(): boolean {
    return this.revisions.length > 1 || this.counts.unreviewed > 0 || this.review.isOpen;
  }

  /** True when the article has an older revision to read or compare. */
  get hasOlder(): boolean {
    return this.revisions.length > 1;
  }

  /** Takes the revision state of an article that was just opened. */
  opened(revisions: Revision[], counts: RevisionCounts): void {
    this.revisions = revisions;
    this.counts = counts;
    this.viewing = null;
    this.banner.show(revisions, counts, null);
    if (!this.review.isOpen) return;
    if (counts.unreviewed || counts.orphaned) void this.openReview();
    else this.closeReview();
  }

  /** Recounts after quotes changed, and refreshes the review list. */
  async quotesChanged(): Promise<void> {
    const article = this.host.article();
    if (!article) return;
    try {
      this.counts = (await call('revisions:status', { articleId: article.id })).counts;
      this.banner.show(this.revisions, this.counts, this.viewing);
      if (this.review.isOpen) await this.openReview();
    } catch {
      // The banner keeps its counts until the next change.
    }
  }

  /** Shows revision `revision` read-only, or the current one (null). */
  async view(revision: number | null): Promise<void> {
    const article = this.host.article();
    if (!article) return;
    const current = this.revisions.find((r) => r.current)?.revision;
    if (revision === null || revision === current) {
      this.viewing = null;
      this.host.showText(null);
    } else {
      try {
        const { revision: text } = await call('revisions:get', { articleId: article.id, revision });
        this.viewing = revision;
        this.closeReview();
        this.host.showText(text);
      } catch (err) {
        toastError(err, t('error.revision.show'));
      }
    }
    this.banner.show(this.revisions, this.counts, this.viewing);
  }

  /** Opens the review panel (back on the current revision), optionally at one quote. */
  async openReview(focus?: number): Promise<void> {
    const article = this.host.article();
    if (!article) return;
    if (this.viewing !== null) await this.view(null);
    const current = this.revisions.find((r) => r.current)?.revision ?? 1;
    try {
      await this.review.show(this.host.quotes(), current, article.lang);
      this.host.onReviewing(true);
      if (focus !== undefined) this.review.focus(focus);
    } catch (err) {
      toastError(err, t('error.revision.review'));
    }
  }

  /** Closes the review panel. */
  closeReview(): void {
    if (!this.review.isOpen) return;
    this.review.hide();
    this.host.onReviewing(false);
  }

  /** Opens the comparison of two revisions (the previous and the current one first). */
  compare(): void {
    const article = this.host.article();
    if (!article || this.revisions.length < 2) return;
    openDiffDialog({ articleId: article.id, revisions: this.revisions, lang: article.lang, to: this.viewing ?? undefined });
  }

  /** Imports text as the next revision of the open article and reports how its quotes were re-anchored. */
  async importVersion(name: string, text: string): Promise<void> {
    const article = this.host.article();
    if (!article) return;
    try {
      const format = /\.(md|markdown)$/i.test(name) ? 'markdown' : 'text';
      const result = await call('revisions:import', { articleId: article.id, name, text, format });
      if (!result.created) {
        toast(t('revision.same'));
        return;
      }
      await this.host.reopen();
      toast(t('revision.importedToast', { n: String(result.revision), counts: describe(result.counts) }));
      if (result.counts.fuzzy || result.counts.orphaned) await this.openReview();
    } catch (err) {
      toastError(err, t('error.revision.import'));
    }
  }
}
