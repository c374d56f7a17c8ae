import { createHash } from 'node:crypto';
import { Node as PmNode } from 'prosemirror-model';
import { updateYFragment, yXmlFragmentToProsemirrorJSON } from 'y-prosemirror';
import * as Y from 'yjs';
import { anchorQuote } from '../core/anchoring/anchor';
import { positionMap } from '../core/anchoring/positionMap';
import { contentHash } from '../core/articles';
import type { Library } from '../core/library';
import type { DocNode } from '../core/model';
import { docText, emptyDoc, QUOTE_EMBED, validateDoc } from '../core/notes';
import { recordMerge } from '../core/activity';
import { contextOf } from '../core/revisions';
import type { RewrittenRows } from '../core/search/index';
import { foldWithOffsets } from '../core/search/normalize';
import { columns as sourceColumns } from '../core/sources';
import { validateCslItem, type CslItem } from '../core/cslItem';
import { nowIso } from '../core/text';
import { articleDocName, DocStore, LIBRARY_DOC, LOCAL_ORIGIN, noteDocName } from './docs';
import { syncNoteSchema } from './noteSchema';
import { adoptOlderWrite, fieldEntries, SOURCE_FIELD, sourceItem, writeMirror, writtenByOlderVersion } from './sourceFields';
import { resolveTags, type TagEntry, type TagResolution } from './tags';

/** A field value in a document: what a nested Y.Map holds per entity. */
type Val = string | number | boolean | null;
type Fields = Record<string, Val>;

/** The last reconciled state of one entity: a hash per field, and for quotes the canonical tag uuids. */
interface Shadow {
  f: Record<string, string>;
  t?: string[];
}

/** What one reconciliation did. */
export interface ReconcileResult {
  /** Entities whose local changes went into the documents. */
  pushed: number;
  /** Entities whose rows were written from the documents. */
  projected: number;
}

/** One revision of an article as the library document lists it. */
interface RevEntry {
  h: string;
  t: string;
  d: string | null;
  at: string;
}

const hash = (v: unknown): string =>
  createHash('sha1')
    .update(JSON.stringify(v ?? null))
    .digest('base64')
    .slice(0, 16);

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** The nested map of entity `key` in `parent`, created (in the current transaction) when missing. */
function entity(parent: Y.Map<unknown>, key: string): Y.Map<unknown> {
  const found = parent.get(key);
  if (found instanceof Y.Map) return found as Y.Map<unknown>;
  const created = new Y.Map<unknown>();
  parent.set(key, created);
  return created;
}

function readFields(m: Y.Map<unknown>, names: readonly string[]): Fields {
  const out: Fields = {};
  for (const n of names) {
    const v = m.get(n);
    out[n] = typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : null;
  }
  return out;
}

const TAG_FIELDS = ['name', 'parent', 'color', 'createdAt'] as const;
const ARTICLE_FIELDS = ['uuid', 'title', 'lang', 'date', 'source', 'importedAt', 'deleted', 'revs'] as const;
const NOTE_FIELDS = ['title', 'createdAt', 'deleted', 'editorId', 'editorName'] as const;
/** Who last renamed or moved a tag: fields of its entry beside TAG_FIELDS (older documents lack them). */
const TAG_EDITOR_FIELDS = ['editorId', 'editorName'] as const;
const QUOTE_FIELDS = [
  'exact',
  'prefix',
  'suffix',
  'start',
  'end',
  'rev',
  'status',
  'similarity',
  'reviewedAt',
  'comment',
  'color',
  'createdAt',
  'deleted',
  'authorId',
  'authorName',
  'commentById',
  'commentByName',
] as const;

/** A tag link's maker as it travels in a quote's `tagBy` map (by tag uuid): `[personId, displayName]`. */
function linkAuthor(v: unknown): [string, string] {
  if (typeof v !== 'string') return ['', ''];
  try {
    const a = JSON.parse(v) as unknown;
    return Array.isArray(a) && typeof a[0] === 'string' && typeof a[1] === 'string' ? [a[0], a[1]] : ['', ''];
  } catch {
    return ['', ''];
  }
}

/**
 * Keeps an Apostil library and its Yjs documents in step, in both directions, inside
 * SQLite transactions. Local writes are found through the change log (after a stored
 * cursor) and pushed into the documents field by field; document changes (from the
 * server) are projected into the tables by uuid. Both directions compare with the
 * hashes of the last reconciled values (a three-way merge), so neither ever overwrites
 * a change of the other it has not seen.
 */
export class SyncEngine {
  readonly docs: DocStore;
  /** Dirty entity keys per document (from any transaction, local or remote). */
  private readonly dirty = new Map<string, Set<string>>();
  /** Note documents as last reconciled: local note edits are diffed against these, then merged. */
  private readonly noteBase = new Map<string, Y.Doc>();
  /** Article texts fetched from the server, by sha-256, until their article is projected. */
  private readonly blobs = new Map<string, string>();
  /** Hashes the projection needed and did not have. */
  private readonly missing = new Set<string>();
  /** Quotes (article document → quote uuids) linked to tag uuids the library document does not hold yet, by tag uuid. */
  private readonly waitingForTag = new Map<string, Map<string, Set<string>>>();
  /** True until the first reconciliation after loading: documents left unprojected by a crash are projected then. */
  private recovering = true;
  /** Called after a reconciliation that projected rows or pushed updates. */
  onReconciled: (r: ReconcileResult) => void = () => {};

  constructor(readonly library: Library) {
    this.docs = new DocStore(() => library.store);
    this.docs.onRecordRemote = () => this.setConfig('unprojected', '1');
    this.docs.onLoad = (name, doc) => this.observe(name, doc);
  }

  private get store() {
    return this.library.store;
  }

  /** A value from the sync configuration. */
  config(key: string): string | undefined {
    return this.store.stmt<{ value: string }>('SELECT value FROM sync_config WHERE key = ?').get(key)?.value;
  }

