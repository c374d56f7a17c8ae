import type { z } from 'zod';
import { agreementFile, computeAgreement, listDisagreements } from '../core/agreement';
import { quoteAuthors } from '../core/authorship';
import { checkDatabase } from '../core/backups';
import { ApostilError, fromStorageError } from '../core/errors';
import { MAX_JSON_DEPTH } from '../core/limits';
import { jsonDepth } from '../core/nesting';
import { describeControl, findControl } from '../core/controlChars';
import { CSL_LOCALES } from '../core/cite/catalogue';
import { citeQuote, citeQuotes } from '../core/cite/quote';
import { citationStyles } from '../core/cite/styles';
import { exportToString, runExport, type ExportHost } from '../core/export';
import { importFile, type ImportInput } from '../core/import';
import type { Library } from '../core/library';
import { schemaLevel } from '../core/migrations';
import type { SyncStatus } from '../sync/client';
import type { ImportJobs, ImportRequest } from './importJobs';
import { checkAddress } from '../core/fetchPage';
import { Watches } from '../core/watch';
import { isChannel, requests, type ApiError, type Channel, type Envelope, type Response } from './channels';

type Parsed<C extends Channel> = z.output<(typeof requests)[C]>;
/** What handlers reach besides the library: the background import jobs, where the shell runs them. */
interface ServiceContext {
  jobs: ImportJobs | undefined;
  syncStatus: (() => SyncStatus) | undefined;
  syncControl: SyncControl | undefined;
}

/** The sync connection a host process owns (the web host, Electron's main process): `sync:connect` and `sync:disconnect` reach it. */
export interface SyncControl {
  /** Starts connecting to `url` with `token`; throws for an address it refuses outright. */
  connect(req: { url: string; token: string; name?: string }): void;
  /** Closes the connection and forgets the server and token. */
  disconnect(): void;
}

const NO_SYNC: SyncStatus = { server: null, library: null, role: null, state: 'disconnected', pending: 0, lastSyncedAt: null };

function syncControlOf(ctx: ServiceContext): SyncControl {
  if (!ctx.syncControl) throw new ApostilError('invalid_request', 'This shell keeps no sync connection; use "apostil sync connect" instead.');
  return ctx.syncControl;
}
type Handlers = { [C in Channel]: (lib: Library, req: Parsed<C>, ctx: ServiceContext) => Response<C> };

function jobsOf(ctx: ServiceContext): ImportJobs {
  if (!ctx.jobs) throw new ApostilError('invalid_request', 'This shell imports in the foreground only; use import:run.');
  return ctx.jobs;
}

/** An import request's file as the core's import takes it (base64 decoded, refused when it is not base64). */
export function importInput(r: ImportRequest): ImportInput {
  return { name: r.name, text: r.text, bytes: r.base64 === undefined ? undefined : fromBase64(r.base64), wholePage: r.wholePage };
}

