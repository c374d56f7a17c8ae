import { ApostilError } from '../errors';
import type { Library } from '../library';
import type { ExportScope } from './request';

/** The rows an export covers, resolved once and shared by every format. */
export interface ScopeSelection {
  scope: ExportScope;
  /** A short slug for file names, like `tag-region-Korea`. */
  label: string;
  /** A heading for reports, like `Tag region/Korea`. */
  title: string;
  /** Articles, in id order. */
  articleIds: number[];
  /** Quotes, in article then text order. */
  quoteIds: number[];
  /** Notes, in id order. */
  noteIds: number[];
  /** Tags the scope is about (a tag and its descendants), or null for every tag. */
  tagIds: number[] | null;
}

/** Options for resolving a scope. */
export interface ScopeOptions {
  /** Include soft-deleted quotes and notes (the lossless backup does). */
  trash?: boolean;
}

/** The ids of every quote a search query finds, with the search's own query language and folding. */
function searchQuotes(lib: Library, query: string): number[] {
  const result = lib.search.run({ query, kinds: ['quotes'], limit: 0 });
  const problem = result.total === 0 && result.notices.length ? ` (${result.notices.join(' ')})` : '';
  if (problem) throw new ApostilError('invalid_request', `The search “${query}” cannot be exported${problem}.`);
  return result.results.filter((h) => h.type === 'quote').map((h) => h.id);
}

function slug(s: string): string {
  return (
    s
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'export'
  );
}

function ids(lib: Library, sql: string, ...params: unknown[]): number[] {
  return lib.store.db
    .prepare<unknown[], { id: number }>(sql)
    .all(...params)
    .map((r) => r.id);
}

const QUOTE_ORDER = 'ORDER BY article_id, start, id';

function articlesOf(lib: Library, quoteIds: number[]): number[] {
  return ids(lib, 'SELECT DISTINCT article_id AS id FROM quotes WHERE id IN (SELECT value FROM json_each(?)) ORDER BY article_id', JSON.stringify(quoteIds));
}

/** Resolves a scope to the ids of the articles, quotes, notes and tags it covers. */
export function resolveScope(lib: Library, scope: ExportScope, options: ScopeOptions = {}): ScopeSelection {
  const live = options.trash ? '1' : 'deleted_at IS NULL';
  switch (scope.kind) {
    case 'all':
      return {
        scope,
        label: 'all',
        title: 'All annotations',
        articleIds: ids(lib, `SELECT id FROM articles WHERE ${live} ORDER BY id`),
        quoteIds: ids(lib, `SELECT id FROM quotes WHERE ${live} AND article_id IN (SELECT id FROM articles WHERE ${live}) ${QUOTE_ORDER}`),
        noteIds: ids(lib, `SELECT id FROM notes WHERE ${live} ORDER BY id`),
        tagIds: null,
      };
    case 'quote': {
      const quote = lib.quotes.get(scope.quoteId);
      return { scope, label: `quote-${quote.id}`, title: `Quote ${quote.id}`, articleIds: [quote.articleId], quoteIds: [quote.id], noteIds: [], tagIds: null };
    }
    case 'article': {
      const article = lib.articles.summary(scope.articleId);
      return {
        scope,
        label: `article-${article.id}`,
        title: article.title,
        articleIds: [article.id],
        quoteIds: ids(lib, `SELECT id FROM quotes WHERE article_id = ? AND ${live} ${QUOTE_ORDER}`, article.id),
        noteIds: [],
        tagIds: null,
      };
    }
    case 'tag': {
      const tagIds = lib.tags.subtree(scope.tag);
      const quoteIds = ids(
        lib,
        `SELECT id FROM quotes WHERE ${live} AND id IN (SELECT quote_id FROM quote_tags WHERE tag_id IN (SELECT value FROM json_each(?)))
         AND article_id IN (SELECT id FROM articles WHERE deleted_at IS NULL) ${QUOTE_ORDER}`,
        JSON.stringify(tagIds),
      );
      const path = lib.tags.list().find((t) => t.id === tagIds[0])?.path ?? scope.tag;
      return { scope, label: `tag-${slug(path)}`, title: `Tag ${path}`, articleIds: articlesOf(lib, quoteIds), quoteIds, noteIds: [], tagIds };
    }
    case 'query': {
      const found = searchQuotes(lib, scope.query);
      const quoteIds = ids(
        lib,
        `SELECT id FROM quotes WHERE id IN (SELECT value FROM json_each(?)) AND deleted_at IS NULL ${QUOTE_ORDER}`,
        JSON.stringify(found),
      );
      return {
        scope,
        label: `search-${slug(scope.query)}`,
        title: `Search “${scope.query}”`,
        articleIds: articlesOf(lib, quoteIds),
        quoteIds,
        noteIds: [],
        tagIds: null,
      };
    }
    case 'note': {
      const note = lib.notes.get(scope.noteId);
      if (note.deletedAt && !options.trash) throw new ApostilError('conflict', `Note ${note.id} is in the trash; restore it to export it.`);
      const quoteIds = ids(lib, `SELECT id FROM quotes WHERE id IN (SELECT value FROM json_each(?)) ${QUOTE_ORDER}`, JSON.stringify(note.quoteIds));
      return {
        scope,
        label: `note-${note.id}`,
        title: note.title || 'Untitled note',
        articleIds: articlesOf(lib, quoteIds),
        quoteIds,
        noteIds: [note.id],
        tagIds: null,
      };
    }
  }
}