  /** Sets (or with undefined removes) a value of the sync configuration. */
  setConfig(key: string, value: string | undefined): void {
    if (value === undefined) this.store.stmt('DELETE FROM sync_config WHERE key = ?').run(key);
    else this.store.stmt('INSERT INTO sync_config (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /** True when this library is connected to a sync server (its local writes are tracked). */
  isConfigured(): boolean {
    return this.config('server') !== undefined;
  }

  private observe(name: string, doc: Y.Doc): void {
    const mark = (key: string) => {
      let set = this.dirty.get(name);
      if (!set) this.dirty.set(name, (set = new Set()));
      set.add(key);
    };
    if (name === LIBRARY_DOC) {
      for (const kind of ['tags', 'sources', 'articles', 'notes']) {
        doc.getMap(kind).observeDeep((events) => {
          for (const e of events) {
            if (e.path.length) mark(`${kind}:${String(e.path[0])}`);
            else for (const k of e.changes.keys.keys()) mark(`${kind}:${k}`);
          }
        });
      }
    } else if (name.startsWith('article/')) {
      doc.getMap('quotes').observeDeep((events) => {
        for (const e of events) {
          if (e.path.length) mark(String(e.path[0]));
          else for (const k of e.changes.keys.keys()) mark(k);
        }
      });
    } else {
      doc.getXmlFragment('prosemirror').observeDeep(() => mark('content'));
    }
  }

  private takeDirty(name: string): Set<string> {
    const set = this.dirty.get(name) ?? new Set<string>();
    this.dirty.delete(name);
    return set;
  }

  /** Names of documents with changes not yet projected (or received and not yet logged). */
  dirtyDocs(): string[] {
    return [...new Set([...this.dirty.keys(), ...this.docs.unloggedDocs()])];
  }

  private shadow(key: string): Shadow | undefined {
    const row = this.store.stmt<{ fields: string }>('SELECT fields FROM sync_shadow WHERE uuid = ?').get(key);
    return row ? (JSON.parse(row.fields) as Shadow) : undefined;
  }

  private setShadow(key: string, s: Shadow | undefined): void {
    if (s === undefined) this.store.stmt('DELETE FROM sync_shadow WHERE uuid = ?').run(key);
    else
      this.store
        .stmt('INSERT INTO sync_shadow (uuid, fields) VALUES (?, ?) ON CONFLICT(uuid) DO UPDATE SET fields = excluded.fields')
        .run(key, JSON.stringify(s));
  }

  /** Writes the fields of `local` that changed since the shadow into `m`; returns true when any did. */
  private push(m: Y.Map<unknown>, local: Fields, shadowKey: string): boolean {
    const s = this.shadow(shadowKey) ?? { f: {} };
    let changed = false;
    for (const [k, v] of Object.entries(local)) {
      const h = hash(v);
      if (s.f[k] === h) continue;
      if (m.get(k) !== v) m.set(k, v);
      s.f[k] = h;
      changed = true;
    }
    if (m.get('gone') === true) {
      // A row that exists locally again (an undo of a purge cannot happen; a re-import can) comes back.
      m.set('gone', false);
      changed = true;
    }
    if (changed) this.setShadow(shadowKey, s);
    return changed;
  }

  /** Which fields of `remote` changed since the shadow; the shadow is updated in place. */
  private pull(remote: Fields, s: Shadow): string[] {
    const out: string[] = [];
    for (const [k, v] of Object.entries(remote)) {
      const h = hash(v);
      if (s.f[k] !== h) {
        out.push(k);
        s.f[k] = h;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- local rows

  private tagRow(id: number) {
    return this.store
      .stmt<{ uuid: string; name: string; parent: string | null; color: string | null; createdAt: string; editorId: string; editorName: string }>(
        `SELECT t.uuid, t.name, p.uuid AS parent, t.color, t.created_at AS createdAt, t.editor_id AS editorId, t.editor_name AS editorName
           FROM tags t LEFT JOIN tags p ON p.id = t.parent_id WHERE t.id = ?`,
      )
      .get(id);
  }

  private sourceRow(id: number) {
    return this.store
      .stmt<{ uuid: string; csl: string; key: string; createdAt: string }>(
        'SELECT uuid, csl, citation_key AS key, created_at AS createdAt FROM sources WHERE id = ?',
      )
      .get(id);
  }

  private originOf(articleId: number): string | undefined {
    return this.store.stmt<{ h: string }>('SELECT content_hash AS h FROM article_revisions WHERE article_id = ? ORDER BY revision LIMIT 1').get(articleId)?.h;
  }

  private articleIdOfOrigin(origin: string): number | undefined {
    return this.store
      .stmt<{ id: number }>(
        'SELECT r.article_id AS id FROM article_revisions r WHERE r.content_hash = ? AND r.revision = (SELECT min(revision) FROM article_revisions WHERE article_id = r.article_id) LIMIT 1',
      )
      .get(origin)?.id;
  }

  private articleFields(id: number): { origin: string; fields: Fields; revs: RevEntry[] } | undefined {
    const a = this.store
      .stmt<{ uuid: string; title: string; lang: string | null; date: string | null; source: string | null; importedAt: string; deleted: string | null }>(
        `SELECT a.uuid, a.title, a.lang, a.date, s.uuid AS source, a.imported_at AS importedAt, a.deleted_at AS deleted
           FROM articles a LEFT JOIN sources s ON s.id = a.source_id WHERE a.id = ?`,
      )
      .get(id);
    if (!a) return undefined;
    const revs = this.store
      .stmt<RevEntry>('SELECT content_hash AS h, title AS t, date AS d, imported_at AS at FROM article_revisions WHERE article_id = ? ORDER BY revision')
      .all(id);
    if (!revs.length) return undefined;
    return { origin: revs[0]!.h, revs, fields: { ...a, revs: JSON.stringify(revs) } };
  }

  private quoteRow(id: number) {
    return this.store
      .stmt<{
        uuid: string;
        article_id: number;
        exact: string;
        prefix: string;
        suffix: string;
        start: number;
        end: number;
        rev: string | null;
        status: string;
        similarity: number;
        reviewed_at: string | null;
        comment: string;
        color: string | null;
        created_at: string;
        deleted_at: string | null;
        author_id: string;
        author_name: string;
        comment_by_id: string;
        comment_by_name: string;
        tags: string;
        tag_by: string;
      }>(
        `SELECT q.uuid, q.article_id, q.exact, q.prefix, q.suffix, q.start, q."end", q.status, q.similarity, q.reviewed_at, q.comment, q.color,
                q.created_at, q.deleted_at, q.author_id, q.author_name, q.comment_by_id, q.comment_by_name,
                (SELECT r.content_hash FROM article_revisions r WHERE r.article_id = q.article_id AND r.revision = q.revision) AS rev,
                (SELECT json_group_array(t.uuid) FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = q.id) AS tags,
                (SELECT json_group_object(t.uuid, json_array(qt.author_id, qt.author_name)) FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id
                  WHERE qt.quote_id = q.id AND qt.author_id <> '') AS tag_by
           FROM quotes q WHERE q.id = ?`,
      )
      .get(id);
  }

  private quoteFields(r: NonNullable<ReturnType<SyncEngine['quoteRow']>>): Fields {
    return {
      exact: r.exact,
      prefix: r.prefix,
      suffix: r.suffix,
      start: r.start,
      end: r.end,
      rev: r.rev,
      status: r.status,
      similarity: r.similarity,
      reviewedAt: r.reviewed_at,
      comment: r.comment,
      color: r.color,
      createdAt: r.created_at,
      deleted: r.deleted_at,
      authorId: r.author_id,
      authorName: r.author_name,
      commentById: r.comment_by_id,
      commentByName: r.comment_by_name,
    };
  }

  /** A note's document as it travels: quote embeds by uuid. Unknown quote ids make the embed go. */
  private travellingDoc(doc: DocNode): DocNode {
    const uuidOf = this.store.stmt<{ uuid: string }>('SELECT uuid FROM quotes WHERE id = ?');
    const walk = (n: DocNode): DocNode | null => {
      if (n.type === QUOTE_EMBED) {
        const uuid = uuidOf.get(n.attrs?.quoteId)?.uuid;
        return uuid ? { type: QUOTE_EMBED, attrs: { quote: uuid } } : null;
      }
      const out: DocNode = { ...n };
      if (n.content) out.content = n.content.map(walk).filter((c): c is DocNode => c !== null);
      return out;
    };
    return walk(doc) ?? emptyDoc();
  }

  /** A travelling document as this device stores it, or undefined while one of its quotes has not arrived. */
  private localDoc(doc: DocNode): DocNode | undefined {
    const idOf = this.store.stmt<{ id: number }>('SELECT id FROM quotes WHERE uuid = ?');
    let unknown = false;
    const walk = (n: DocNode): DocNode => {
      if (n.type === QUOTE_EMBED) {
        const id = idOf.get(n.attrs?.quote)?.id;
        if (id === undefined) unknown = true;
        return { type: QUOTE_EMBED, attrs: { quoteId: id ?? 0 } };
      }
      const out: DocNode = { type: n.type };
      if (n.attrs && Object.keys(n.attrs).length) out.attrs = n.attrs;
      if (n.text !== undefined) out.text = n.text;
      if (n.marks?.length) out.marks = n.marks;
      if (n.content) out.content = n.content.map(walk);
      return out;
    };
    const out = walk(doc);
    if (unknown) return undefined;
    if (!out.content?.length) return emptyDoc();
    return out;
  }

  // ---------------------------------------------------------------- reconcile

  /**
   * Pushes every local change since the cursor into the documents and projects every
   * document change into the tables, in one transaction (the caller's, or its own).
   * `full` compares every row instead of reading the change log (first connection, or
   * a log that no longer reaches back to the cursor).
   */
  reconcile(full = false): ReconcileResult {
    const result = this.store.tx(() => this.reconcileInTx(full));
    if (result.pushed || result.projected) this.onReconciled(result);
    return result;
  }

  private reconcileInTx(full: boolean): ReconcileResult {
    const result: ReconcileResult = { pushed: 0, projected: 0 };
    // What arrived since the last reconciliation is logged in the transaction that projects it: one commit, not one per update.
    this.docs.logReceived();
    if (!this.isConfigured()) return result;
    if (this.recovering) {
      // A process that stopped between receiving updates and projecting them left this mark: project everything once.
      if (this.config('unprojected') !== undefined) this.markAllDirty();
      this.recovering = false;
    }
    const cursor = Number(this.config('cursor') ?? '0');
    const changed = { tag: new Set<number>(), source: new Set<number>(), article: new Set<number>(), quote: new Set<number>(), note: new Set<number>() };
    let everything = full || cursor === 0;
    if (!everything) {
      let after = cursor;
      for (let i = 0; i < 10_000; i++) {
        const batch = this.library.changes.since(after);
        if (batch.reset) {
          everything = true;
          break;
        }
        for (const c of batch.changes) if (c.op === 'put') changed[c.kind].add(c.id);
        after = batch.cursor;
        if (!batch.more) break;
      }
    }
    if (everything) {
      for (const kind of ['tag', 'source', 'article', 'quote', 'note'] as const) {
        const table = { tag: 'tags', source: 'sources', article: 'articles', quote: 'quotes', note: 'notes' }[kind];
        for (const r of this.store.stmt<{ id: number }>(`SELECT id FROM ${table}`).all()) changed[kind].add(r.id);
      }
    }
    result.pushed += this.pushLocal(changed);
    result.projected += this.project();
    this.setConfig('cursor', String(this.library.changes.cursor()));
    this.store.stmt('DELETE FROM sync_removed').run();
    this.docs.compact();
    // Changes still waiting (for an article text, a quote, a tag) are found again after a restart.
    this.setConfig('unprojected', this.dirty.size || this.waitingForTag.size ? '1' : undefined);
    return result;
  }

  private pushLocal(changed: Record<'tag' | 'source' | 'article' | 'quote' | 'note', Set<number>>): number {
    let pushed = 0;
    const lib = this.docs.get(LIBRARY_DOC);
    const removed = this.store.stmt<{ kind: string; uuid: string; parent: string | null }>('SELECT kind, uuid, parent FROM sync_removed').all();
    // A tag merged from several uuids (the same path created on several devices) is one tag here: a rename, move,
    // recolour or delete of it goes to every uuid it stands for, so they stay one tag everywhere.
    const groups = new Map<string, string[]>();
    if (changed.tag.size || removed.length) for (const [u, c] of this.tagResolution().alias) if (u !== c) groups.set(c, [...(groups.get(c) ?? []), u]);
    const members = (uuid: string): string[] => groups.get(uuid) ?? [];
    const removedMembers = removed.filter((r) => r.kind === 'tag').flatMap((r) => members(r.uuid));
    lib.transact(() => {
      const tags = lib.getMap<unknown>('tags');
      for (const id of changed.tag) {
        const r = this.tagRow(id);
        if (!r) continue;
        const fields = { name: r.name, parent: r.parent, color: r.color };
        if (!this.push(entity(tags, r.uuid), { ...fields, createdAt: r.createdAt, editorId: r.editorId, editorName: r.editorName }, `t:${r.uuid}`)) continue;
        pushed++;
        for (const u of members(r.uuid)) {
          const m = tags.get(u);
          if (!(m instanceof Y.Map)) continue;
          for (const [k, v] of Object.entries(fields)) if (m.get(k) !== v) m.set(k, v);
        }
      }
      // A tag merged here tells the others which tag it went into, and who merged it.
      const merges = this.store.stmt<{ uuid: string; into_uuid: string; person_id: string; person_name: string }>('SELECT * FROM tag_merges').all();
      for (const mg of merges) {
        const m = tags.get(mg.uuid);
        if (!(m instanceof Y.Map) || !removed.some((r) => r.kind === 'tag' && r.uuid === mg.uuid)) continue;
        m.set('mergedInto', mg.into_uuid);
        m.set('editorId', mg.person_id);
        m.set('editorName', mg.person_name);
      }
      if (merges.length) this.store.stmt('DELETE FROM tag_merges').run();
      for (const u of removedMembers) {
        const m = tags.get(u);
        if (m instanceof Y.Map && m.get('gone') !== true) m.set('gone', true);
      }
      const sources = lib.getMap<unknown>('sources');
      for (const id of changed.source) {
        const r = this.sourceRow(id);
        if (r && this.pushSource(entity(sources, r.uuid), r)) pushed++;
      }
      const articles = lib.getMap<unknown>('articles');
      for (const id of changed.article) {
        const a = this.articleFields(id);
        if (!a) continue;
        if (this.push(entity(articles, a.origin), a.fields, `a:${a.origin}`)) {
          pushed++;
          for (const rev of a.revs) this.store.stmt('INSERT OR IGNORE INTO sync_blobs_out (hash) VALUES (?)').run(rev.h);
        }
      }
      const notes = lib.getMap<unknown>('notes');
      for (const id of changed.note) {
        const n = this.store
          .stmt<{ uuid: string; title: string; createdAt: string; deleted: string | null; editorId: string; editorName: string }>(
            'SELECT uuid, title, created_at AS createdAt, deleted_at AS deleted, editor_id AS editorId, editor_name AS editorName FROM notes WHERE id = ?',
          )
          .get(id);
        if (!n) continue;
        const meta = { title: n.title, createdAt: n.createdAt, deleted: n.deleted, editorId: n.editorId, editorName: n.editorName };
        if (this.push(entity(notes, n.uuid), meta, `n:${n.uuid}`)) pushed++;
      }
      for (const r of removed) {
        const map = { tag: tags, source: sources, note: notes, article: undefined, quote: undefined }[r.kind as 'tag'];
        const target = map?.get(r.uuid);
        if (target instanceof Y.Map) {
          target.set('gone', true);
          pushed++;
        }
      }
    }, LOCAL_ORIGIN);
    // Articles removed for good: by origin hash, which the removed row no longer tells; tombstone those left without a row.
    if (removed.some((r) => r.kind === 'article')) {
      const articles = lib.getMap<unknown>('articles');
      lib.transact(() => {
        for (const [origin, m] of articles.entries()) {
          if (
            m instanceof Y.Map &&
            m.get('gone') !== true &&
            removed.some((r) => r.kind === 'article' && r.uuid === m.get('uuid')) &&
            this.articleIdOfOrigin(origin) === undefined
          ) {
            m.set('gone', true);
            pushed++;
          }
        }
      }, LOCAL_ORIGIN);
    }
    // Quotes, per article document.
    const byArticle = new Map<string, number[]>();
    for (const id of changed.quote) {
      const articleId = this.store.stmt<{ a: number }>('SELECT article_id AS a FROM quotes WHERE id = ?').get(id)?.a;
      const origin = articleId === undefined ? undefined : this.originOf(articleId);
      if (!origin) continue;
      const list = byArticle.get(origin) ?? [];
      list.push(id);
      byArticle.set(origin, list);
    }
    for (const r of removed) if (r.kind === 'quote' && r.parent && !byArticle.has(r.parent)) byArticle.set(r.parent, []);
    for (const [origin, ids] of byArticle) {
      const doc = this.docs.get(articleDocName(origin));
      doc.transact(() => {
        const quotes = doc.getMap<unknown>('quotes');
        for (const id of ids) {
          const r = this.quoteRow(id);
          if (!r) continue;
          const m = entity(quotes, r.uuid);
          let did = this.push(m, this.quoteFields(r), `q:${r.uuid}`);
          did = this.pushTags(m, JSON.parse(r.tags) as string[], `q:${r.uuid}`, JSON.parse(r.tag_by ?? '{}') as Record<string, [string, string]>) || did;
          if (did) pushed++;
        }
        for (const rm of removed) {
          if (rm.kind !== 'quote' || rm.parent !== origin) continue;
          const m = quotes.get(rm.uuid);
          if (m instanceof Y.Map) {
            m.set('gone', true);
            pushed++;
          }
        }
      }, LOCAL_ORIGIN);
    }
    // Note contents: diffed against the document as last reconciled, then merged into the live one.
    for (const id of changed.note) {
      const n = this.store.stmt<{ uuid: string; doc: string }>('SELECT uuid, doc FROM notes WHERE id = ?').get(id);
      if (!n) continue;
      const travelling = this.travellingDoc(JSON.parse(n.doc) as DocNode);
      const key = `c:${n.uuid}`;
      const s = this.shadow(key) ?? { f: {} };
      const h = hash(travelling);
      if (s.f.doc === h) continue;
      const name = noteDocName(n.uuid);
      const live = this.docs.get(name);
      const base = this.baseOf(name, live);
      let node: PmNode;
      try {
        node = PmNode.fromJSON(syncNoteSchema, travelling);
      } catch {
        continue; // A note the editor's schema cannot hold stays local; it is reported by `sync status`.
      }
      const captured: Uint8Array[] = [];
      const onUpdate = (u: Uint8Array) => captured.push(u);
      base.on('update', onUpdate);
      updateYFragment(base, base.getXmlFragment('prosemirror'), node, { mapping: new Map(), isOMark: new Map() });
      base.off('update', onUpdate);
      if (captured.length) Y.applyUpdate(live, Y.mergeUpdates(captured), LOCAL_ORIGIN);
      s.f.doc = h;
      this.setShadow(key, s);
      pushed++;
    }
    return pushed;
  }

  private baseOf(name: string, live: Y.Doc): Y.Doc {
    let base = this.noteBase.get(name);
    if (!base) {
      base = new Y.Doc();
      Y.applyUpdate(base, Y.encodeStateAsUpdate(live));
      this.noteBase.set(name, base);
    } else {
      Y.applyUpdate(base, Y.encodeStateAsUpdate(live, Y.encodeStateVector(base)));
    }
    return base;
  }

  private pushTags(m: Y.Map<unknown>, local: string[], shadowKey: string, by: Record<string, [string, string]>): boolean {
    const s = this.shadow(shadowKey) ?? { f: {} };
    const before = new Set(s.t ?? []);
    const now = new Set(local);
    const links = entity(m, 'tags') as Y.Map<unknown>;
    const alias = this.tagResolution().alias;
    let changed = false;
    for (const t of now) {
      if (!before.has(t)) {
        if (links.get(t) !== true) links.set(t, true);
        const author = by[t];
        if (author) {
          const tagBy = entity(m, 'tagBy');
          const v = JSON.stringify(author);
          if (tagBy.get(t) !== v) tagBy.set(t, v);
        }
        changed = true;
      }
    }
    for (const t of before) {
      if (!now.has(t)) {
        for (const [k, v] of links.entries()) if (v === true && (alias.get(k) ?? k) === t) links.set(k, false);
        changed = true;
      }
    }
    if (changed) {
      s.t = [...now].sort();
      this.setShadow(shadowKey, s);
    }
    return changed;
  }

  private resolution: { doc: Y.Doc; state: string; value: TagResolution } | undefined;

  private tagEntries(): Map<string, TagEntry> {
    const tags = this.docs.get(LIBRARY_DOC).getMap<unknown>('tags');
    const out = new Map<string, TagEntry>();
    for (const [uuid, m] of tags.entries()) {
      if (!(m instanceof Y.Map)) continue;
      const f = readFields(m as Y.Map<unknown>, [...TAG_FIELDS, 'gone']);
      out.set(uuid, { name: str(f.name) ?? '', parent: str(f.parent), color: str(f.color), createdAt: str(f.createdAt) ?? '', gone: f.gone === true });
    }
    return out;
  }

  private tagResolution(): TagResolution {
    const doc = this.docs.get(LIBRARY_DOC);
    const state = Buffer.from(Y.encodeStateVector(doc)).toString('base64');
    if (this.resolution?.doc === doc && this.resolution.state === state) return this.resolution.value;
    const value = resolveTags(this.tagEntries());
    this.resolution = { doc, state, value };
    return value;
  }

  // ---------------------------------------------------------------- projection

  private project(): number {
    let projected = 0;
    const libDirty = this.takeDirty(LIBRARY_DOC);
    if (libDirty.size) {
      const lib = this.docs.get(LIBRARY_DOC);
      if ([...libDirty].some((k) => k.startsWith('tags:'))) projected += this.projectTags();
      const sources = lib.getMap<unknown>('sources');
      for (const k of libDirty) if (k.startsWith('sources:')) projected += this.projectSource(k.slice(8), sources.get(k.slice(8)));
      const articles = lib.getMap<unknown>('articles');
      for (const k of libDirty) {
        if (!k.startsWith('articles:')) continue;
        const n = this.projectArticle(k.slice(9), articles.get(k.slice(9)));
        if (n < 0) this.markDirty(LIBRARY_DOC, k);
        else projected += n;
      }
      const notes = lib.getMap<unknown>('notes');
      for (const k of libDirty) if (k.startsWith('notes:')) projected += this.projectNoteMeta(k.slice(6), notes.get(k.slice(6)));
    }
    const articleDocs = [...this.dirty.keys()].filter((name) => name.startsWith('article/'));
    const projectArticles = (rows: RewrittenRows): number => {
      let n = 0;
      for (const name of articleDocs) {
        const r = this.projectQuotes(name.slice(8), this.takeDirty(name), rows);
        n += r.projected;
        for (const k of r.waiting) this.markDirty(name, k);
      }
      return n;
    };
    // Many quotes (an initial sync, a batch from elsewhere) are indexed for search once each, after every article document is
    // projected, not row by row and link by link; one quote (this device's own edit coming back) is left to the triggers.
    const keys = articleDocs.map((name) => this.dirty.get(name)!);
    const many = keys.some((k) => k.has('*')) || keys.reduce((n, k) => n + k.size, 0) > 1;
    const unbatched: RewrittenRows = { added: { quotes: [], articles: [], notes: [] }, changed: { quotes: [], articles: [], notes: [] } };
    if (many) projected += this.library.searchIndex.rewriting(projectArticles);
    else if (articleDocs.length) projected += projectArticles(unbatched);
    for (const name of [...this.dirty.keys()]) {
      if (!name.startsWith('note/')) continue;
      this.takeDirty(name);
      const n = this.projectNoteContent(name.slice(5));
      if (n < 0) this.markDirty(name, 'content');
      else projected += n;
    }
    return projected;
  }

  private markDirty(name: string, key: string): void {
    let set = this.dirty.get(name);
    if (!set) this.dirty.set(name, (set = new Set()));
    set.add(key);
  }

  /** Marks every entity of every stored document for projection (unchanged ones are skipped by their shadows). */
  private markAllDirty(): void {
    const lib = this.docs.get(LIBRARY_DOC);
    this.markDirty(LIBRARY_DOC, 'tags:');
    for (const kind of ['sources', 'articles', 'notes']) for (const k of lib.getMap<unknown>(kind).keys()) this.markDirty(LIBRARY_DOC, `${kind}:${k}`);
    for (const name of this.docs.names()) {
      if (name.startsWith('article/')) this.markDirty(name, '*');
      else if (name.startsWith('note/')) this.markDirty(name, 'content');
    }
  }

  /** Marks the quotes whose links named `tagUuid` before its tag arrived, so they are projected again. */
  private wakeWaiting(tagUuid: string): void {
    const waiting = this.waitingForTag.get(tagUuid);
    if (!waiting) return;
    this.waitingForTag.delete(tagUuid);
    for (const [name, keys] of waiting) for (const k of keys) this.markDirty(name, k);
  }

  private tagIdOf(uuid: string): number | undefined {
    return this.store.stmt<{ id: number }>('SELECT id FROM tags WHERE uuid = ?').get(uuid)?.id;
  }

  private projectTags(): number {
    const entries = this.tagEntries();
    const { tags, alias } = this.tagResolution();
    let projected = 0;
    const rows = this.store.stmt<{ id: number; uuid: string }>('SELECT id, uuid FROM tags').all();
    // Rows whose uuid merged into another tag: their links and children go to the canonical row.
    for (const r of rows) {
      const canonical = alias.get(r.uuid);
      if (canonical === undefined || canonical === r.uuid) continue;
      const target = this.tagIdOf(canonical);
      if (target === undefined) {
        this.store.stmt('UPDATE tags SET uuid = ? WHERE id = ?').run(canonical, r.id);
      } else {
        this.store.stmt('INSERT OR IGNORE INTO quote_tags (quote_id, tag_id) SELECT quote_id, ? FROM quote_tags WHERE tag_id = ?').run(target, r.id);
        for (const c of this.store.stmt<{ id: number }>('SELECT id FROM tags WHERE parent_id = ?').all(r.id)) {
          this.store.stmt('UPDATE tags SET parent_id = ?, name = ? WHERE id = ?').run(target, `~sync-${c.id}`, c.id);
        }
        this.store.stmt('DELETE FROM tags WHERE id = ?').run(r.id);
      }
      this.setShadow(`t:${r.uuid}`, undefined);
      projected++;
    }
    const rowOf = this.store.stmt<{ id: number; name: string; parent: string | null; color: string | null; created_at: string; editor_id: string }>(
      'SELECT t.id, t.name, p.uuid AS parent, t.color, t.created_at, t.editor_id FROM tags t LEFT JOIN tags p ON p.id = t.parent_id WHERE t.uuid = ?',
    );
    const tagMaps = this.docs.get(LIBRARY_DOC).getMap<unknown>('tags');
    const editorOf = (uuid: string): { editorId: string; editorName: string } => {
      const m = tagMaps.get(uuid);
      const f = m instanceof Y.Map ? readFields(m as Y.Map<unknown>, TAG_EDITOR_FIELDS) : {};
      return { editorId: str(f.editorId) ?? '', editorName: str(f.editorName) ?? '' };
    };
    const occupant = this.store.stmt<{ id: number }>('SELECT id FROM tags WHERE parent_id IS ? AND lower(name) = lower(?) AND id <> ?');
    // Which uuids each canonical tag stands for: when that changes (a merge, or a rename that splits a merged tag
    // again), the quotes linked to it are projected again, since their links may now mean another tag.
    const groups = new Map<string, string[]>();
    for (const [u, c] of alias) groups.set(c, [...(groups.get(c) ?? []), u]);
    const regrouped: string[] = [];
    for (const t of tags) {
      const parentId = t.parent === null ? null : (this.tagIdOf(t.parent) ?? null);
      const row = rowOf.get(t.uuid);
      const shadowKey = `t:${t.uuid}`;
      const s: Shadow = { f: {} };
      const editor = editorOf(t.uuid);
      this.pull({ name: t.name, parent: t.parent, color: t.color, createdAt: t.createdAt, ...editor }, s);
      const group = (groups.get(t.uuid) ?? [t.uuid]).sort();
      for (const u of group) this.wakeWaiting(u);
      s.f.g = hash(group);
      const old = this.shadow(shadowKey);
      if (row && (old?.f.g ?? (group.length > 1 ? '' : s.f.g)) !== s.f.g) regrouped.push(t.uuid);
      if (row && row.name === t.name && row.parent === t.parent && row.color === t.color) {
        if (row.editor_id !== editor.editorId) {
          this.store.stmt('UPDATE tags SET editor_id = ?, editor_name = ? WHERE id = ?').run(editor.editorId, editor.editorName, row.id);
        }
        if (!old || JSON.stringify(old.f) !== JSON.stringify(s.f)) this.setShadow(shadowKey, s);
        continue;
      }
      for (const o of occupant.all(parentId, t.name, row?.id ?? 0)) this.store.stmt('UPDATE tags SET name = ? WHERE id = ?').run(`~sync-${o.id}`, o.id);
      if (row) {
        if (row.parent !== t.parent) this.store.stmt('UPDATE tags SET parent_id = ? WHERE id = ?').run(parentId, row.id);
        this.store
          .stmt('UPDATE tags SET name = ?, color = ?, editor_id = ?, editor_name = ? WHERE id = ?')
          .run(t.name, t.color, editor.editorId, editor.editorName, row.id);
      } else {
        this.store
          .stmt('INSERT INTO tags (uuid, name, parent_id, color, created_at, editor_id, editor_name) VALUES (?, ?, ?, ?, ?, ?, ?)')
          .run(t.uuid, t.name, parentId, t.color, t.createdAt || nowIso(), editor.editorId, editor.editorName);
      }
      this.setShadow(shadowKey, s);
      projected++;
    }
    // Tags deleted elsewhere: their rows go (after children moved away above).
    for (const [uuid, e] of entries) {
      if (!e.gone || alias.has(uuid)) continue;
      const id = this.tagIdOf(uuid);
      if (id !== undefined) {
        this.noteMerge(uuid, e.name, alias);
        this.store.stmt('DELETE FROM tags WHERE id = ?').run(id);
        projected++;
      }
      this.setShadow(`t:${uuid}`, undefined);
    }
    for (const c of regrouped) {
      const id = this.tagIdOf(c);
      if (id === undefined) continue;
      for (const q of this.store
        .stmt<{ uuid: string; a: number }>('SELECT q.uuid, q.article_id AS a FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id WHERE qt.tag_id = ?')
        .all(id)) {
        const origin = this.originOf(q.a);
        if (origin) this.markDirty(articleDocName(origin), q.uuid);
      }
    }
    return projected;
  }

  /** A tag merged elsewhere by someone else (its entry names the tag it went into): an entry of the activity log. */
  private noteMerge(uuid: string, name: string, alias: Map<string, string>): void {
    const m = this.docs.get(LIBRARY_DOC).getMap<unknown>('tags').get(uuid);
    if (!(m instanceof Y.Map)) return;
    const into = str(m.get('mergedInto'));
    const intoId = into === null ? undefined : this.tagIdOf(alias.get(into) ?? into);
    if (intoId === undefined) return;
    recordMerge(this.store, { intoId, name, personId: str(m.get('editorId')) ?? '', personName: str(m.get('editorName')) ?? '' });
  }

  /** Writes the CSL fields, key and creation time of a source changed here since its shadow into its entry, field by field. */
  private pushSource(m: Y.Map<unknown>, r: { uuid: string; csl: string; key: string; createdAt: string }): boolean {
    const shadowKey = `s:${r.uuid}`;
    // An older version's whole-item write not projected yet: its fields go into the entries first, so they are not lost.
    if (writtenByOlderVersion(m)) adoptOlderWrite(m);
    const item = JSON.parse(r.csl) as Record<string, unknown>;
    const s = this.shadow(shadowKey) ?? { f: {} };
    if (s.f.csl !== undefined && !Object.keys(s.f).some((k) => k.startsWith(SOURCE_FIELD))) {
      // A shadow from before sources travelled field by field: its fields are the row's when the row is unchanged, else the document's.
      const base = s.f.csl === hash(r.csl) ? item : sourceItem(m);
      for (const [k, v] of Object.entries(fieldEntries(base))) s.f[k] = hash(v);
      this.setShadow(shadowKey, s);
    }
    const fields: Fields = { key: r.key, createdAt: r.createdAt, ...fieldEntries(item) };
    // Variables removed here since the last reconciliation: the shadow knows them, the item no longer has them.
    for (const k of Object.keys(s.f)) if (k.startsWith(SOURCE_FIELD) && !(k in fields)) fields[k] = null;
    if (!this.push(m, fields, shadowKey)) return false;
    // The whole item beside the fields, for older versions; the row holds it already, so it is no news here.
    try {
      writeMirror(m, sourceColumns(validateCslItem(sourceItem(m)))[10] as string);
    } catch {
      // A malformed field from elsewhere: the whole item stays as it was until that field is written again.
    }
    const pushed = this.shadow(shadowKey)!;
    pushed.f.csl = hash(r.csl);
    this.setShadow(shadowKey, pushed);
    return true;
  }

  private projectSource(uuid: string, value: unknown): number {
    if (!(value instanceof Y.Map)) return 0;
    const m = value as Y.Map<unknown>;
    const id = this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE uuid = ?').get(uuid)?.id;
    if (m.get('gone') === true) {
      if (id !== undefined) this.store.stmt('DELETE FROM sources WHERE id = ?').run(id);
      this.setShadow(`s:${uuid}`, undefined);
      return id === undefined ? 0 : 1;
    }
    // An older version wrote the whole item: every device takes it into the field entries the same way.
    if (writtenByOlderVersion(m)) this.docs.get(LIBRARY_DOC).transact(() => adoptOlderWrite(m), LOCAL_ORIGIN);
    let item: CslItem;
    try {
      item = validateCslItem(sourceItem(m));
    } catch {
      return 0; // A malformed item from elsewhere is not projected.
    }
    const whole = sourceColumns(item)[10] as string;
    // Fields written on several devices at once leave the whole item for older versions behind: every device brings it up to date alike.
    if (m.get('cslOf') !== undefined && m.get('csl') !== whole) this.docs.get(LIBRARY_DOC).transact(() => writeMirror(m, whole), LOCAL_ORIGIN);
    const f: Fields = { csl: whole, key: str(m.get('key')), createdAt: str(m.get('createdAt')) };
    const s = this.shadow(`s:${uuid}`) ?? { f: {} };
    const changed = this.pull(f, s);
    if (!changed.length && id !== undefined) return 0;
    const key = this.freeKey(str(f.key) ?? `ref-${uuid.slice(0, 8)}`, uuid);
    const cols = sourceColumns(item);
    if (id === undefined) {
      this.store
        .stmt(
          `INSERT INTO sources (uuid, type, title, container_title, authors, issued, url, accessed, publisher, doi, language, csl, citation_key, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(uuid, ...cols, key, str(f.createdAt) ?? nowIso(), nowIso());
    } else {
      this.store
        .stmt(
          `UPDATE sources SET type = ?, title = ?, container_title = ?, authors = ?, issued = ?, url = ?, accessed = ?, publisher = ?, doi = ?,
             language = ?, csl = ?, citation_key = ?, updated_at = ? WHERE id = ?`,
        )
        .run(...cols, key, nowIso(), id);
    }
    // What the row holds is the shadow: a key renamed to stay unique here is not news elsewhere.
    const stored = this.sourceRow(this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE uuid = ?').get(uuid)!.id)!.csl;
    s.f.csl = hash(stored);
    s.f.key = hash(key);
    const entries = fieldEntries(JSON.parse(stored) as Record<string, unknown>);
    for (const k of Object.keys(s.f)) if (k.startsWith(SOURCE_FIELD) && !(k in entries)) s.f[k] = hash(null);
    for (const [k, v] of Object.entries(entries)) s.f[k] = hash(v);
    this.setShadow(`s:${uuid}`, s);
    return 1;
  }

  /**
   * The key for source `uuid`: the key itself when no other source has it (ignoring case).
   * When one does, the smaller uuid keeps it and the other source's key is made unique by
   * its uuid: decided by the uuids alone, so every device ends with the same keys whichever
   * source it had first.
   */
  private freeKey(key: string, uuid: string): string {
    const clash = this.store
      .stmt<{ id: number; uuid: string }>('SELECT id, uuid FROM sources WHERE citation_key = ? COLLATE NOCASE AND uuid <> ?')
      .get(key, uuid);
    if (!clash) return key;
    if (uuid > clash.uuid) return `${key}-${uuid.slice(0, 8)}`;
    const moved = `${key}-${clash.uuid.slice(0, 8)}`;
    this.store.stmt('UPDATE sources SET citation_key = ?, updated_at = ? WHERE id = ?').run(moved, nowIso(), clash.id);
    const s = this.shadow(`s:${clash.uuid}`);
    if (s) this.setShadow(`s:${clash.uuid}`, { ...s, f: { ...s.f, key: hash(moved) } });
    return key;
  }

  /** Projects one article entry; -1 when its text has not arrived yet. */
  private projectArticle(origin: string, value: unknown): number {
    if (!(value instanceof Y.Map)) return 0;
    const m = value as Y.Map<unknown>;
    let id = this.articleIdOfOrigin(origin);
    const shadowKey = `a:${origin}`;
    if (m.get('gone') === true) {
      if (id !== undefined) this.store.stmt('DELETE FROM articles WHERE id = ?').run(id);
      this.setShadow(shadowKey, undefined);
      return id === undefined ? 0 : 1;
    }
    const f = readFields(m, ARTICLE_FIELDS);
    const s = this.shadow(shadowKey) ?? { f: {} };
    const before = { ...s.f };
    const changed = this.pull(f, s);
    if (!changed.length && id !== undefined) return 0;
    let revs: RevEntry[];
    try {
      revs = (JSON.parse(str(f.revs) ?? '[]') as RevEntry[]).filter((r) => isRecord(r) && typeof r.h === 'string');
    } catch {
      return 0;
    }
    if (!revs.length || revs[0]!.h !== origin) return 0;
    const sourceId = str(f.source) ? (this.store.stmt<{ id: number }>('SELECT id FROM sources WHERE uuid = ?').get(f.source)?.id ?? null) : null;
    const uuid = str(f.uuid);
    if (!uuid) return 0;
    const localRevs =
      id === undefined
        ? []
        : this.store
            .stmt<{ h: string }>('SELECT content_hash AS h FROM article_revisions WHERE article_id = ? ORDER BY revision')
            .all(id)
            .map((r) => r.h);
    const missingTexts = revs.slice(localRevs.length).filter((r) => this.text(r.h) === undefined);
    if (missingTexts.length) {
      for (const r of missingTexts) this.missing.add(r.h);
      s.f = before;
      return -1;
    }
    const now = nowIso();
    if (id === undefined) {
      const first = revs[0]!;
      const body = this.text(first.h)!;
      const clash = this.store.stmt<{ id: number }>('SELECT id FROM articles WHERE uuid = ?').get(uuid);
      if (clash) this.store.stmt('UPDATE articles SET uuid = ? WHERE id = ?').run(`${uuid}~${clash.id}`, clash.id);
      id = Number(
        this.store
          .stmt('INSERT INTO articles (uuid, title, body, lang, date, content_hash, imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
          .run(uuid, str(f.title) ?? first.t, body, str(f.lang), first.d, first.h, str(f.importedAt) ?? now, now).lastInsertRowid,
      );
      localRevs.push(first.h);
    }
    for (const r of revs.slice(localRevs.length)) {
      const body = this.text(r.h)!;
      try {
        this.library.revisions.importParsed(id, { title: r.t, body, date: r.d, lang: null });
      } catch {
        break; // A revision whose text is another article's cannot be one here; the rest wait.
      }
    }
    this.store
      .stmt('UPDATE articles SET uuid = ?, title = ?, lang = ?, date = coalesce(?, date), source_id = ?, deleted_at = ?, updated_at = ? WHERE id = ?')
      .run(uuid, str(f.title) ?? '', str(f.lang), str(f.date), sourceId, str(f.deleted), now, id);
    for (const r of revs) this.blobs.delete(r.h);
    this.setShadow(shadowKey, s);
    this.markDirty(articleDocName(origin), '*');
    return 1;
  }

  private text(h: string): string | undefined {
    const cached = this.blobs.get(h);
    if (cached !== undefined) return cached;
    return this.store.stmt<{ body: string }>('SELECT body FROM article_revisions WHERE content_hash = ? LIMIT 1').get(h)?.body;
  }

  /** Projects the quotes of one article document (all of them when `keys` holds `*`). */
  private projectQuotes(origin: string, keys: Set<string>, rows: RewrittenRows): { projected: number; waiting: string[] } {
    const doc = this.docs.get(articleDocName(origin));
    const quotes = doc.getMap<unknown>('quotes');
    const articleId = this.articleIdOfOrigin(origin);
    const all = keys.has('*');
    const list = all ? [...quotes.keys()] : [...keys];
    if (articleId === undefined) return { projected: 0, waiting: list };
    const article = this.store.stmt<{ revision: number; body: string }>('SELECT revision, body FROM articles WHERE id = ?').get(articleId)!;
    const { alias } = this.tagResolution();
    const knownTags = this.docs.get(LIBRARY_DOC).getMap<unknown>('tags');
    const linkedNow = this.store.stmt<{ uuid: string }>('SELECT t.uuid FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = ?');
    let projected = 0;
    const waiting: string[] = [];
    const repush: number[] = [];
    for (const uuid of list) {
      const value = quotes.get(uuid);
      if (!(value instanceof Y.Map)) continue;
      const m = value as Y.Map<unknown>;
      const key = `q:${uuid}`;
      const row = this.store.stmt<{ id: number }>('SELECT id FROM quotes WHERE uuid = ?').get(uuid);
      if (m.get('gone') === true) {
        if (row) {
          this.store.stmt('DELETE FROM quotes WHERE id = ?').run(row.id);
          rows.changed.quotes.push(row.id);
          projected++;
        }
        this.setShadow(key, undefined);
        continue;
      }
      const f = readFields(m, QUOTE_FIELDS);
      const links = m.get('tags');
      const tagBy = m.get('tagBy');
      const tagSet = new Set<string>();
      const linkBy = new Map<string, [string, string]>();
      if (links instanceof Y.Map) {
        for (const [k, v] of (links as Y.Map<unknown>).entries()) {
          if (v !== true) continue;
          const c = alias.get(k);
          if (c !== undefined) {
            tagSet.add(c);
            if (tagBy instanceof Y.Map && !linkBy.has(c) && tagBy.has(k)) linkBy.set(c, linkAuthor(tagBy.get(k)));
          } else if (!knownTags.has(k)) {
            // The tag travels in the library document and has not arrived yet: project the quote again when it does.
            const name = articleDocName(origin);
            const byDoc = this.waitingForTag.get(k) ?? new Map<string, Set<string>>();
            byDoc.set(name, (byDoc.get(name) ?? new Set()).add(uuid));
            this.waitingForTag.set(k, byDoc);
          }
        }
      }
      const s = this.shadow(key) ?? { f: {} };
      const changed = this.pull(f, s);
      // Compared with the links the row has (local changes are in the documents by now), not with the shadow:
      // a tag merged or split elsewhere changes which canonical tag a link means without changing the quote.
      const oldTags = new Set(row ? linkedNow.all(row.id).map((t) => t.uuid) : []);
      const shadowTags = s.t ?? [];
      const tagsChanged = !row || [...tagSet].some((t) => !oldTags.has(t)) || [...oldTags].some((t) => !tagSet.has(t));
      const shadowStale = shadowTags.length !== tagSet.size || shadowTags.some((t) => !tagSet.has(t));
      if (!changed.length && !tagsChanged && row) {
        if (shadowStale) this.setShadow(key, { ...s, t: [...tagSet].sort() });
        continue;
      }
      const revision =
        str(f.rev) === null
          ? undefined
          : this.store.stmt<{ revision: number }>('SELECT revision FROM article_revisions WHERE article_id = ? AND content_hash = ?').get(articleId, f.rev)
              ?.revision;
      const exact = str(f.exact);
      const start = num(f.start);
      const end = num(f.end);
      if (revision === undefined || !exact || start === null || end === null || !(start >= 0 && end > start)) {
        waiting.push(uuid);
        continue;
      }
      let id = row?.id;
      const now = nowIso();
      const status = ['exact', 'moved', 'fuzzy', 'orphaned'].includes(str(f.status) ?? '') ? str(f.status)! : 'exact';
      const values = [
        exact,
        str(f.prefix) ?? '',
        str(f.suffix) ?? '',
        start,
        end,
        status,
        num(f.similarity) ?? 1,
        revision,
        str(f.reviewedAt),
        str(f.comment) ?? '',
        str(f.color),
        str(f.createdAt) ?? now,
        str(f.deleted),
        str(f.authorId) ?? '',
        str(f.authorName) ?? '',
        str(f.commentById) ?? '',
        str(f.commentByName) ?? '',
      ];
      if (id === undefined) {
        id = Number(
          this.store
            .stmt(
              `INSERT INTO quotes (uuid, article_id, exact, prefix, suffix, start, "end", status, similarity, revision, reviewed_at, comment, color, created_at, deleted_at,
                                   author_id, author_name, comment_by_id, comment_by_name, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(uuid, articleId, ...values, now).lastInsertRowid,
        );
        // A new row starts at the article's current revision (a trigger sets it): only an older one is written.
        if (revision !== article.revision) this.store.stmt('UPDATE quotes SET revision = ? WHERE id = ?').run(revision, id);
      } else if (changed.length) {
        this.store
          .stmt(
            `UPDATE quotes SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, status = ?, similarity = ?, revision = ?, reviewed_at = ?,
               comment = ?, color = ?, created_at = ?, deleted_at = ?, author_id = ?, author_name = ?, comment_by_id = ?, comment_by_name = ?, updated_at = ? WHERE id = ?`,
          )
          .run(...values, now, id);
      }
      if (tagsChanged) {
        for (const t of tagSet) {
          if (oldTags.has(t) && row) continue;
          const tagId = this.tagIdOf(t);
          const [byId, byName] = linkBy.get(t) ?? ['', ''];
          if (tagId !== undefined) {
            this.store.stmt('INSERT OR IGNORE INTO quote_tags (quote_id, tag_id, author_id, author_name) VALUES (?, ?, ?, ?)').run(id, tagId, byId, byName);
          }
        }
        for (const t of oldTags) {
          if (tagSet.has(t)) continue;
          const tagId = this.tagIdOf(t);
          if (tagId !== undefined) this.store.stmt('DELETE FROM quote_tags WHERE quote_id = ? AND tag_id = ?').run(id, tagId);
        }
      }
      s.t = [...tagSet].sort();
      this.setShadow(key, s);
      if (revision < article.revision) {
        this.reanchor(id, articleId, revision, article);
        repush.push(id);
      }
      (row ? rows.changed : rows.added).quotes.push(id);
      projected++;
    }
    // Quotes that arrived anchored in an older revision were re-anchored here the same way on every device; the result travels too.
    if (repush.length) {
      doc.transact(() => {
        for (const id of repush) {
          const r = this.quoteRow(id);
          if (r) this.push(entity(quotes, r.uuid), this.quoteFields(r), `q:${r.uuid}`);
        }
      }, LOCAL_ORIGIN);
    }
    return { projected, waiting };
  }

  private reanchor(id: number, articleId: number, revision: number, article: { revision: number; body: string }): void {
    const old = this.store.stmt<{ body: string }>('SELECT body FROM article_revisions WHERE article_id = ? AND revision = ?').get(articleId, revision);
    const q = this.store
      .stmt<{ exact: string; prefix: string; suffix: string; start: number; end: number }>(
        'SELECT exact, prefix, suffix, start, "end" FROM quotes WHERE id = ?',
      )
      .get(id);
    if (!old || !q) return;
    const anchor = anchorQuote(article.body, q, { map: positionMap(old.body, article.body) ?? undefined, fold: foldWithOffsets });
    if (anchor.status === 'orphaned') {
      this.store.stmt("UPDATE quotes SET status = 'orphaned', similarity = 0, revision = ?, reviewed_at = NULL WHERE id = ?").run(article.revision, id);
    } else {
      const c = contextOf(article.body, anchor.start, anchor.end);
      this.store
        .stmt(
          'UPDATE quotes SET exact = ?, prefix = ?, suffix = ?, start = ?, "end" = ?, status = ?, similarity = ?, revision = ?, reviewed_at = NULL WHERE id = ?',
        )
        .run(c.exact, c.prefix, c.suffix, c.start, c.end, anchor.status, anchor.similarity, article.revision, id);
    }
  }

  private projectNoteMeta(uuid: string, value: unknown): number {
    if (!(value instanceof Y.Map)) return 0;
    const m = value as Y.Map<unknown>;
    const row = this.store.stmt<{ id: number }>('SELECT id FROM notes WHERE uuid = ?').get(uuid);
    const key = `n:${uuid}`;
    if (m.get('gone') === true) {
      if (row) this.store.stmt('DELETE FROM notes WHERE id = ?').run(row.id);
      this.setShadow(key, undefined);
      return row ? 1 : 0;
    }
    const f = readFields(m, NOTE_FIELDS);
    const s = this.shadow(key) ?? { f: {} };
    const changed = this.pull(f, s);
    if (!changed.length && row) return 0;
    const now = nowIso();
    if (!row) {
      const doc = emptyDoc();
      this.store
        .stmt('INSERT INTO notes (uuid, title, doc, text, created_at, updated_at, deleted_at, editor_id, editor_name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(
          uuid,
          str(f.title) ?? '',
          JSON.stringify(doc),
          docText(doc),
          str(f.createdAt) ?? now,
          now,
          str(f.deleted),
          str(f.editorId) ?? '',
          str(f.editorName) ?? '',
        );
      this.markDirty(noteDocName(uuid), 'content');
    } else {
      this.store
        .stmt('UPDATE notes SET title = ?, deleted_at = ?, editor_id = ?, editor_name = ?, updated_at = ? WHERE id = ?')
        .run(str(f.title) ?? '', str(f.deleted), str(f.editorId) ?? '', str(f.editorName) ?? '', now, row.id);
    }
    this.setShadow(key, s);
    return 1;
  }

  /** Projects a note's content; -1 while its row or one of its embedded quotes has not arrived. */
  private projectNoteContent(uuid: string): number {
    const row = this.store.stmt<{ id: number }>('SELECT id FROM notes WHERE uuid = ?').get(uuid);
    if (!row) return -1;
    const name = noteDocName(uuid);
    const live = this.docs.get(name);
    const fragment = live.getXmlFragment('prosemirror');
    const travelling = yXmlFragmentToProsemirrorJSON(fragment) as DocNode;
    const key = `c:${uuid}`;
    const s = this.shadow(key) ?? { f: {} };
    let normal: DocNode;
    try {
      normal = PmNode.fromJSON(syncNoteSchema, travelling.content?.length ? travelling : { type: 'doc', content: [{ type: 'paragraph' }] }).toJSON() as DocNode;
    } catch {
      return 0;
    }
    const h = hash(normal);
    if (s.f.doc === h) return 0;
    const local = this.localDoc(normal);
    if (!local) return -1;
    const doc = validateDoc(local);
    this.store.stmt('UPDATE notes SET doc = ?, text = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(doc), docText(doc), nowIso(), row.id);
    // The row now holds exactly what the document says: that is the base for the next local edit.
    s.f.doc = hash(this.travellingDoc(doc));
    this.setShadow(key, s);
    this.baseOf(name, live);
    return 1;
  }

  // ---------------------------------------------------------------- blobs

  /** Article texts the projection is waiting for. */
  missingBlobs(): string[] {
    return [...this.missing].filter((h) => this.text(h) === undefined);
  }

  /** Hands over a fetched article text; refused (false) unless its sha-256 is `h`. */
  addBlob(h: string, text: string): boolean {
    if (contentHash(text) !== h) return false;
    this.blobs.set(h, text);
    this.missing.delete(h);
    this.markDirty(LIBRARY_DOC, '');
    for (const [origin, m] of this.docs.get(LIBRARY_DOC).getMap<unknown>('articles').entries()) {
      if (m instanceof Y.Map && String(m.get('revs') ?? '').includes(h)) this.markDirty(LIBRARY_DOC, `articles:${origin}`);
    }
    return true;
  }

  /** Article texts to upload: hashes and texts this device holds that the server may not. */
  uploads(limit = 50): { hash: string; text: string }[] {
    return this.store
      .stmt<{ hash: string }>('SELECT hash FROM sync_blobs_out LIMIT ?')
      .all(limit)
      .flatMap((r) => {
        const text = this.text(r.hash);
        if (text === undefined) {
          this.store.stmt('DELETE FROM sync_blobs_out WHERE hash = ?').run(r.hash);
          return [];
        }
        return [{ hash: r.hash, text }];
      });
  }

  /** Marks an article text as held by the server. */
  uploaded(h: string): void {
    this.store.stmt('DELETE FROM sync_blobs_out WHERE hash = ?').run(h);
  }

  /** Local changes not yet pushed: entries of the change log after the cursor. */
  unreconciled(): number {
    const cursor = Number(this.config('cursor') ?? '0');
    return Math.max(0, this.library.changes.cursor() - cursor);
  }

  /** Forgets the documents in memory (they reload from the database on next use). */
  unload(): void {
    this.docs.unload();
    for (const d of this.noteBase.values()) d.destroy();
    this.noteBase.clear();
    this.dirty.clear();
    this.waitingForTag.clear();
    this.resolution = undefined;
    this.recovering = true;
  }
}
