import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Database as Persistence } from '@hocuspocus/extension-database';
import { Redis as RedisExtension } from '@hocuspocus/extension-redis';
import { Server, type Extension, type onAuthenticatePayload, type onChangePayload, type onRequestPayload } from '@hocuspocus/server';
import type Database from 'better-sqlite3';
import IORedis from 'ioredis';
import * as Y from 'yjs';
import { isDocName } from './docs';
import { openStore } from './persistence/open';
import { openServerDb, SqliteStore } from './persistence/sqlite';
import { checkGrant, isLibraryName, isTokenId, sha256, SYNC_ROLES, type Member, type SyncRole, type SyncStore, type TokenGrant } from './persistence/store';

export { isLibraryName, openServerDb, SYNC_ROLES, type Member, type SyncRole, type TokenGrant };

/** The largest message the server reads: bigger updates are refused and the connection closed. */
export const MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
/** The largest article text the blob endpoint stores (bytes of UTF-8). */
export const MAX_BLOB_BYTES = 40 * 1024 * 1024;

/** Where a sync server keeps its data, and how it listens. */
export interface SyncServerOptions {
  /** The folder of the embedded SQLite store (unless `postgres` is given). */
  dataDir?: string;
  /** A PostgreSQL address (postgres://user:password@host:port/db) to keep everything in instead. */
  postgres?: string;
  /** A Redis address (redis://host:port) through which several server processes serve the same libraries. */
  redis?: string;
  host?: string;
  port?: number;
  /** Milliseconds a document waits after a change before it is written (default 250). */
  debounceMs?: number;
  /** Milliseconds between checks for revoked tokens and changed roles (default 300). */
  memberCheckMs?: number;
}

/** A running sync server. */
export interface RunningSyncServer {
  url: string;
  port: number;
  /** Documents open in this process. */
  openDocuments(): number;
  close(): Promise<void>;
}

/** Creates a token for `library` with `role` in the SQLite store of `dataDir`; returns the token (shown once), its id and the server's last known URL. */
export function createInvite(dataDir: string, grant: TokenGrant): { url: string; token: string; tokenId: string } {
  checkGrant(grant);
  const store = new SqliteStore(dataDir);
  try {
    const created = store.createTokenNow(grant);
    const url = (store.db.prepare("SELECT value FROM meta WHERE key = 'url'").get() as { value: string } | undefined)?.value ?? 'ws://127.0.0.1:8787';
    return { url, ...created };
  } finally {
    store.db.close();
  }
}

/** Creates a token in any store; returns the token (shown once), its id and the server's last known URL. */
export async function invite(store: SyncStore, grant: TokenGrant): Promise<{ url: string; token: string; tokenId: string }> {
  checkGrant(grant);
  const created = await store.createToken(grant);
  return { url: (await store.getMeta('url')) ?? 'ws://127.0.0.1:8787', ...created };
}

/** The grant of a token in an SQLite server database, or undefined for an unknown one. Compared by hash, in constant time. */
export function lookupToken(db: Database.Database, token: string): TokenGrant | undefined {
  if (typeof token !== 'string' || token.length < 8 || token.length > 200) return undefined;
  const h = sha256(token);
  const row = db.prepare('SELECT hash, library, role, name FROM tokens WHERE hash = ?').get(h) as (TokenGrant & { hash: string }) | undefined;
  if (!row || !timingSafeEqual(Buffer.from(row.hash), Buffer.from(h))) return undefined;
  return { library: row.library, role: row.role, name: row.name };
}

