/** Largest file accepted by import, in bytes. */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** Largest article body, in UTF-16 code units. */
export const MAX_ARTICLE_CHARS = 2_000_000;
/** Largest quote comment, in UTF-16 code units. */
export const MAX_COMMENT_CHARS = 100_000;
/** Largest tag name (one path segment), in UTF-16 code units. */
export const MAX_TAG_NAME_CHARS = 200;
/** Deepest tag hierarchy accepted (`a/b/c/...`). */
export const MAX_TAG_DEPTH = 16;
/** Code points of context kept on each side of a quote. */
export const QUOTE_CONTEXT_CHARS = 32;
/** Largest Apostil backup (JSON) accepted by import, in bytes; other imported files stay within MAX_IMPORT_BYTES. */
export const MAX_BACKUP_BYTES = 128 * 1024 * 1024;
/** Deepest element nesting read from HTML or Word XML (browsers stop at 512 too). */
export const MAX_MARKUP_DEPTH = 512;
/** Deepest nesting of arrays and objects accepted in JSON from a file or a request. */
export const MAX_JSON_DEPTH = 1000;
/** Deepest nesting of braces accepted in a BibTeX file. */
export const MAX_BRACE_DEPTH = 100;
