import type { ArticleSummary, Quote } from '../core/model';
import { pageSpan } from '../core/pages';
import { utf16ToCodePoint } from '../core/text';

/** An article as the CLI prints it. */
export interface ArticleJson {
  id: number;
  /** The article's identity across devices (sync). */
  uuid: string;
  title: string;
  date: string | null;
  chars: number;
}

/**
 * A quote as the CLI prints it; `start`/`end` count Unicode code points in the article's
 * current revision, and are null for an orphaned quote (its text is no longer there).
 * A quote in an article read from a PDF has `page`, the page it starts on, and `pages`,
 * its first and last page, when it runs over a page break.
 */
export interface QuoteJson {
  id: number;
  /** The quote's identity across devices (sync). */
  uuid: string;
  articleId: number;
  exact: string;
  start: number | null;
  end: number | null;
  status: Quote['status'];
  similarity: number;
  prefix: string;
  suffix: string;
  comment: string;
  tags: string[];
  color: string | null;
  createdAt: string;
  deletedAt: string | null;
  page?: number;
  pages?: [number, number];
  /** Who made the quote; only once a display name is known (libraries that never synced have none). */
  author?: { id: string; name: string };
  /** Who last wrote the comment, when known. */
  commentBy?: { id: string; name: string };
}

/** The public shape of an article summary. */
export function articleJson(a: ArticleSummary): ArticleJson {
  return { id: a.id, uuid: a.uuid, title: a.title, date: a.date, chars: a.chars };
}

/**
 * The public shape of a quote, converting its UTF-16 offsets with the article body; with
 * the body's page starts (a PDF article's current revision, which a placed quote refers
 * to), its page or pages.
 */
export function quoteJson(q: Quote, body: string, pageStarts?: readonly number[] | null): QuoteJson {
  const orphaned = q.status === 'orphaned';
  const start = orphaned ? null : utf16ToCodePoint(body, q.start);
  const span = !orphaned && pageStarts?.length ? pageSpan(pageStarts, q.start, q.end) : null;
  return {
    id: q.id,
    uuid: q.uuid,
    articleId: q.articleId,
    exact: q.exact,
    start,
    end: start === null ? null : start + utf16ToCodePoint(q.exact, q.exact.length),
    status: q.status,
    similarity: q.similarity,
    prefix: q.prefix,
    suffix: q.suffix,
    comment: q.comment,
    tags: q.tags,
    color: q.color,
    createdAt: q.createdAt,
    deletedAt: q.deletedAt,
    ...(q.author ? { author: { id: q.author.id, name: q.author.name } } : {}),
    ...(q.commentBy ? { commentBy: { id: q.commentBy.id, name: q.commentBy.name } } : {}),
    ...(span ? { page: span.first } : {}),
    ...(span && span.last !== span.first ? { pages: [span.first, span.last] as [number, number] } : {}),
  };
}

/** One line per article for people. */
export function articleLine(a: ArticleJson): string {
  return `#${a.id}  ${a.date ?? '----------'}  ${a.title}  (${a.chars} chars)`;
}

/** A short block per quote for people. */
export function quoteLines(q: QuoteJson): string {
  const tags = q.tags.length ? `  [${q.tags.join(', ')}]` : '';
  const comment = q.comment ? `\n    // ${q.comment}` : '';
  const page = q.pages ? `  pp. ${q.pages[0]}–${q.pages[1]}` : q.page ? `  p. ${q.page}` : '';
  const where =
    q.start === null ? 'orphaned' : `@${q.start}–${q.end}${q.status === 'exact' ? '' : ` ${q.status}${q.status === 'fuzzy' ? ` ${q.similarity}` : ''}`}${page}`;
  return `#${q.id}  article ${q.articleId} ${where}${tags}${q.deletedAt ? '  (in trash)' : ''}\n    「${q.exact}」${comment}`;
}
