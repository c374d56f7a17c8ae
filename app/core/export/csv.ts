import { articleInfos, citationOf, quoteRecords, type ArticleInfo, type Citation, type QuoteRecord } from './rows';
import type { Library } from '../library';
import type { ExportFormat } from './format';

/** The CSV columns, in order: one row per quote. Positions count Unicode code points; `anchor` is exact, moved, fuzzy or orphaned. */
export const CSV_COLUMNS = [
  'quote_id',
  'quote_uuid',
  'article_id',
  'article_title',
  'article_date',
  'source_type',
  'source_authors',
  'source_title',
  'source_container',
  'source_issued',
  'source_url',
  'source_doi',
  'quote',
  'prefix',
  'suffix',
  'comment',
  'tags',
  'color',
  'start',
  'end',
  'anchor',
  'created_at',
  'updated_at',
] as const;

function row(q: QuoteRecord, a: ArticleInfo, c: Citation): (string | number)[] {
  const csl = a.source?.csl;
  return [
    q.id,
    q.uuid,
    a.id,
    a.title,
    a.date ?? '',
    csl?.type ?? '',
    c.authors,
    csl ? c.title : '',
    c.container,
    csl ? c.date : '',
    c.url,
    csl?.DOI ?? '',
    q.exact,
    q.prefix,
    q.suffix,
    q.comment,
    q.tags.join('; '),
    q.color ?? '',
    ...(q.status === 'orphaned' ? ['', ''] : [q.startCp, q.endCp]),
    q.status,
    q.createdAt,
    q.updatedAt,
  ];
}

/** The author's display name of each quote that has one, by quote id (the `author` column appears only when some quote has one). */
function authorsOf(lib: Library, quoteIds: number[]): Map<number, string> {
  const out = new Map<number, string>();
  const select = lib.store.stmt<{ id: number; author_name: string }>(
    "SELECT id, author_name FROM quotes WHERE author_name <> '' AND id IN (SELECT value FROM json_each(?))",
  );
  for (let i = 0; i < quoteIds.length; i += 10_000) {
    for (const r of select.all(JSON.stringify(quoteIds.slice(i, i + 10_000)))) out.set(r.id, r.author_name);
  }
  return out;
}

/** One record per RFC 4180: fields quoted when they hold a comma, a quote or a line break; CRLF at the end. */
function record(cells: readonly (string | number)[]): string {
  return `${cells.map((c) => (typeof c === 'string' && /[",\r\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\r\n`;
}

/**
 * CSV: one row per quote (RFC 4180, CRLF, UTF-8, optional BOM for Excel), streamed in
 * batches. Written directly: csv-stringify took longer than reading the rows from SQLite.
 */
export const csv: ExportFormat = {
  extension: 'csv',
  mime: 'text/csv; charset=utf-8',
  run(ctx) {
    const { lib, selection, write } = ctx;
    const authors = authorsOf(lib, selection.quoteIds);
    const withAuthor = authors.size > 0;
    write(`${ctx.options.bom ? '\uFEFF' : ''}${record(withAuthor ? [...CSV_COLUMNS, 'author'] : CSV_COLUMNS)}`);
    const articles = articleInfos(lib, selection.articleIds);
    const citations = new Map([...articles.values()].map((a) => [a.id, citationOf(a)]));
    let chunk = '';
    let n = 0;
    for (const q of quoteRecords(lib, selection.quoteIds)) {
      const cells = row(q, articles.get(q.articleId)!, citations.get(q.articleId)!);
      chunk += record(withAuthor ? [...cells, authors.get(q.id) ?? ''] : cells);
      if (++n % 1000 === 0) {
        write(chunk);
        chunk = '';
      }
    }
    if (chunk) write(chunk);
  },
};
