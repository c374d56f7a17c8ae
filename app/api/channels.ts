import { z } from 'zod';
import type { ErrorCode } from '../core/errors';

export type { ErrorCode } from '../core/errors';
import { EXPORT_FORMAT_NAMES } from '../core/export/request';
import type { StyleInfo } from '../core/cite/catalogue';
import type { CitationChoice, QuoteCitation, QuotesCitations } from '../core/cite/types';
import { MAX_STYLE_CHARS } from '../core/cite/validate';
import type { ImportReport } from '../core/import/report';
import type { ImportJobStatus } from './importJobs';
import type { WatchInfo } from '../core/watch';
import type { TagDeletion } from '../core/tags';
import type { ChangeBatch } from '../core/changes';
import type { LibraryCounts } from '../core/counts';
import type { AgreementResult, DisagreementResult } from '../core/agreement';
import type { ActivityList } from '../core/activity';
import type { RebuildReport } from '../core/search/index';
import { MAX_QUERY_CHARS } from '../core/search/query';
import { SEARCH_KINDS, type SearchKind, type SearchResult } from '../core/search/types';
import type { BackupEntry, CheckReport, RestoredLibrary } from '../core/model';
import type { DiffPart, QuoteAnchorHistory, Revision, RevisionResult, RevisionText, StatusCounts } from '../core/model';
import type { Article, ArticleSummary, Note, NoteSummary, Quote, Source, Tag } from '../core/model';
import type { SyncStatus } from '../sync/client';

/**
 * The contract between every shell and the core: one entry per channel, named
 * `domain:verb`, with the validator its request must pass. Response types live in
 * {@link Responses}. Nothing reaches the core except through this table.
 */

/** Most rows one list call returns when it asks for a window, and most ids one `quotes:get` takes. */
export const MAX_PAGE = 1000;
const id = z.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const offset = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
const tagPath = z.string().min(1).max(2000);
const tagList = z.array(tagPath).max(100);
const color = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #ffcc00');
const comment = z.string().max(100_000);
const empty = z.strictObject({});
const state = z.enum(['live', 'trash', 'all']);
const noteTitle = z.string().max(1000);
/** A ProseMirror document as JSON; the core checks its nodes. */
const doc = z.record(z.string(), z.unknown());
const csl = z.record(z.string(), z.unknown());
const exportScope = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('quote'), quoteId: id }),
  z.strictObject({ kind: z.literal('article'), articleId: id }),
  z.strictObject({ kind: z.literal('tag'), tag: tagPath }),
  z.strictObject({ kind: z.literal('query'), query: z.string().min(1).max(2000) }),
  z.strictObject({ kind: z.literal('note'), noteId: id }),
]);

/** A CSL style id: a shipped style's file name without `.csl`, or one the user added. */
const styleId = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[a-z0-9][a-z0-9-]*$/, 'a style id such as apa');
/** A CSL locale such as zh-TW; null or `auto` follows the style. */
const cslLocale = z.string().min(1).max(20).nullable();
/** A whole CSL style, used once without being stored. */
const styleXml = z.string().min(1).max(MAX_STYLE_CHARS);
/** Which style a citation or export uses; missing parts come from the library's choice. */
const styleFields = { style: styleId.optional(), styleXml: styleXml.optional(), locale: cslLocale.optional() };
/** A file name written beside an export (no folders). */
const besideFile = z
  .string()
  .min(1)
  .max(500)
  .regex(/^[^/\\]+$/, 'a file name without folders');

/** A file to import: its name, and its content as text or as base64 bytes. */
const importRequest = z
  .strictObject({
    name: z.string().min(1).max(500),
    text: z.string().max(200_000_000).optional(),
    base64: z.string().max(200_000_000).optional(),
    /** Read an HTML page's whole text rather than its extracted article. */
    wholePage: z.boolean().optional(),
  })
  .refine((r) => (r.text === undefined) !== (r.base64 === undefined), { message: 'send the file as either text or base64' });

