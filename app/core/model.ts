/** Shapes of the rows Apostil keeps, as the core hands them out. Offsets are UTF-16 code units. */

/** An article in lists: no body. */
export interface ArticleSummary {
  id: number;
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
  uuid: string;
  body: string;
  blocks: { kind: 'paragraph' | 'heading'; start: number; end: number }[];
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
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** A tag with its place in the hierarchy and how many live quotes carry it. */
export interface Tag {
  id: number;
  name: string;
  path: string;
  parentId: number | null;
  color: string | null;
  count: number;
}
