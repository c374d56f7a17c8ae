import { join } from 'node:path';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import WebSocket from 'ws';
import * as Y from 'yjs';
import { postgresMissing, startPostgres, type LocalService } from '../../bench/services';
import { openStore } from '../../app/sync/persistence/open';
import type { SyncRole, SyncStore } from '../../app/sync/persistence/store';
import { invite, startSyncServer, type RunningSyncServer } from '../../app/sync/server';

/** Which store a team test runs on. */
export type Backend = 'sqlite' | 'postgres';

/** The backends to run on here, with the reason when PostgreSQL is left out. */
export function backends(): { name: Backend; skip?: string }[] {
  return [{ name: 'sqlite' }, { name: 'postgres', skip: postgresMissing() }];
}

/** A store (SQLite folder or a fresh PostgreSQL database) for one test file, and servers started on it. */
export class TeamBackend {
  private pg: LocalService | undefined;
  private dbCounter = 0;
  readonly servers: RunningSyncServer[] = [];
  where: { dataDir?: string; postgres?: string } = {};
  store: SyncStore | undefined;

  constructor(readonly backend: Backend) {}

  /** Starts PostgreSQL for this file (once). */
  async setUp(): Promise<void> {
    if (this.backend === 'postgres' && !this.pg) this.pg = await startPostgres();
  }

  /** A fresh, empty location (a new folder, or a new PostgreSQL database) and a store handle on it. */
  async fresh(dir: string): Promise<void> {
    await this.store?.close();
    if (this.backend === 'sqlite') this.where = { dataDir: join(dir, 'server') };
    else {
      const name = `t${process.pid}_${++this.dbCounter}`;
      const { default: pg } = await import('pg');
      const admin = new pg.Client({ connectionString: this.pg!.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      this.where = { postgres: this.pg!.url.replace(/\/postgres$/, `/${name}`) };
    }
    this.store = await openStore(this.where);
  }

  /** Starts a server process-internally on the current location. */
  async start(options: { port?: number; redis?: string } = {}): Promise<RunningSyncServer> {
    const server = await startSyncServer({ ...this.where, port: options.port ?? 0, redis: options.redis, debounceMs: 50, memberCheckMs: 100 });
    this.servers.push(server);
    return server;
  }

  /** A token for `library` with `role`. */
  async invite(role: SyncRole = 'editor', library = 'team', name: string = role): Promise<{ token: string; tokenId: string }> {
    return invite(this.store!, { library, role, name });
  }

  /** Stops every server started since the last call. */
  async stopServers(): Promise<void> {
    for (const s of this.servers.splice(0)) await s.close().catch(() => undefined);
  }

  /** Stops servers, the store handle and PostgreSQL. */
  async tearDown(): Promise<void> {
    await this.stopServers();
    await this.store?.close();
    this.store = undefined;
    await this.pg?.stop();
    this.pg = undefined;
  }
}

/** A `ws` socket that always listens for errors (a killed server must not end the test process). */
class QuietWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

/** A bare Yjs client of one document (no Apostil library), for raw server behaviour. */
export class RawClient {
  readonly doc = new Y.Doc();
  readonly socket: HocuspocusProviderWebsocket;
  readonly provider: HocuspocusProvider;
  authFailed: string | undefined;
  closed = 0;

  constructor(url: string, name: string, token: string) {
    this.socket = new HocuspocusProviderWebsocket({ url, WebSocketPolyfill: QuietWebSocket, minDelay: 50, maxDelay: 300, maxAttempts: 0 });
    this.provider = new HocuspocusProvider({
      name,
      document: this.doc,
      websocketProvider: this.socket,
      token,
      onAuthenticationFailed: ({ reason }) => (this.authFailed = reason),
      onClose: () => this.closed++,
    });
    this.provider.attach();
  }

  /** Resolves once `test` holds, polling every 20 ms, or rejects after `timeoutMs`. */
  async until(test: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    return waitFor(test, timeoutMs, what);
  }

  destroy(): void {
    this.provider.destroy();
    this.socket.destroy();
    this.doc.destroy();
  }
}

/** Resolves once `test` holds, polling every 20 ms, or rejects after `timeoutMs`. */
export async function waitFor(test: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (test()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}
