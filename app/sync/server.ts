import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Database as Persistence } from '@hocuspocus/extension-database';
import { Server, type onAuthenticatePayload, type onRequestPayload } from '@hocuspocus/server';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import { isDocName } from './docs';

/** What a token lets its holder do with one library. */
export type SyncRole = 'owner' | 'editor' | 'viewer';

/** The roles an invite can give. */
export const SYNC_ROLES: readonly SyncRole[] = ['owner', 'editor', 'viewer'];

/** The largest message the server reads: bigger updates are refused and the connection closed. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** The largest article text the blob endpoint stores (bytes of UTF-8). */
export const MAX_BLOB_BYTES = 40 * 1024 * 1024;

/** Where a sync server keeps its data, and how it listens. */
export interface SyncServerOptions {
  dataDir: string;
  host?: string;
  port?: number;
  /** Milliseconds a document waits after a change before it is written (default 250). */
  debounceMs?: number;
}

/** A running sync server. */
export interface RunningSyncServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Who a token belongs to, as the server stores it (the token itself is never stored, only its sha-256). */
export interface TokenGrant {
  library: string;
  role: SyncRole;
  name: string;
}

const sha256 = (s: string | Uint8Array) => createHash('sha256').update(s).digest('hex');

const LIBRARY_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** True for a library name the server accepts (letters, digits, `.`, `_`, `-`, at most 64). */
export function isLibraryName(name: string): boolean {
  return LIBRARY_NAME.test(name);
}