const handlers: Handlers = {
  'app:info': (lib) => ({ version: APP_VERSION, database: lib.store.file, schemaLevel: schemaLevel(lib.store.db), readOnly: lib.store.readOnly }),
  'articles:list': (lib, r) => ({ articles: lib.articles.list(r), total: lib.articles.count() }),
  'articles:get': (lib, r) => ({ article: lib.articles.get(r.id) }),
  'articles:import': (lib, r) => lib.articles.importText(r.name, r.text, r.format),
  'articles:rename': (lib, r) => ({ article: lib.articles.rename(r.id, r.title) }),
  'articles:relabel': (lib, r) => ({ article: lib.articles.setLang(r.id, r.lang) }),
  'quotes:create': (lib, r) => ({ quote: lib.quotes.create(r) }),
  'quotes:list': (lib, r) => ({ quotes: lib.quotes.list(r, r), total: lib.quotes.count(r) }),
  'quotes:get': (lib, r) => ({ quotes: lib.quotes.many(r.ids) }),
  'quotes:update': (lib, r) => ({ quote: lib.quotes.update(r.id, r) }),
  'quotes:tag': (lib, r) => ({ quote: lib.quotes.tag(r.id, r.tags) }),
  'quotes:untag': (lib, r) => ({ quote: lib.quotes.untag(r.id, r.tags) }),
  'quotes:delete': (lib, r) => ({ quote: lib.quotes.delete(r.id) }),
  'quotes:restore': (lib, r) => ({ quote: lib.quotes.restore(r.id) }),
  'revisions:import': (lib, r) => lib.revisions.importRevision(r.articleId, r.name, r.text, r.format),
  'revisions:list': (lib, r) => ({ revisions: lib.revisions.list(r.articleId) }),
  'revisions:get': (lib, r) => ({ revision: lib.revisions.get(r.articleId, r.revision) }),
  'revisions:diff': (lib, r) => ({ parts: lib.revisions.diff(r.articleId, r.from, r.to) }),
  'revisions:status': (lib, r) => ({ counts: lib.revisions.statusCounts(r.articleId) }),
  'quotes:accept': (lib, r) => {
    lib.revisions.accept(r.id);
    return { quote: lib.quotes.get(r.id) };
  },
  'quotes:reselect': (lib, r) => {
    lib.revisions.reselect(r.id, r.start, r.end);
    return { quote: lib.quotes.get(r.id) };
  },
  'quotes:history': (lib, r) => ({ anchors: lib.revisions.history(r.id) }),
  'backups:list': (lib) => ({ backups: lib.backups() }),
  'backups:create': (lib) => ({ backup: lib.backupNow() }),
  'backups:restore': (lib, r) => ({ restored: lib.restoreBackup(r.name) }),
  'library:check': (lib) => ({ report: checkDatabase(lib.store.db) }),
  'library:counts': (lib) => ({ counts: lib.counts() }),
  'agreement:compute': (lib, r) => ({ agreement: computeAgreement(lib, r) }),
  'agreement:disagreements': (lib, r) => ({ disagreements: listDisagreements(lib, r) }),
  'agreement:export': (lib, r) => agreementFile(lib, r),
  'changes:since': (lib, r) => lib.changes.since(r.after),
  'activity:list': (lib, r) => ({ activity: lib.activity.list(r) }),
  'activity:seen': (lib, r) => ({ mark: lib.activity.markSeen(r.seq) }),
  'quotes:authors': (lib) => ({ authors: quoteAuthors(lib.store) }),
  'tags:list': (lib) => ({ tags: lib.tags.list() }),
  'tags:rename': (lib, r) => ({ tag: lib.tags.rename(r.id, r.name) }),
  'tags:update': (lib, r) => ({ tag: lib.tags.setColor(r.id, r.color) }),
  'tags:move': (lib, r) => ({ tag: lib.tags.move(r.id, r.parentId) }),
  'tags:merge': (lib, r) => ({ tag: lib.tags.merge(r.id, r.into) }),
  'tags:delete': (lib, r) => ({ deleted: lib.tags.delete(r.id) }),
  'notes:create': (lib, r) => ({ note: lib.notes.create(r) }),
  'notes:update': (lib, r) => ({ note: lib.notes.update(r.id, r) }),
  'notes:get': (lib, r) => ({ note: lib.notes.get(r.id) }),
  'notes:list': (lib, r) => ({ notes: lib.notes.list(r.state) }),
  'notes:delete': (lib, r) => ({ note: lib.notes.delete(r.id) }),
  'notes:restore': (lib, r) => ({ note: lib.notes.restore(r.id) }),
  'sources:get': (lib, r) => ({ source: lib.sources.get(r.articleId) }),
  'sources:set': (lib, r) => ({ source: lib.sources.set(r.articleId, r.csl, r.citationKey) }),
  'sources:link': (lib, r) => ({ source: lib.sources.link(r.articleId, r.sourceId) }),
  'sources:list': (lib) => ({ sources: lib.sources.list() }),
  'export:run': (lib, r) => exportToString(lib, r, exportHost()),
  'cite:quote': (lib, r) => citeQuote(lib, r.id, r),
  'cite:quotes': (lib, r) => citeQuotes(lib, r.ids, r),
  'styles:list': (lib) => ({ styles: citationStyles(lib).list(), locales: [...CSL_LOCALES], chosen: citationStyles(lib).chosen() }),
  'styles:choose': (lib, r) => ({ chosen: citationStyles(lib).choose(r) }),
  'styles:add': (lib, r) => ({ style: citationStyles(lib).add(r.name, r.xml) }),
  'styles:remove': (lib, r) => {
    citationStyles(lib).remove(r.id);
    return { styles: citationStyles(lib).list() };
  },
  'import:run': (lib, r) => ({ report: importFile(lib, importInput(r)) }),
  'import:start': (_lib, r, ctx) => ({ job: jobsOf(ctx).start(r) }),
  'import:status': (_lib, r, ctx) => ({ status: jobsOf(ctx).status(r.job) }),
  'import:cancel': (_lib, r, ctx) => ({ cancelled: jobsOf(ctx).cancel(r.job) }),
  'import:url': (_lib, r, ctx) => {
    const jobs = jobsOf(ctx);
    checkAddress(r.url, jobs.fetchPolicy);
    return { job: jobs.start({ kind: 'url', url: r.url.trim(), wholePage: r.wholePage ?? false }) };
  },
  'watch:check': (_lib, r, ctx) => ({ job: jobsOf(ctx).start({ kind: 'check', articleId: r.articleId }) }),
  'watch:get': (lib, r) => ({ watch: new Watches(lib.store).get(r.articleId) }),
  'search:query': (lib, r) => lib.search.run({ query: r.query, kinds: r.in, limit: r.limit, offset: r.offset }),
  'search:reindex': (lib) => ({ indexed: lib.searchIndex.rebuild() }),
  'sync:status': (_lib, _r, ctx) => ({ status: ctx.syncStatus?.() ?? NO_SYNC }),
  'sync:connect': (_lib, r, ctx) => {
    syncControlOf(ctx).connect(r);
    return { status: ctx.syncStatus?.() ?? NO_SYNC };
  },
  'sync:disconnect': (_lib, _r, ctx) => {
    syncControlOf(ctx).disconnect();
    return { status: ctx.syncStatus?.() ?? NO_SYNC };
  },
};

