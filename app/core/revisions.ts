import { anchorQuote, type AnchorStatus } from './anchoring/anchor';
import { positionMap } from './anchoring/positionMap';
import { articleBlocks, parseArticle, type ArticleFormat, type ParsedArticle } from './articleText';
import { contentHash, type Articles } from './articles';
import { ApostilError, inTrash, notFound } from './errors';
import { QUOTE_CONTEXT_CHARS } from './limits';
import type { DiffPart, QuoteAnchorHistory, Revision, RevisionResult, RevisionText, StatusCounts } from './model';
import { PageStarts } from './pages';
import { trimRange } from './quotes';
import { foldWithOffsets } from './search/normalize';
import type { Store } from './store';
import { codePointLength, firstCodePoints, lastCodePoints, nowIso } from './text';
import { diffText } from './textDiff';

interface QuoteRow extends Anchored {
  id: number;
  revision: number;
  deleted_at: string | null;
}

interface RevisionRow {
  revision: number;
  title: string;
  date: string | null;
  imported_at: string;
  body: string;
}

/** A quote's text, context, range and anchoring state, as stored per revision. */
interface Anchored {
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  status: AnchorStatus;
  similarity: number;
}

/** The text of `[start, end)` of `body` with its prefix/suffix context. */
export function contextOf(body: string, start: number, end: number): Omit<Anchored, 'status' | 'similarity'> {
  return {
    exact: body.slice(start, end),
    prefix: lastCodePoints(body.slice(0, start), QUOTE_CONTEXT_CHARS),
    suffix: firstCodePoints(body.slice(end), QUOTE_CONTEXT_CHARS),
    start,
    end,
  };
}

const emptyCounts = (): StatusCounts => ({ exact: 0, moved: 0, fuzzy: 0, orphaned: 0 });

/** Article revisions: import a new version, re-anchor every quote onto it, list, read and diff versions. */
export class Revisions {
  constructor(
    private readonly store: Store,
    private readonly articles: Articles,
  ) {}

  private current(articleId: number): { revision: number; body: string } {
    const row = this.store.stmt<{ revision: number; body: string }>('SELECT revision, body FROM articles WHERE id = ? AND deleted_at IS NULL').get(articleId);
    if (!row) notFound('article', articleId);
    return row;
  }

  /**
   * Stores `text` as the next revision of an article and re-anchors all of its quotes
   * (live and trashed) onto it in the same transaction. Identical text changes nothing.
   */
  importRevision(articleId: number, name: string, text: string, format?: ArticleFormat): RevisionResult {
    return this.importParsed(articleId, parseArticle(name, text, format));
  }

