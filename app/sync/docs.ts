import * as Y from 'yjs';
import type { Store } from '../core/store';

/** Where an update came from: this device's own reconciliation, or anything else (the server, a snapshot). */
export const LOCAL_ORIGIN = Symbol('apostil-local');
/** The origin used when a stored state is loaded, so loading records nothing. */
const LOAD_ORIGIN = Symbol('apostil-load');

/** How many logged updates a document may gather before its state is compacted into one snapshot. */
export const COMPACT_AFTER = 200;

/** The name of the library document. */
export const LIBRARY_DOC = 'library';

/** The name of an article's document, by the content hash of its first revision. */
export function articleDocName(originHash: string): string {
  return `article/${originHash}`;
}

/** The name of a note's document. */
export function noteDocName(uuid: string): string {
  return `note/${uuid}`;
}

/** True for the document names Apostil uses (`library`, `article/<sha-256>`, `note/<uuid>`). */
export function isDocName(name: string): boolean {
  return name === LIBRARY_DOC || /^article\/[0-9a-f]{64}$/.test(name) || /^note\/[0-9a-f-]{36}$/.test(name);
}

/**
 * The Yjs documents of one library, loaded from and persisted to SQLite: each document
 * is its compacted state plus the updates logged since. A local update is appended to
 * the log in the caller's transaction and goes to the outbox until the server
 * acknowledges it; updates from elsewhere wait in memory until the transaction that
 * projects them logs them ({@link DocStore.logReceived}).
 */
export class DocStore {
  private readonly docs = new Map<string, Y.Doc>();
  /** Documents that logged updates since the last compaction check (only their logs can have grown). */
  private readonly grown = new Set<string>();
  /**
   * Updates from elsewhere applied in memory and not logged yet, per document, oldest first. They are
   * logged by {@link logReceived} in the transaction that projects them; should the process stop before,
   * the server still holds them and sends them again (the stored state vector does not include them).
   */
  private readonly received = new Map<string, Uint8Array[]>();
  /** Called with each update that did not come from this device (so the engine can project it). */
  onRemote: (name: string, doc: Y.Doc) => void = () => {};
  /** Called before updates that did not come from this device are logged. */
  onRecordRemote: () => void = () => {};
  /** Called once per document after its stored state is loaded (observers go on here). */
  onLoad: (name: string, doc: Y.Doc) => void = () => {};

  constructor(private readonly storeOf: () => Store) {}

  private get store(): Store {
    return this.storeOf();
  }

  /** The document `name`, loaded on first use. */
  get(name: string): Y.Doc {
    let doc = this.docs.get(name);
    if (doc) return doc;
    doc = new Y.Doc();
    const row = this.store.stmt<{ state: Buffer }>('SELECT state FROM sync_docs WHERE name = ?').get(name);
    const log = this.store.stmt<{ data: Buffer }>('SELECT data FROM sync_log WHERE doc = ? ORDER BY id').all(name);
    const updates = [...(row ? [row.state] : []), ...log.map((l) => l.data)].map((b) => new Uint8Array(b));
    if (updates.length) Y.applyUpdate(doc, Y.mergeUpdates(updates), LOAD_ORIGIN);
    const loaded = doc;
    this.onLoad(name, doc);
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === LOAD_ORIGIN) return;
      if (origin === LOCAL_ORIGIN) return this.record(name, update, true);
      const list = this.received.get(name);
      if (list) list.push(update);
      else this.received.set(name, [update]);
      this.onRemote(name, loaded);
    });
    this.docs.set(name, doc);
    return doc;
  }

  /** True when the document exists in memory or in the database. */
  has(name: string): boolean {
    return (
      this.docs.has(name) ||
      this.store.stmt('SELECT 1 FROM sync_docs WHERE name = ? UNION ALL SELECT 1 FROM sync_log WHERE doc = ? LIMIT 1').get(name, name) !== undefined
    );
  }

  /** Names of every stored document. */
  names(): string[] {
    const rows = this.store.stmt<{ name: string }>('SELECT name FROM sync_docs UNION SELECT DISTINCT doc FROM sync_log').all();
    return [...new Set([...rows.map((r) => r.name), ...this.docs.keys()])];
  }

  /** The documents loaded so far. */
  loaded(): Map<string, Y.Doc> {
    return this.docs;
  }

  /** Names of the documents with updates from elsewhere not logged yet. */
  unloggedDocs(): string[] {
    return [...this.received.keys()];
  }

  /** Logs the updates from elsewhere received since the last call, one row per document (in the caller's transaction). */
  logReceived(): void {
    if (!this.received.size) return;
    // Marked before they are logged: updates logged and not yet projected are then found again after a crash.
    this.onRecordRemote();
    for (const [name, list] of this.received) this.record(name, list.length === 1 ? list[0]! : Y.mergeUpdates(list), false);
    this.received.clear();
  }

  private record(name: string, update: Uint8Array, local: boolean): void {
    this.store.stmt('INSERT INTO sync_log (doc, data) VALUES (?, ?)').run(name, update);
    this.grown.add(name);
    if (local) this.store.stmt('INSERT INTO sync_outbox (doc, bytes) VALUES (?, ?)').run(name, update.length);
  }

  /** Writes each document with a long log as one compacted state (in the caller's transaction). */
  compact(force = false): number {
    this.logReceived();
    // Counting only the documents that grew keeps this check off a write's path: no scan of the whole log.
    const count = this.store.stmt<{ n: number }>('SELECT count(*) AS n FROM sync_log WHERE doc = ?');
    const rows = force
      ? this.store.stmt<{ doc: string }>('SELECT DISTINCT doc FROM sync_log').all()
      : [...this.grown].filter((doc) => count.get(doc)!.n >= COMPACT_AFTER).map((doc) => ({ doc }));
    this.grown.clear();
    for (const { doc: name } of rows) {
      const state = Y.encodeStateAsUpdate(this.get(name));
      this.store.stmt('INSERT INTO sync_docs (name, state) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET state = excluded.state').run(name, state);
      this.store.stmt('DELETE FROM sync_log WHERE doc = ?').run(name);
    }
    return rows.length;
  }

  /** Local updates of `name` (or of all documents) the server has acknowledged: they leave the outbox. */
  acknowledge(name?: string): void {
    if (name === undefined) this.store.stmt('DELETE FROM sync_outbox').run();
    else this.store.stmt('DELETE FROM sync_outbox WHERE doc = ?').run(name);
  }

  /** How many local updates wait for the server. */
  pending(): number {
    return this.store.stmt<{ n: number }>('SELECT count(*) AS n FROM sync_outbox').get()!.n;
  }

  /** Forgets the documents in memory (after a failed transaction: they are reloaded from the database). */
  unload(): void {
    for (const doc of this.docs.values()) doc.destroy();
    this.docs.clear();
    this.grown.clear();
    this.received.clear();
  }
}