/** The member a token belongs to, or undefined for an unknown or malformed one. */
async function memberOf(store: SyncStore, token: string): Promise<Member | undefined> {
  if (typeof token !== 'string' || token.length < 8 || token.length > 200) return undefined;
  return store.tokenByHash(sha256(token));
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

/** What the server keeps about an authenticated connection. */
interface ConnectionContext {
  library: string;
  role: SyncRole;
  name: string;
  tokenId: string;
}

/** The transaction origin extension-redis gives updates relayed from another process. */
const REDIS_ORIGIN = '__hocuspocus__redis__origin__';

/**
 * extension-redis with two changes that keep every edit in the store. Its store lock is
 * dropped: a process that missed the lock skipped its store for good, so its clients'
 * last edits could be lost; our stores merge instead of overwrite, so concurrent ones are
 * safe. And an edit relayed from another process is stored here too (the extension
 * stores only edits of its own clients): if that process is killed before its debounced
 * store, this one still writes the edit.
 */
class MergingRedis extends RedisExtension {
  override async onStoreDocument(): Promise<void> {}

  override async onChange(data: onChangePayload): Promise<void> {
    await super.onChange(data);
    if (data.transactionOrigin === REDIS_ORIGIN) void Promise.resolve(data.instance.storeDocumentHooks(data.document, data)).catch(() => undefined);
  }
}

/** A Redis address as ioredis options, with client info off (ioredis' CLIENT SETINFO breaks extension-redis 3.x otherwise). */
function redisClient(url: string): () => IORedis {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new Error(`"${url}" is not a Redis address; it looks like redis://127.0.0.1:6379.`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') throw new Error(`A Redis address starts with redis:// or rediss:// (got ${u.protocol}).`);
  let warned = 0;
  return () => {
    const client = new IORedis(url, {
      disableClientInfo: true,
      // Keep trying while Redis restarts; commands wait in the queue meanwhile.
      maxRetriesPerRequest: null,
      retryStrategy: (times) => Math.min(times * 100, 2000),
    });
    client.on('error', (e: Error) => {
      if (Date.now() - warned < 60_000) return;
      warned = Date.now();
      console.error(`apostil sync-server: Redis at ${u.host} is not answering (${e.message}); edits reach other server processes again once it is back.`);
    });
    return client;
  };
}

/** Fails, in a sentence, unless Redis at `url` answers within 5 s. */
async function checkRedis(url: string): Promise<void> {
  const client = new IORedis(url, { disableClientInfo: true, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 5000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (e) {
    throw new Error(`Cannot reach Redis at ${new URL(url).host}: ${(e as Error).message}`);
  } finally {
    client.disconnect();
  }
}

/**
 * Starts a Hocuspocus server that keeps every library's documents in a store (an SQLite
 * file in `dataDir`, or PostgreSQL). Every connection must present a token: it is checked
 * (by hash) before any document opens, it must belong to the document's library, and a
 * viewer's updates are refused. A revoked token's open connections are closed within
 * `memberCheckMs`. Article texts travel over `GET`/`PUT /blobs/<sha-256>` on the same port,
 * with the same token as a bearer; owners list and remove members over `/members`. With
 * `redis`, several processes serve the same libraries and relay each other's edits.
 */
export async function startSyncServer(options: SyncServerOptions): Promise<RunningSyncServer> {
  const makeRedis = options.redis ? redisClient(options.redis) : undefined;
  if (options.redis) await checkRedis(options.redis);
  const store = await openStore(options);
  const throttle = new Throttle();
  const host = options.host ?? '127.0.0.1';

  const authenticate = async (token: string, address: string): Promise<Member> => {
    const wait = throttle.delay(address);
    if (wait) await sleep(wait);
    const member = await memberOf(store, token);
    if (!member) {
      throttle.fail(address);
      throw new Error('unauthorized');
    }
    return member;
  };

  const extensions: Extension[] = [
    new Persistence({
      fetch: ({ documentName }) => store.fetchDocument(documentName),
      store: ({ documentName, state }) => store.storeDocument(documentName, state),
    }),
  ];
  if (makeRedis) extensions.unshift(new MergingRedis({ createClient: makeRedis, prefix: 'apostil', lockTimeout: 2000, disconnectDelay: 500 }));

  const server = new Server(
    {
      port: options.port ?? 0,
      address: host,
      quiet: true,
      stopOnSignals: false,
      debounce: options.debounceMs ?? 250,
      maxDebounce: 2000,
      extensions,
      async onAuthenticate(data: onAuthenticatePayload): Promise<ConnectionContext> {
        const address = data.request.socket.remoteAddress ?? '?';
        const member = await authenticate(data.token, address);
        const slash = data.documentName.indexOf('/');
        const library = data.documentName.slice(0, slash);
        if (slash < 0 || library !== member.library || !isDocName(data.documentName.slice(slash + 1))) {
          throttle.fail(address);
          throw new Error('forbidden');
        }
        if (member.role === 'viewer') data.connectionConfig.readOnly = true;
        return { library: member.library, role: member.role, name: member.name, tokenId: member.tokenId };
      },
      async onRequest({ request, response }: onRequestPayload) {
        const url = new URL(request.url ?? '/', 'http://localhost');
        const address = request.socket.remoteAddress ?? '?';
        const path = url.pathname;
        if (path !== '/whoami' && path !== '/members' && !path.startsWith('/members/') && !path.startsWith('/blobs/')) return;
        let member: Member;
        try {
          member = await authenticate(bearer(request), address);
        } catch {
          send(response, 401, { error: 'This token is not valid for this server.' });
          throw null;
        }
        if (path === '/whoami') {
          send(response, 200, { library: member.library, role: member.role, name: member.name, tokenId: member.tokenId });
          throw null;
        }
        if (path === '/members' || path.startsWith('/members/')) {
          await membersRequest(request, response, member, path.slice('/members/'.length));
          throw null;
        }
        const h = path.slice('/blobs/'.length);
        if (!/^[0-9a-f]{64}$/.test(h)) {
          send(response, 400, { error: 'A blob is named by its sha-256 in hex.' });
          throw null;
        }
        if (request.method === 'GET') {
          const text = await store.getBlob(member.library, h);
          if (text !== undefined) send(response, 200, { text });
          else send(response, 404, { error: 'No such blob.' });
        } else if (request.method === 'PUT') {
          if (member.role === 'viewer') {
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
            await store.putBlob(member.library, h, text);
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

  /** `GET /members` (any member: who is in the library) and `DELETE /members/<tokenId>` (owners only). */
  async function membersRequest(request: IncomingMessage, response: ServerResponse, member: Member, id: string): Promise<void> {
    if (request.method === 'GET' && !id) {
      const members = (await store.members(member.library)).map((m) => ({ tokenId: m.tokenId, name: m.name, role: m.role, createdAt: m.createdAt }));
      send(response, 200, { library: member.library, members });
      return;
    }
    if (request.method !== 'DELETE' || !isTokenId(id)) {
      send(response, 405, { error: 'GET /members, or DELETE /members/<token id>.' });
      return;
    }
    if (member.role !== 'owner') {
      send(response, 403, { error: 'Only an owner can remove members.' });
      return;
    }
    const target = (await store.members(member.library)).find((m) => m.tokenId === id);
    if (!target) {
      send(response, 404, { error: 'No member of this library has that token id.' });
      return;
    }
    await store.revoke(id);
    await enforce();
    send(response, 200, { revoked: { tokenId: target.tokenId, name: target.name, role: target.role } });
  }

  /** Closes every open connection whose token was revoked or whose role changed. */
  async function enforce(): Promise<void> {
    const seen = new Map<string, Member | undefined>();
    for (const document of server.hocuspocus.documents.values()) {
      for (const connection of document.getConnections()) {
        const context = connection.context as Partial<ConnectionContext> | undefined;
        const tokenId = context?.tokenId;
        if (!tokenId) continue;
        if (!seen.has(tokenId))
          seen.set(
            tokenId,
            (await store.members(context.library ?? '')).find((m) => m.tokenId === tokenId),
          );
        const now = seen.get(tokenId);
        if (now && now.role === context.role) continue;
        connection.close({ code: 4401, reason: now ? 'Role changed' : 'Token revoked' });
        connection.webSocket.close(4401, now ? 'Role changed' : 'Token revoked');
      }
    }
  }

  let version = await store.tokensVersion();
  let checking = false;
  const watcher = setInterval(() => {
    if (checking) return;
    checking = true;
    store
      .tokensVersion()
      .then(async (v) => {
        if (v === version) return;
        version = v;
        await enforce();
      })
      .catch(() => undefined)
      .finally(() => (checking = false));
  }, options.memberCheckMs ?? 300);
  watcher.unref();

  try {
    await server.listen();
  } catch (e) {
    clearInterval(watcher);
    await store.close();
    throw e;
  }
  const port = server.address.port;
  const url = `ws://${host.includes(':') ? `[${host}]` : host}:${port}`;
  await store.setMeta('url', url);
  return {
    url,
    port,
    openDocuments: () => server.hocuspocus.documents.size,
    async close() {
      clearInterval(watcher);
      await server.destroy();
      await store.close();
    },
  };
}

/** A stored document's state as the SQLite store in `dataDir` holds it (for tests and inspection). */
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
