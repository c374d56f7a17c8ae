import { nameMyRows } from '../core/authorship';
import type { Library } from '../core/library';
import { checkServerUrl, whoAmI } from './client';
import { SyncEngine } from './engine';

const SYNC_TABLES = ['sync_docs', 'sync_log', 'sync_outbox', 'sync_shadow', 'sync_removed', 'sync_blobs_out', 'tag_merges'];

/** What `connect` learned about the token from the server. */
export interface Connection {
  server: string;
  library: string;
  role: string;
}

/**
 * Connects a library to a sync server: the server confirms the token, then the address,
 * token and library are stored and the next reconciliation pushes the whole library
 * into its documents. A library connected before to another server starts afresh.
 */
export async function connectLibrary(library: Library, url: string, token: string, deviceName = ''): Promise<Connection> {
  const server = checkServerUrl(url).toString().replace(/\/$/, '');
  const who = await whoAmI(server, token);
  const engine = new SyncEngine(library);
  library.store.tx(() => {
    const previous = engine.config('server');
    const previousLibrary = engine.config('library');
    if (previous !== server || previousLibrary !== who.library) forgetSync(library);
    engine.setConfig('server', server);
    engine.setConfig('token', token);
    engine.setConfig('library', who.library);
    engine.setConfig('role', who.role);
    engine.setConfig('name', deviceName || who.name);
    setPersonName(library, deviceName || who.name);
  });
  return { server, library: who.library, role: who.role };
}

/**
 * Records the display name this library's quotes, comments, tag links and edits are made
 * under (settings.person_name) and gives it to what this person made before a name was
 * known, so it travels with it. Other people's rows, and those already named, are left as they are.
 */
export function setPersonName(library: Library, name: string): void {
  if (!name) return;
  library.setSetting('person_name', name);
  const me = library.setting('person_id') ?? '';
  nameMyRows(library.store, me, name);
}

/** Disconnects a library: forgets the server, the token and every sync table; the library itself stays as it is. */
export function forgetSync(library: Library): void {
  library.store.tx(() => {
    for (const t of SYNC_TABLES) library.store.stmt(`DELETE FROM ${t}`).run();
    library.store.stmt('DELETE FROM sync_config').run();
  });
}

/**
 * The Service's write hook for a library that syncs: records each write's Yjs update in
 * the write's own transaction. Should sync itself fail, the write still lands (its
 * change stays in the change log and is reconciled on the next pass) and the failure is logged.
 */
export function syncWriteHook(engine: SyncEngine, log: (e: unknown) => void = console.error): () => void {
  return () => {
    if (!engine.isConfigured()) return;
    try {
      engine.reconcile();
    } catch (e) {
      engine.unload();
      log(e);
    }
  };
}
