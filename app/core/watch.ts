import { contentHash } from './articles';
import { ApostilError, type ErrorCode } from './errors';
import type { Library } from './library';
import type { StatusCounts } from './model';
import type { Store } from './store';
import { nowIso } from './text';
import type { ReadArticle } from './import/index';

/** Where an article from the web stands: its address, when it was last checked, and how many revisions it has. */
export interface WatchInfo {
  articleId: number;
  url: string;
  wholePage: boolean;
  lastCheckedAt: string | null;
  lastChangedAt: string | null;
  lastError: string | null;
  revisions: number;
}

/** The outcome of checking one article for a new version. */
export interface WatchCheck {
  articleId: number;
  /** The article's title after the check. */
  title: string;
  url: string;
  status: 'unchanged' | 'revised' | 'failed';
  /** The article's current revision after the check. */
  revision: number;
  /** How its quotes were re-anchored, when it was revised. */
  counts?: StatusCounts;
  /** Why the check failed: the kind of failure, and in words. */
  code?: ErrorCode;
  error?: string;
}

interface WatchRow {
  article_id: number;
  url: string;
  whole_page: number;
  last_checked_at: string | null;
  last_changed_at: string | null;
  last_error: string | null;
  revision: number;
}

const SELECT = `SELECT w.article_id, w.url, w.whole_page, w.last_checked_at, w.last_changed_at, w.last_error, a.revision
  FROM article_watch w JOIN articles a ON a.id = w.article_id WHERE a.deleted_at IS NULL`;

function info(row: WatchRow): WatchInfo {
  return {
    articleId: row.article_id,
    url: row.url,
    wholePage: row.whole_page === 1,
    lastCheckedAt: row.last_checked_at,
    lastChangedAt: row.last_changed_at,
    lastError: row.last_error,
    revisions: row.revision,
  };
}

/** Articles from the web that can be checked for a new version, and PDF page starts: the rows of migration 0008. */
export class Watches {
  constructor(private readonly store: Store) {}

  /** Starts (or updates) watching an article at an address, as just checked. */
  watch(articleId: number, url: string, wholePage: boolean): void {
    this.store
      .stmt(
        `INSERT INTO article_watch (article_id, url, whole_page, last_checked_at) VALUES (?, ?, ?, ?)
         ON CONFLICT(article_id) DO UPDATE SET url = excluded.url, whole_page = excluded.whole_page,
           last_checked_at = excluded.last_checked_at, last_error = NULL`,
      )
      .run(articleId, url, wholePage ? 1 : 0, nowIso());
  }