/**
 * Channels that write nothing to the library rows (or, like backups and background
 * imports, cannot or need not run inside one transaction with a write hook).
 */
const UNHOOKED: ReadonlySet<Channel> = new Set<Channel>([
  'app:info',
  'articles:list',
  'articles:get',
  'quotes:list',
  'quotes:get',
  'revisions:list',
  'revisions:get',
  'revisions:diff',
  'revisions:status',
  'quotes:history',
  'backups:list',
  'backups:create',
  'backups:restore',
  'library:check',
  'library:counts',
  'agreement:compute',
  'agreement:disagreements',
  'agreement:export',
  'changes:since',
  'activity:list',
  'quotes:authors',
  'tags:list',
  'notes:get',
  'notes:list',
  'sources:get',
  'sources:list',
  'export:run',
  'import:start',
  'import:status',
  'import:cancel',
  'search:query',
  'search:reindex',
  'sync:status',
  'sync:connect',
  'sync:disconnect',
  'import:url',
  'watch:check',
  'watch:get',
  'cite:quote',
  'cite:quotes',
  'styles:list',
]);

/** Channels outside the write hook that still change the library: refused, like every hooked channel, to a viewer of a shared library. */
const VIEWER_REFUSED: ReadonlySet<Channel> = new Set<Channel>(['import:start', 'import:url', 'watch:check', 'backups:restore']);

declare const __APOSTIL_VERSION__: string | undefined;
const APP_VERSION = typeof __APOSTIL_VERSION__ === 'string' ? __APOSTIL_VERSION__ : '0.0.0-dev';

function exportHost(): ExportHost {
  return { generator: `Apostil ${APP_VERSION}` };
}

function fromBase64(data: string): Uint8Array {
  if (!/^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/.test(data)) throw new ApostilError('invalid_request', 'The file content is not valid base64.');
  return Buffer.from(data, 'base64');
}

