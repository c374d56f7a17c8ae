/** What an export request names: a format and a scope. Plain types, safe for every shell to import. */

/** The export formats, by the name the CLI and the api use. */
export const EXPORT_FORMAT_NAMES = ['md', 'html', 'docx', 'csv', 'json', 'w3c', 'csl', 'bibtex', 'ris', 'qdc', 'qdpx'] as const;

/** The name of an export format. */
export type ExportFormatName = (typeof EXPORT_FORMAT_NAMES)[number];

/**
 * What an export covers: everything, one article, one tag with its children, a search
 * result, one note, or one quote (as Markdown: the quote and its citation, for the clipboard).
 */
export type ExportScope =
  | { kind: 'all' }
  | { kind: 'quote'; quoteId: number }
  | { kind: 'article'; articleId: number }
  | { kind: 'tag'; tag: string }
  | { kind: 'query'; query: string }
  | { kind: 'note'; noteId: number };