/** Request validators, keyed by channel name. */
export const requests = {
  'app:info': empty,
  'articles:list': z.strictObject({ limit: z.number().int().min(1).max(MAX_PAGE).optional(), offset: offset.optional() }),
  'articles:get': z.strictObject({ id }),
  'articles:import': z.strictObject({
    name: z.string().min(1).max(500),
    text: z.string().max(20_000_000),
    format: z.enum(['text', 'markdown']).optional(),
  }),
  'articles:rename': z.strictObject({ id, title: z.string().min(1).max(1000) }),
  'articles:relabel': z.strictObject({ id, lang: z.string().min(1).max(100).nullable() }),
  'quotes:create': z
    .strictObject({
      articleId: id,
      start: offset,
      end: offset,
      comment: comment.optional(),
      color: color.nullable().optional(),
      tags: tagList.optional(),
    })
    .refine((q) => q.start < q.end, { message: 'start must be before end', path: ['end'] }),
  'quotes:list': z.strictObject({
    articleId: id.optional(),
    tag: tagPath.optional(),
    state: z.enum(['live', 'trash', 'all']).optional(),
    /** Only quotes made by this author (display name, ignoring case). */
    author: z.string().min(1).max(1000).optional(),
    /** At most this many quotes (lists the user scrolls ask for a window); without it, all. */
    limit: z.number().int().min(1).max(MAX_PAGE).optional(),
    offset: offset.optional(),
  }),
  'quotes:get': z.strictObject({ ids: z.array(id).min(1).max(MAX_PAGE) }),
  'quotes:update': z.strictObject({ id, comment: comment.optional(), color: color.nullable().optional() }),
  'quotes:tag': z.strictObject({ id, tags: tagList.min(1) }),
  'quotes:untag': z.strictObject({ id, tags: tagList.min(1) }),
  'quotes:delete': z.strictObject({ id }),
  'quotes:restore': z.strictObject({ id }),
  'revisions:import': z.strictObject({
    articleId: id,
    name: z.string().min(1).max(500),
    text: z.string().max(20_000_000),
    format: z.enum(['text', 'markdown']).optional(),
  }),
  'revisions:list': z.strictObject({ articleId: id }),
  'revisions:get': z.strictObject({ articleId: id, revision: id }),
  'revisions:diff': z.strictObject({ articleId: id, from: id, to: id }),
  'revisions:status': z.strictObject({ articleId: id }),
  'quotes:accept': z.strictObject({ id }),
  'quotes:reselect': z.strictObject({ id, start: offset, end: offset }).refine((q) => q.start < q.end, { message: 'start must be before end', path: ['end'] }),
  'quotes:history': z.strictObject({ id }),
  'backups:list': empty,
  'backups:create': empty,
  'backups:restore': z.strictObject({
    name: z
      .string()
      .min(1)
      .max(300)
      .regex(/^[^/\\]+\.db$/, 'a backup file name'),
  }),
  'library:check': empty,
  'library:counts': empty,
  'agreement:compute': z.strictObject({
    tag: tagPath,
    articleIds: z.array(id).max(10_000).optional(),
    coders: z.array(z.string().min(1).max(1000)).max(100).optional(),
  }),
  /** Spans where the coders disagree on `focus` (a tag of the subtree; default the root), a window at a time. */
  'agreement:disagreements': z.strictObject({
    tag: tagPath,
    focus: tagPath.optional(),
    articleIds: z.array(id).max(10_000).optional(),
    coders: z.array(z.string().min(1).max(1000)).max(100).optional(),
    /** At most MAX_DISAGREEMENTS_PAGE (app/core/agreement.ts). */
    limit: z.number().int().min(1).max(500).optional(),
    offset: offset.optional(),
  }),
  /** The agreement table as a CSV file (with a BOM for spreadsheets when `bom`). */
  'agreement:export': z.strictObject({
    tag: tagPath,
    articleIds: z.array(id).max(10_000).optional(),
    coders: z.array(z.string().min(1).max(1000)).max(100).optional(),
    bom: z.boolean().optional(),
  }),
  'changes:since': z.strictObject({ after: offset.optional() }),
  /** What others changed since the mark (`all`: the newest of the whole log), at most `limit` entries (MAX_ACTIVITY). */
  'activity:list': z.strictObject({ limit: z.number().int().min(1).max(500).optional(), all: z.boolean().optional() }),
  /** Moves the activity mark forward to `seq` (the `latest` a list returned). */
  'activity:seen': z.strictObject({ seq: offset }),
  /** The display names of everyone who made a live quote (for the author filters). */
  'quotes:authors': empty,
  'tags:list': empty,
  'tags:rename': z.strictObject({ id, name: z.string().min(1).max(1000) }),
  'tags:update': z.strictObject({ id, color: color.nullable() }),
  'tags:move': z.strictObject({ id, parentId: id.nullable() }),
  'tags:merge': z.strictObject({ id, into: id }),
  'tags:delete': z.strictObject({ id }),
  'notes:create': z.strictObject({ title: noteTitle.optional(), doc: doc.optional() }),
  'notes:update': z.strictObject({ id, title: noteTitle.optional(), doc: doc.optional() }),
  'notes:get': z.strictObject({ id }),
  'notes:list': z.strictObject({ state: state.optional() }),
  'notes:delete': z.strictObject({ id }),
  'notes:restore': z.strictObject({ id }),
  'sources:get': z.strictObject({ articleId: id }),
  /** `citationKey` renames the source's key; an empty one asks for a fresh key made from its fields. */
  'sources:set': z.strictObject({ articleId: id, csl, citationKey: z.string().max(1000).optional() }),
  'sources:link': z.strictObject({ articleId: id, sourceId: id.nullable() }),
  'sources:list': empty,
  'export:run': z.strictObject({
    format: z.enum(EXPORT_FORMAT_NAMES),
    scope: exportScope,
    bom: z.boolean().optional(),
    ...styleFields,
    /** Markdown: pandoc citations (`[@key, para. 3]`) for `pandoc --citeproc`; any format: `plain` keeps Apostil's plain citation line whatever style is chosen. */
    citations: z.enum(['pandoc', 'plain']).optional(),
    /** Markdown with pandoc citations: the CSL-JSON file written beside it; without it the references are inline. */
    bibliographyFile: besideFile.optional(),
    /** Markdown with pandoc citations: the CSL style file written beside it. */
    styleFile: besideFile.optional(),
  }),
  'cite:quote': z.strictObject({ id, ...styleFields }),
  'cite:quotes': z.strictObject({ ids: z.array(id).min(1).max(MAX_PAGE), ...styleFields }),
  'styles:list': empty,
  'styles:choose': z.strictObject({ style: styleId, locale: cslLocale }),
  'styles:add': z.strictObject({ name: z.string().min(1).max(500), xml: styleXml }),
  'styles:remove': z.strictObject({ id: styleId }),
  'import:run': importRequest,
  'import:start': importRequest,
  'import:status': z.strictObject({ job: id }),
  'import:cancel': z.strictObject({ job: id }),
  /** Fetches a page or PDF and imports it in the background; `wholePage` reads all of a page's text. */
  'import:url': z.strictObject({ url: z.string().min(1).max(4000), wholePage: z.boolean().optional() }),
  /** Checks one article from the web (or, without an id, every watched one) for a new version, in the background. */
  'watch:check': z.strictObject({ articleId: id.optional() }),
  'watch:get': z.strictObject({ articleId: id }),
  'search:query': z.strictObject({
    query: z.string().max(MAX_QUERY_CHARS * 2),
    in: z
      .array(z.enum(SEARCH_KINDS as [SearchKind, ...SearchKind[]]))
      .min(1)
      .max(3)
      .optional(),
    /** Hits per kind; 0 means all. */
    limit: z.number().int().min(0).max(100_000).optional(),
    offset: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
  }),
  'search:reindex': empty,
  'sync:status': empty,
  /** Connects this library to a sync server (the host process checks the token and keeps the connection). */
  'sync:connect': z.strictObject({
    url: z.string().min(1).max(2048),
    token: z.string().min(1).max(512),
    name: z.string().max(200).optional(),
  }),
  /** Closes the connection and forgets the server and token; the library stays as it is. */
  'sync:disconnect': empty,
} as const;