  /** An article's watch, or — for an article whose source has an http(s) URL — one made from it; null when it has no address. */
  get(articleId: number): WatchInfo | null {
    const row = this.store.stmt<WatchRow>(`${SELECT} AND w.article_id = ?`).get(articleId);
    if (row) return info(row);
    const source = this.store
      .stmt<{ url: string | null; revision: number }>(
        'SELECT s.url, a.revision FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ? AND a.deleted_at IS NULL',
      )
      .get(articleId);
    if (!source) throw new ApostilError('not_found', `No article with id ${articleId}.`);
    if (!source.url || !/^https?:\/\//i.test(source.url)) return null;
    return { articleId, url: source.url, wholePage: false, lastCheckedAt: null, lastChangedAt: null, lastError: null, revisions: source.revision };
  }

  /** Every watched live article, oldest watch first. */
  list(): WatchInfo[] {
    return this.store.stmt<WatchRow>(`${SELECT} ORDER BY w.article_id`).all().map(info);
  }

  /** Records a check: when it happened, whether it changed the text, and the failure if it failed. */
  checked(articleId: number, url: string, wholePage: boolean, outcome: { changed: boolean; error?: string }): void {
    const now = nowIso();
    this.store
      .stmt(
        `INSERT INTO article_watch (article_id, url, whole_page, last_checked_at, last_changed_at, last_error) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(article_id) DO UPDATE SET last_checked_at = excluded.last_checked_at,
           last_changed_at = coalesce(excluded.last_changed_at, last_changed_at), last_error = excluded.last_error`,
      )
      .run(articleId, url, wholePage ? 1 : 0, now, outcome.changed ? now : null, outcome.error ?? null);
  }

  /** Records where the pages of a revision start (PDF articles). */
  savePages(articleId: number, revision: number, starts: readonly number[]): void {
    this.store.stmt('INSERT OR REPLACE INTO revision_pages (article_id, revision, starts) VALUES (?, ?, ?)').run(articleId, revision, JSON.stringify(starts));
  }

  /** Where the pages of an article's revision start, or null when it did not come from a PDF. */
  pages(articleId: number, revision: number): number[] | null {
    const row = this.store.stmt<{ starts: string }>('SELECT starts FROM revision_pages WHERE article_id = ? AND revision = ?').get(articleId, revision);
    return row ? (JSON.parse(row.starts) as number[]) : null;
  }
}

/** Reads an article again from its address; the shell decides how it may fetch. */
export type Reread = (url: string, wholePage: boolean) => Promise<ReadArticle>;

/** How many watched articles are fetched at the same time when all are checked. */
export const CHECK_CONCURRENCY = 2;

/** How a check of watched articles runs: when to stop, where to report progress, how many fetches at once. */
export interface CheckOptions {
  /** Asked before each article; true ends the check with `cancelled` (articles already checked keep their new versions). */
  stop?: () => boolean;
  /** Told how many articles have been checked of how many, first with none done. */
  progress?: (done: number, total: number) => void;
  /** Fetches at the same time (at least 1); {@link CHECK_CONCURRENCY} unless given. */
  concurrency?: number;
}

/**
 * Checks articles from the web for a new version: one article, or every watched one.
 * Each is fetched again and read as it was first read; a changed text becomes a new
 * revision with every quote re-anchored (one transaction per article), an unchanged one
 * changes nothing but the time it was last checked, and a failure is reported for that
 * article without stopping the others. Up to `concurrency` pages are fetched at once
 * (writing stays one article at a time); the results come in the order of the watches.
 */
export async function checkForNewVersions(lib: Library, reread: Reread, articleId?: number, options: CheckOptions = {}): Promise<WatchCheck[]> {
  const { stop = () => false, progress = () => undefined } = options;
  const watches = new Watches(lib.store);
  let targets: WatchInfo[];
  if (articleId === undefined) targets = watches.list();
  else {
    const one = watches.get(articleId);
    if (!one) throw new ApostilError('invalid_request', `Article ${articleId} has no web address to check; record its URL in its source first.`);
    targets = [one];
  }
  const results: WatchCheck[] = new Array<WatchCheck>(targets.length);
  let next = 0;
  let done = 0;
  progress(0, targets.length);
  const lane = async (): Promise<void> => {
    while (next < targets.length) {
      if (stop()) throw new ApostilError('cancelled', 'The check was cancelled; articles already checked keep their new versions.');
      const at = next++;
      results[at] = await checkOne(lib, watches, reread, targets[at]!);
      progress(++done, targets.length);
    }
  };
  const lanes = Math.max(1, Math.min(options.concurrency ?? CHECK_CONCURRENCY, targets.length));
  await Promise.all(Array.from({ length: lanes }, lane));
  return results;
}

/** Fetches one watched article again and records what came of it. */
async function checkOne(lib: Library, watches: Watches, reread: Reread, target: WatchInfo): Promise<WatchCheck> {
  const { articleId: id, url, wholePage } = target;
  const title = () => lib.store.stmt<{ title: string }>('SELECT title FROM articles WHERE id = ?').get(id)?.title ?? '';
  try {
    const read = await reread(url, wholePage);
    const current = lib.store.stmt<{ content_hash: string; revision: number }>('SELECT content_hash, revision FROM articles WHERE id = ?').get(id)!;
    if (contentHash(read.parsed.body) === current.content_hash) {
      lib.store.tx(() => watches.checked(id, url, wholePage, { changed: false }));
      return { articleId: id, title: title(), url, status: 'unchanged', revision: current.revision };
    }
    const result = lib.store.tx(() => {
      const r = lib.revisions.importParsed(id, read.parsed);
      if (read.pageStarts) watches.savePages(id, r.revision, read.pageStarts);
      watches.checked(id, url, wholePage, { changed: r.created });
      return r;
    });
    return {
      articleId: id,
      title: title(),
      url,
      status: result.created ? 'revised' : 'unchanged',
      revision: result.revision,
      ...(result.created ? { counts: result.counts } : {}),
    };
  } catch (err) {
    if (!(err instanceof ApostilError) || err.code === 'cancelled') throw err;
    lib.store.tx(() => watches.checked(id, url, wholePage, { changed: false, error: err.message }));
    return { articleId: id, title: title(), url, status: 'failed', revision: target.revisions, code: err.code, error: err.message };
  }
}
