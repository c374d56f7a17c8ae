/** Shapes of the rows Apostil keeps, as the core hands them out. Offsets are UTF-16 code units. */
import type { CslItem } from './cslItem';

/** An article in lists: no body. */
export interface ArticleSummary {
  id: number;
  /** The article's identity across devices (sync). */
  uuid: string;
  title: string;
  date: string | null;
  lang: string | null;
  /** Length of the body in Unicode code points. */
  chars: number;
  importedAt: string;
  quoteCount: number;
}

/** An article with its text and the blocks the reader draws. */
export interface Article extends ArticleSummary {
  body: string;
  blocks: { kind: 'paragraph' | 'heading'; start: number; end: number }[];
  /** For an article read from a PDF: where pages 1, 2, … start in `body` (UTF-16 offsets). */
  pageStarts?: number[];
}

/** A kept passage of an article. */
export interface Quote {
  id: number;
  uuid: string;
  articleId: number;
  exact: string;
  prefix: string;
  suffix: string;
  start: number;
  end: number;
  comment: string;
  color: string | null;
  /** Full tag paths such as `region/Korea`, sorted. */
  tags: string[];
  /** How the quote is anchored in the article's current revision. */
  status: AnchorStatus;
  /** 1 for exact/moved, the match quality for fuzzy, 0 for orphaned. */
  similarity: number;
  /** The article revision `start`/`end` refer to. */
  revision: number;
  /** When the user reviewed a fuzzy or orphaned anchor. */
  reviewedAt: string | null;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
  /** Who made the quote (person id and display name); present only once a display name is known (see `sync connect --name`). */
  author?: QuoteAuthor;
  /** Who last wrote the comment; present only when there is a comment and a known display name. */
  commentBy?: QuoteAuthor;
}

/** The maker of a quote: a stable person id (one per library) and the display name given at `sync connect`. */
export interface QuoteAuthor {
  id: string;
  name: string;
}

/** A tag with its place in the hierarchy and how many live quotes carry it. */
export interface Tag {
  id: number;
  /** The tag's identity across devices (sync). */
  uuid: string;
  name: string;
  path: string;
  parentId: number | null;
  color: string | null;
  count: number;
  /** Live quotes carrying this tag or any tag under it (each counted once). */
  total: number;
}

/** A ProseMirror node as JSON (`Node.toJSON()`); notes are documents of these. */
export interface DocNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: DocNode[];
  text?: string;
  marks?: { type: string; attrs?: Record<string, unknown> }[];
}

/** A note in lists: no document. */
export interface NoteSummary {
  id: number;
  uuid: string;
  title: string;
  /** The first characters of the note's plain text. */
  excerpt: string;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A note with its document, plain text and the quotes it embeds (nodes of type `quote_embed` with `attrs.quoteId`). */
export interface Note extends NoteSummary {
  doc: DocNode;
  text: string;
  quoteIds: number[];
}

/** Where articles came from, as a CSL-JSON item, with the live articles that cite it. */
export interface Source {
  id: number;
  uuid: string;
  /** The key exports cite it by (`wang2026xijin`), unique in the library; also the `id` of `csl`. */
  citationKey: string;
  csl: CslItem;
  articleIds: number[];
  createdAt: string;
  updatedAt: string;
}

/** How a quote is anchored in its article's current revision. */
export type AnchorStatus = 'exact' | 'moved' | 'fuzzy' | 'orphaned';

/** One stored version of an article's text. */
export interface Revision {
  revision: number;
  title: string;
  date: string | null;
  importedAt: string;
  /** Length in Unicode code points. */
  chars: number;
  current: boolean;
}

/** A revision with its text and reader blocks. */
export interface RevisionText extends Revision {
  body: string;
  blocks: { kind: 'paragraph' | 'heading'; start: number; end: number }[];
  /** For a revision read from a PDF: where pages 1, 2, … start in `body` (UTF-16 offsets). */
  pageStarts?: number[];
}

/** How many quotes ended up in each state after a re-anchoring. */
export type StatusCounts = Record<AnchorStatus, number>;

/** The outcome of importing a new revision. */
export interface RevisionResult {
  article: ArticleSummary;
  revision: number;
  /** False when the text equals the current revision (nothing changed). */
  created: boolean;
  counts: StatusCounts;
}

/** A piece of the difference between two revisions: kept, inserted or deleted text. */
export interface DiffPart {
  kind: 'same' | 'insert' | 'delete';
  text: string;
}

/** The word-wise difference of two texts, for the revisions view in the core and the quote review in the ui alike. */
export { diffText } from './textDiff';

/** A quote's anchor in one revision, for side-by-side review. */
export interface QuoteAnchorHistory {
  revision: number;
  exact: string;
  start: number;
  end: number;
  status: AnchorStatus;
  similarity: number;
}

/** An automatic or manual backup of the library, known by file name only. */
export interface BackupEntry {
  name: string;
  at: string;
  bytes: number;
}

/** What a restored library holds. */
export interface RestoredLibrary {
  level: number;
  articles: number;
  quotes: number;
}

/** The outcome of SQLite's integrity and foreign-key checks. */
export interface CheckReport {
  ok: boolean;
  integrity: string[];
  foreignKeys: { table: string; rowid: number; parent: string }[];
}

/** File extensions Apostil imports (without the dot); the content decides the format, these fill open dialogs. */
export const IMPORT_EXTENSIONS = ['txt', 'md', 'markdown', 'html', 'htm', 'docx', 'json', 'jsonld', 'bib', 'ris'] as const;

export { MAX_BACKUP_BYTES } from './limits';

/** How Apostil writes people's names outside a CSL style (CJK family first), shared with the renderer. */
export { joinNames, personName, type NameParts } from './cite/names';