/** Opens (creating) the server's database in `dataDir`. */
export function openServerDb(dataDir: string): Database.Database {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'apostil-sync.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.exec(`
    CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS tokens (hash TEXT PRIMARY KEY, library TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS blobs (library TEXT NOT NULL, hash TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (library, hash)) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
  `);
  return db;
}

/** Creates a token for `library` with `role`; returns the token (shown once) and the server's last known URL. */
export function createInvite(dataDir: string, grant: TokenGrant): { url: string; token: string } {
  if (!isLibraryName(grant.library)) throw new Error(`"${grant.library}" is not a library name: use letters, digits, ".", "_" or "-" (at most 64).`);
  if (!SYNC_ROLES.includes(grant.role)) throw new Error(`--role must be one of ${SYNC_ROLES.join(', ')}.`);
  const db = openServerDb(dataDir);
  try {
    const token = `ap1_${randomBytes(32).toString('base64url')}`;
    db.prepare('INSERT INTO tokens (hash, library, role, name, created_at) VALUES (?, ?, ?, ?, ?)').run(sha256(token), grant.library, grant.role, grant.name, new Date().toISOString());
    const url = (db.prepare("SELECT value FROM meta WHERE key = 'url'").get() as { value: string } | undefined)?.value ?? 'ws://127.0.0.1:8787';
    return { url, token };
  } finally {
    db.close();
  }
}

/** The grant of a token, or undefined for an unknown one. Compared by hash, in constant time. */
export function lookupToken(db: Database.Database, token: string): TokenGrant | undefined {
  if (typeof token !== 'string' || token.length < 8 || token.length > 200) return undefined;
  const h = sha256(token);
  const row = db.prepare('SELECT hash, library, role, name FROM tokens WHERE hash = ?').get(h) as (TokenGrant & { hash: string }) | undefined;
  if (!row || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(h))) return undefined;
  return { library: row.library, role: row.role, name: row.name };
}

/** Slows down repeated bad tokens from one address: 0 ms for the first, doubling to 5 s. */
class Throttle {
  private readonly failures = new Map<string, { n: number; at: number }>();
  delay(address: string): number {
    const f = this.failures.get(address);
    if (!f || Date.now() - f.at > 60_000) return 0;
    return Math.min(5000, 50 * 2 ** Math.min(f.n, 10));
  }
  fail(address: string): void {
    const f = this.failures.get(address);
    this.failures.set(address, { n: f && Date.now() - f.at <= 60_000 ? f.n + 1 : 1, at: Date.now() });
    if (this.failures.size > 10_000) this.failures.clear();
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function bearer(request: IncomingMessage): string {
  const h = request.headers.authorization ?? '';
  return h.startsWith('Bearer ') ? h.slice(7).trim() : '';
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  response.end(text);
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  let over = false;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > limit) over = true;
    else chunks.push(chunk as Buffer);
  }
  return over ? undefined : Buffer.concat(chunks);
}

/**
 * Starts a Hocuspocus server that keeps every library's documents in an SQLite file in
 * `dataDir`. Every connection must present a token: it is checked (by hash) before any
 * document opens, it must belong to the document's library, and a viewer's updates are
 * refused. Article texts travel over `GET`/`PUT /blobs/<sha-256>` on the same port, with
 * the same token as a bearer.
 */
export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const db = openServerDb(options.dataDir);
  const throttle = new Throttle();
  const host = options.host ?? '127.0.0.1';
  const fetchDoc = db.prepare('SELECT data FROM documents WHERE name = ?');
  const storeDoc = db.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data');

  const authenticate = async (token: string, address: string): Promise<TokenGrant> => {
    const wait = throttle.delay(address);
    if (wait) await sleep(wait);
    const grant = lookupToken(db, token);
    if (!grant) {
      throttle.fail(address);
      throw new Error('unauthorized');
    }
    return grant;
  };

  const server = new Server(
    {
      port: options.port ?? 0,
      address: host,
      quiet: true,
      stopOnSignals: false,
      debounce: options.debounceMs ?? 250,
      maxDebounce: 2000,
      extensions: [
        new Persistence({
          fetch: async ({ documentName }) => {
            const row = fetchDoc.get(documentName) as { data: Buffer } | undefined;
            return row ? new Uint8Array(row.data) : null;
          },
          store: async ({ documentName, state }) => {
            storeDoc.run(documentName, state);
          },
        }),
      ],
      async onAuthenticate(data: onAuthenticatePayload) {
        const address = data.request.socket.remoteAddress ?? '?';
        const grant = await authenticate(data.token, address);
        const slash = data.documentName.indexOf('/');
        const library = data.documentName.slice(0, slash);
        if (slash < 0 || library !== grant.library || !isDocName(data.documentName.slice(slash + 1))) {
          throttle.fail(address);
          throw new Error('forbidden');
        }
        if (grant.role === 'viewer') data.connectionConfig.readOnly = true;
        return { library: grant.library, role: grant.role, name: grant.name };
      },
      async onRequest({ request, response }: onRequestPayload) {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const address = request.socket.remoteAddress ?? '?';
        if (url.pathname !== '/whoami' && !url.pathname.startsWith('/blobs/')) return;
        let grant: TokenGrant;
        try {
          grant = await authenticate(bearer(request), address);
        } catch {
          send(response, 401, { error: 'This token is not valid for this server.' });
          throw null;
        }
        if (url.pathname === '/whoami') {
          send(response, 200, grant);
          throw null;
        }
        const h = url.pathname.slice('/blobs/'.length);
        if (!/^[0-9a-f]{64}$/.test(h)) {
          send(response, 400, { error: 'A blob is named by its sha-256 in hex.' });
          throw null;
        }
        if (request.method === 'GET') {
          const row = db.prepare('SELECT text FROM blobs WHERE library = ? AND hash = ?').get(grant.library, h) as { text: string } | undefined;
          if (row) send(response, 200, { text: row.text });
          else send(response, 404, { error: 'No such blob.' });
        } else if (request.method === 'PUT') {
          if (grant.role === 'viewer') {
            send(response, 403, { error: 'A viewer cannot upload.' });
            throw null;
          }
          const body = await readBody(request, MAX_BLOB_BYTES);
          if (!body) {
            send(response, 413, { error: 'The text is too large.' });
            throw null;
          }
          const text = body.toString('utf8');
          if (sha256(text) !== h) send(response, 422, { error: 'The text does not match its hash.' });
          else {
            db.prepare('INSERT OR IGNORE INTO blobs (library, hash, text) VALUES (?, ?, ?)').run(grant.library, h, text);
            send(response, 200, { stored: h });
          }
        } else {
          send(response, 405, { error: 'GET or PUT.' });
        }
        throw null;
      },
    },
    { maxPayload: MAX_MESSAGE_BYTES },
  );
  await server.listen();
  const port = server.address.port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  db.prepare("INSERT INTO meta (key, value) VALUES ('url', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(url);
  return {
    url,
    port,
    async close() {
      await server.destroy();
      db.close();
    },
  };
}

/** A stored document's state as the server holds it (for tests and inspection). */
export function storedDocument(dataDir: string, name: string): Y.Doc | undefined {
  const db = openServerDb(dataDir);
  try {
    const row = db.prepare('SELECT data FROM documents WHERE name = ?').get(name) as { data: Buffer } | undefined;
    if (!row) return undefined;
    const doc = new Y.Doc();
    Y.applyUpdate(doc, new Uint8Array(row.data));
    return doc;
  } finally {
    db.close();
  }
}