function failure(error: ApiError): Envelope<never> {
  return { ok: false, error };
}

/** Turns any thrown value into the error envelope; unexpected errors are logged, not leaked. */
export function toApiError(thrown: unknown, log: (e: unknown) => void = console.error): ApiError {
  const err = fromStorageError(thrown);
  if (err instanceof ApostilError) return { code: err.code, message: err.message };
  log(err);
  return { code: 'internal', message: 'Apostil hit an unexpected error; nothing was changed. Details are in the log.' };
}

/**
 * Serves the channel table on a library: validates every request, runs its handler,
 * and answers with an {@link Envelope}. It never throws.
 */
export class Service {
  constructor(
    readonly library: Library,
    private readonly log: (e: unknown) => void = console.error,
    /** Background imports (`import:start` and friends), where the shell can run worker threads. */
    readonly jobs?: ImportJobs,
  ) {}

  /**
   * Runs at the end of every writing call, inside the call's transaction (sync records
   * the change's Yjs update here, so both commit together or neither does).
   */
  writeHook: (() => void) | undefined;

  /** Where sync stands, for `sync:status`; set by the shell that owns the sync connection. */
  syncStatus: (() => SyncStatus) | undefined;

  /** The host's sync connection, for `sync:connect` and `sync:disconnect`; unset in shells that keep none (the CLI). */
  syncControl: SyncControl | undefined;

  /** Handles one call from any shell. `channel` and `payload` are untrusted. */
  call(channel: unknown, payload: unknown): Envelope<unknown> {
    if (!isChannel(channel)) {
      return failure({ code: 'invalid_request', message: `Unknown channel ${JSON.stringify(String(channel)).slice(0, 120)}.` });
    }
    if ((!UNHOOKED.has(channel) || VIEWER_REFUSED.has(channel)) && this.syncStatus?.().role === 'viewer') {
      return failure({
        code: 'read_only',
        message: 'You joined this shared library as a viewer: you can read, search and export, but not change it. Ask an owner for the editor role.',
      });
    }
    const handler = handlers[channel] as (lib: Library, req: unknown, ctx: ServiceContext) => unknown;
    const run = (req: unknown) => handler(this.library, req, { jobs: this.jobs, syncStatus: this.syncStatus, syncControl: this.syncControl });
    const hook = this.writeHook;
    if (!hook || UNHOOKED.has(channel)) return this.serve(channel, payload, run);
    return this.serve(channel, payload, (req) =>
      this.library.store.tx(() => {
        const value = run(req);
        hook();
        return value;
      }),
    );
  }

  /**
   * Runs an `export:run` request streamed into `write` instead of answering with the
   * content (for shells that write files, such as the CLI); validated like `call`.
   */
  exportTo(payload: unknown, write: (chunk: string) => void): Envelope<Omit<Response<'export:run'>, 'content'>> {
    return this.serve('export:run', payload, (req) => runExport(this.library, req, write, exportHost()));
  }

  private serve<C extends Channel, T>(channel: C, payload: unknown, run: (req: Parsed<C>) => T): Envelope<T> {
    if (jsonDepth(payload) > MAX_JSON_DEPTH) {
      return failure({ code: 'invalid_request', message: `Invalid request for ${channel}: it nests more than ${MAX_JSON_DEPTH} levels deep.` });
    }
    // A file's content is the importer's to check, so that its refusal names the file.
    const control = channel === 'import:run' || channel === 'import:start' ? null : findControl(payload);
    if (control) {
      return failure({
        code: 'invalid_request',
        message: `Invalid request for ${channel}: ${describeControl(control)} is not allowed; remove it and try again.`,
      });
    }
    const parsed = requests[channel].safeParse(payload === undefined ? {} : payload);
    if (!parsed.success) {
      const issues = parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
      return failure({
        code: 'invalid_request',
        message: `Invalid request for ${channel}: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues,
      });
    }
    try {
      return { ok: true, value: run(parsed.data as Parsed<C>) };
    } catch (err) {
      return failure(toApiError(err, this.log));
    }
  }
}