  /** {@link importRevision} for an article already read from its file. */
  importParsed(articleId: number, parsed: ParsedArticle): RevisionResult {
    const old = this.current(articleId);
    const hash = contentHash(parsed.body);
    const counts = emptyCounts();
    if (hash === contentHash(old.body)) return { article: this.articles.summary(articleId), revision: old.revision, created: false, counts };
    const clash = this.store.stmt<{ id: number }>('SELECT id FROM articles WHERE content_hash = ? AND id != ? AND deleted_at IS NULL').get(hash, articleId);
    if (clash) throw new ApostilError('conflict', `That text is already article ${clash.id}; it cannot also be a revision of article ${articleId}.`);
    const revision = old.revision + 1;
    const map = positionMap(old.body, parsed.body);
    let folded: ReturnType<typeof foldWithOffsets> | undefined;
    const foldedText = () => (folded ??= foldWithOffsets(parsed.body));
    const now = nowIso();
    return this.store.tx(() => {
      this.store
        .stmt(
          `INSERT INTO article_revisions (article_id, revision, title, body, date, content_hash, imported_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(articleId, revision, parsed.title, parsed.body, parsed.date, hash, now);
      this.store
        .stmt('UPDATE articles SET body = ?, date = coalesce(?, date), content_hash = ?, revision = ?, updated_at = ? WHERE id = ?')
        .run(parsed.body, parsed.date, hash, revision, now, articleId);
      const quotes = this.store
        .stmt<QuoteRow>('SELECT id, exact, prefix, suffix, start, "end", status, similarity, revision, deleted_at FROM quotes WHERE article_id = ?')
        .all(articleId);
      for (const q of quotes) {
        this.recordAnchor(q.id, q.revision, q, false);
        const anchor = anchorQuote(parsed.body, q, { map, fold: foldWithOffsets, foldedText });
        // Trashed quotes are re-anchored too (a restore finds them placed) but not counted:
        // the counts are the ones the banner shows, over live quotes only.
        if (q.deleted_at === null) counts[anchor.status]++;
        const next =
          anchor.status === 'orphaned'
            ? { ...q, status: anchor.status, similarity: 0 }
            : { ...contextOf(parsed.body, anchor.start, anchor.end), status: anchor.status, similarity: anchor.similarity };
        this.store
          .stmt(
            `UPDATE quotes SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, status = ?, similarity = ?,
             revision = ?, reviewed_at = NULL WHERE id = ?`,
          )
          .run(next.exact, next.prefix, next.suffix, next.start, next.end, next.status, next.similarity, revision, q.id);
        this.recordAnchor(q.id, revision, next, true);
      }
      return { article: this.articles.summary(articleId), revision, created: true, counts };
    });
  }

  private recordAnchor(quoteId: number, revision: number, a: Anchored, replace: boolean): void {
    this.store
      .stmt(
        `INSERT OR ${replace ? 'REPLACE' : 'IGNORE'} INTO quote_anchors
           (quote_id, revision, exact, prefix, suffix, start, "end", status, similarity) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(quoteId, revision, a.exact, a.prefix, a.suffix, a.start, a.end, a.status, a.similarity);
  }

  /** Every revision of an article, oldest first. */
  list(articleId: number): Revision[] {
    const { revision: current } = this.current(articleId);
    return this.store
      .stmt<RevisionRow>('SELECT revision, title, date, imported_at, body FROM article_revisions WHERE article_id = ? ORDER BY revision')
      .all(articleId)
      .map((r) => ({
        revision: r.revision,
        title: r.title,
        date: r.date,
        importedAt: r.imported_at,
        chars: codePointLength(r.body),
        current: r.revision === current,
      }));
  }

  /** One revision's text, for reading an older version. */
  get(articleId: number, revision: number): RevisionText {
    const { revision: current } = this.current(articleId);
    const r = this.store
      .stmt<RevisionRow>('SELECT revision, title, date, imported_at, body FROM article_revisions WHERE article_id = ? AND revision = ?')
      .get(articleId, revision);
    if (!r) throw new ApostilError('not_found', `Article ${articleId} has no revision ${revision}.`);
    const pageStarts = new PageStarts(this.store).of(articleId, r.revision);
    return {
      revision: r.revision,
      title: r.title,
      date: r.date,
      importedAt: r.imported_at,
      chars: codePointLength(r.body),
      current: r.revision === current,
      body: r.body,
      blocks: articleBlocks(r.body),
      ...(pageStarts ? { pageStarts } : {}),
    };
  }

  /** The difference from revision `from` to revision `to`, by whole words (by character in Chinese and Japanese). */
  diff(articleId: number, from: number, to: number): DiffPart[] {
    return diffText(this.get(articleId, from).body, this.get(articleId, to).body);
  }

  /** Counts of the article's live quotes per status, and how many still await review. */
  statusCounts(articleId: number): StatusCounts & { unreviewed: number } {
    this.current(articleId);
    const counts = { ...emptyCounts(), unreviewed: 0 };
    const rows = this.store
      .stmt<{ status: AnchorStatus; n: number; unreviewed: number }>(
        `SELECT status, count(*) AS n, sum(reviewed_at IS NULL AND status IN ('fuzzy', 'orphaned')) AS unreviewed
         FROM quotes WHERE article_id = ? AND deleted_at IS NULL GROUP BY status`,
      )
      .all(articleId);
    for (const r of rows) {
      counts[r.status] = r.n;
      counts.unreviewed += r.unreviewed;
    }
    return counts;
  }

  /** Marks a fuzzy or orphaned quote as reviewed: the user accepts the new anchor, or keeps it orphaned. */
  accept(quoteId: number): void {
    this.liveQuote(quoteId);
    this.store.stmt('UPDATE quotes SET reviewed_at = ? WHERE id = ?').run(nowIso(), quoteId);
  }

  /** The article of a quote that exists and is not in the trash (reviewing a trashed quote is refused like every other change). */
  private liveQuote(quoteId: number): { article_id: number } {
    const q = this.store.stmt<{ article_id: number; deleted_at: string | null }>('SELECT article_id, deleted_at FROM quotes WHERE id = ?').get(quoteId);
    if (!q) notFound('quote', quoteId);
    if (q.deleted_at) inTrash('quote', quoteId);
    return q;
  }

  /** Re-anchors a quote by hand onto `[start, end)` of its article's current text. */
  reselect(quoteId: number, start: number, end: number): void {
    const q = this.liveQuote(quoteId);
    const { body, revision } = this.current(q.article_id);
    if (!(start >= 0 && end <= body.length && start < end)) {
      throw new ApostilError('invalid_request', `The range ${start}–${end} is not inside the current revision.`);
    }
    [start, end] = trimRange(body, start, end);
    if (start === end) throw new ApostilError('invalid_request', 'The selection contains only whitespace.');
    const next = { ...contextOf(body, start, end), status: 'exact' as const, similarity: 1 };
    this.store.tx(() => {
      this.store
        .stmt(
          `UPDATE quotes SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, status = 'exact', similarity = 1,
           revision = ?, reviewed_at = ?, updated_at = ? WHERE id = ?`,
        )
        .run(next.exact, next.prefix, next.suffix, start, end, revision, nowIso(), nowIso(), quoteId);
      this.recordAnchor(quoteId, revision, next, true);
    });
  }

  /** A quote's anchor in every revision it has seen, oldest first. */
  history(quoteId: number): QuoteAnchorHistory[] {
    if (!this.store.stmt('SELECT 1 FROM quotes WHERE id = ?').get(quoteId)) notFound('quote', quoteId);
    return this.store
      .stmt<QuoteAnchorHistory>('SELECT revision, exact, start, "end", status, similarity FROM quote_anchors WHERE quote_id = ? ORDER BY revision')
      .all(quoteId);
  }
}