/** Every channel name. */
export type Channel = keyof typeof requests;

/** The list of channel names, for shells that expose one function per channel. */
export const channelNames = Object.keys(requests) as Channel[];

/** The validated request type of a channel. */
export type Request<C extends Channel> = z.input<(typeof requests)[C]>;

/** What each channel answers. */
export interface Responses {
  /** `readOnly` when the library sits on a read-only location: it is read, and writes answer `read_only`. */
  'app:info': { version: string; database: string; schemaLevel: number; readOnly: boolean };
  /** The window asked for (or all), and how many live articles there are. */
  'articles:list': { articles: ArticleSummary[]; total: number };
  'articles:get': { article: Article };
  'articles:import': { article: ArticleSummary; created: boolean };
  'articles:rename': { article: ArticleSummary };
  'articles:relabel': { article: ArticleSummary };
  'quotes:create': { quote: Quote };
  /** The window asked for, and how many quotes match the filter in all. */
  'quotes:list': { quotes: Quote[]; total: number };
  /** In the order asked; ids that do not exist are left out. */
  'quotes:get': { quotes: Quote[] };
  'quotes:update': { quote: Quote };
  'quotes:tag': { quote: Quote };
  'quotes:untag': { quote: Quote };
  'quotes:delete': { quote: Quote };
  'quotes:restore': { quote: Quote };
  'revisions:import': RevisionResult;
  'revisions:list': { revisions: Revision[] };
  'revisions:get': { revision: RevisionText };
  'revisions:diff': { parts: DiffPart[] };
  'revisions:status': { counts: StatusCounts & { unreviewed: number } };
  'quotes:accept': { quote: Quote };
  'quotes:reselect': { quote: Quote };
  'quotes:history': { anchors: QuoteAnchorHistory[] };
  'backups:list': { backups: BackupEntry[] };
  'backups:create': { backup: BackupEntry };
  'backups:restore': { restored: RestoredLibrary };
  'library:check': { report: CheckReport };
  'library:counts': { counts: LibraryCounts };
  /** Inter-coder agreement per tag of a subtree; see app/core/agreement.ts. */
  'agreement:compute': { agreement: AgreementResult };
  /** A window of the spans where coders disagree on one tag, with how many there are; see app/core/agreement.ts. */
  'agreement:disagreements': { disagreements: DisagreementResult };
  /** The agreement table as a file to save, shaped as `export:run` answers. */
  'agreement:export': { filename: string; mime: string; content: string };
  /** What changed after `after`, one entry per row; see {@link ChangeBatch}. */
  'changes:since': ChangeBatch;
  /** What others changed, grouped by article; see app/core/activity.ts. */
  'activity:list': { activity: ActivityList };
  /** The mark as it now stands. */
  'activity:seen': { mark: number };
  /** Authors by display name with their live quotes, most first; empty in a library that never synced. */
  'quotes:authors': { authors: { name: string; quotes: number }[] };
  'tags:list': { tags: Tag[] };
  'tags:rename': { tag: Tag };
  'tags:update': { tag: Tag };
  'tags:move': { tag: Tag };
  /** The tag that remains. */
  'tags:merge': { tag: Tag };
  /** How many tags (the subtree) were deleted and how many quotes lost a tag; the quotes stay. */
  'tags:delete': { deleted: TagDeletion };
  'notes:create': { note: Note };
  'notes:update': { note: Note };
  'notes:get': { note: Note };
  'notes:list': { notes: NoteSummary[] };
  'notes:delete': { note: Note };
  'notes:restore': { note: Note };
  'sources:get': { source: Source | null };
  'sources:set': { source: Source };
  'sources:link': { source: Source | null };
  'sources:list': { sources: Source[] };
  /** The whole file as text (base64 when `encoding` says so: Word), with a suggested name and media type for a save dialog or download. */
  'export:run': { filename: string; mime: string; content: string; encoding?: 'base64' };
  /** The quote in its language's quote marks with its citation and bibliography entry, as text and HTML for the clipboard. */
  'cite:quote': QuoteCitation;
  /** Each quote's in-text citation and the bibliography of their works (a note's embeds and its Bibliography block). */
  'cite:quotes': QuotesCitations;
  /** The styles on offer (shipped, then the user's), the shipped locales, and the library's choice. */
  'styles:list': { styles: StyleInfo[]; locales: string[]; chosen: CitationChoice };
  'styles:choose': { chosen: CitationChoice };
  'styles:add': { style: StyleInfo };
  /** The styles left. */
  'styles:remove': { styles: StyleInfo[] };
  'import:run': { report: ImportReport };
  /** The background import's job id, for `import:status` and `import:cancel`. */
  'import:start': { job: number };
  'import:status': { status: ImportJobStatus };
  /** False when the job had already finished. */
  'import:cancel': { cancelled: boolean };
  /** The background job's id, for `import:status` and `import:cancel`. */
  'import:url': { job: number };
  /** The background job's id; its report's `checks` say what each article's check found. */
  'watch:check': { job: number };
  /** Where an article from the web stands (address, last check, revisions); null when it has no address. */
  'watch:get': { watch: WatchInfo | null };
  /** Hits grouped by kind (quotes, articles, notes), each group ranked; snippets carry highlight ranges. */
  'search:query': SearchResult;
  /** How many rows of each kind the rebuilt index holds. */
  'search:reindex': { indexed: RebuildReport };
  /** Where sync stands: `disconnected` when this library syncs with no server (or the shell runs no connection). */
  'sync:status': { status: SyncStatus };
  /** Where sync stands right after the request: `connecting` while the server checks the token. */
  'sync:connect': { status: SyncStatus };
  /** Where sync stands afterwards: `disconnected`. */
  'sync:disconnect': { status: SyncStatus };
}

/** The response type of a channel. */
export type Response<C extends Channel> = Responses[C];

/** A failure as it crosses IPC or HTTP: a code, a sentence for a person, and optional field issues. */
export interface ApiError {
  code: ErrorCode;
  message: string;
  issues?: { path: string; message: string }[];
}

/** Every call answers with this envelope; errors never cross a boundary as exceptions. */
export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** True when `name` is a channel of the table (own property, so `__proto__` and friends are not). */
export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(requests, name);
}
