import { isIP } from 'node:net';
import { HocuspocusProvider, HocuspocusProviderWebsocket } from '@hocuspocus/provider';
import * as Y from 'yjs';
import WebSocket from 'ws';
import { ApostilError } from '../core/errors';
import { articleDocName, LIBRARY_DOC, noteDocName } from './docs';
import type { SyncEngine } from './engine';

/** Where sync stands, as `sync status` and the `sync:status` channel report it. */
export interface SyncStatus {
  server: string | null;
  library: string | null;
  role: string | null;
  state: 'synced' | 'offline' | 'pending' | 'error' | 'disconnected' | 'connecting';
  /** Local changes the server has not acknowledged yet. */
  pending: number;
  lastSyncedAt: string | null;
  /** Why the state is `error`, in a sentence. */
  error?: string;
  /** The library's members as the server lists them, for an owner (read now and then while connected; absent until first read). */
  members?: SyncMember[];
}

/** A member of a shared library, as `GET /members` lists it. */
export interface SyncMember {
  name: string;
  role: string;
  createdAt: string;
}

/** How long an owner's members list is kept before the server is asked again. */
const MEMBERS_TTL_MS = 30_000;

/** True for a host name or address that stays on this machine. */
export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1';
}

/** Refuses a server address that would send the token in the clear to another machine. */
export function checkServerUrl(url: string): URL {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new ApostilError('invalid_request', `"${url}" is not a server address; it looks like ws://127.0.0.1:8787 or wss://sync.example.org.`);
  }
  if (u.protocol !== 'ws:' && u.protocol !== 'wss:')
    throw new ApostilError('invalid_request', `A sync server address starts with ws:// or wss:// (got ${u.protocol}).`);
  if (u.protocol === 'ws:' && !isLoopbackHost(u.hostname)) {
    throw new ApostilError(
      'invalid_request',
      `Refusing to send the token over plain ws:// to ${u.hostname}: anyone on the way could read it. Use wss:// (a TLS reverse proxy in front of the server), or ws:// on this machine only.`,
    );
  }
  return u;
}

/** The HTTP(S) base of a sync server's ws(s):// address. */
function httpBase(url: string): string {
  const u = new URL(url);
  u.protocol = u.protocol === 'wss:' ? 'https:' : 'http:';
  return u.origin;
}

/** Asks a server who a token belongs to (and whether it is valid at all). */
export async function whoAmI(url: string, token: string, timeoutMs = 10_000): Promise<{ library: string; role: string; name: string }> {
  checkServerUrl(url);
  let res: Response;
  try {
    res = await fetch(`${httpBase(url)}/whoami`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (e) {
    throw new ApostilError('busy', `Cannot reach the sync server at ${url} (${(e as Error).message}).`);
  }
  if (res.status === 401) throw new ApostilError('unauthorized', 'The server does not know this token; ask for a new invite.');
  if (!res.ok) throw new ApostilError('busy', `The sync server answered ${res.status}.`);
  const body = (await res.json()) as { library?: unknown; role?: unknown; name?: unknown };
  if (typeof body.library !== 'string' || typeof body.role !== 'string')
    throw new ApostilError('busy', 'The sync server gave an answer Apostil does not understand.');
  return { library: body.library, role: body.role, name: typeof body.name === 'string' ? body.name : '' };
}

/**
 * The WebSocket the provider uses. The provider removes its listeners before closing a
 * socket that is still connecting, and ws then reports the aborted handshake as an
 * `error` event nobody listens to, which would end the process: this one always listens.
 */
class SyncWebSocket extends WebSocket {
  constructor(...args: ConstructorParameters<typeof WebSocket>) {
    super(...args);
    this.on('error', () => {});
  }
}

/** Options of a client connection. */
export interface SyncClientOptions {
  /** Milliseconds between reconnection attempts at most (default 5000). */
  maxDelayMs?: number;
}

/**
 * The connection of one library to its server: one WebSocket carrying a provider per
 * document (the library, each article, each note), reconciliation whenever documents
 * change, and article texts fetched and uploaded over HTTP. Runs in a Node process (the
 * CLI, the web host, Electron's main process), never in the renderer.
 */
export class SyncClient {
  private socket: HocuspocusProviderWebsocket | undefined;
  private readonly providers = new Map<string, HocuspocusProvider>();
  private timer: NodeJS.Timeout | undefined;
  private poll: NodeJS.Timeout | undefined;
  private blobBusy = false;
  private lastError: string | undefined;
  private connected = false;
  private stopped = false;
  /** Updates received from the server and local updates sent, since start. */
  readonly counts = { sent: 0, received: 0 };
  private lastSyncedAt: string | null;
  private members: { list: SyncMember[] | undefined; at: number; busy: boolean } = { list: undefined, at: 0, busy: false };

  constructor(
    private readonly engine: SyncEngine,
    private readonly options: SyncClientOptions = {},
  ) {
    this.lastSyncedAt = engine.config('lastSyncedAt') ?? null;
  }

  private get url(): string {
    return this.engine.config('server')!;
  }
  private get token(): string {
    return this.engine.config('token')!;
  }
  private get library(): string {
    return this.engine.config('library')!;
  }

  /** Opens the connection and every document's provider. */
  start(): void {
    if (this.socket) return;
    checkServerUrl(this.url);
    this.stopped = false;
    this.engine.docs.onRemote = () => {
      this.counts.received++;
      this.schedule();
    };
    this.engine.onReconciled = () => this.ensureProviders();
    this.socket = new HocuspocusProviderWebsocket({
      url: this.url,
      WebSocketPolyfill: SyncWebSocket,
      delay: 200,
      maxDelay: this.options.maxDelayMs ?? 5000,
      minDelay: 100,
      factor: 2,
      maxAttempts: 0,
      messageReconnectTimeout: 30_000,
      onConnect: () => {
        this.connected = true;
        this.lastError = undefined;
      },
      onDisconnect: () => {
        this.connected = false;
      },
    });
    // Writes from other processes (the CLI, the import worker) reach the change log only: look for them now and then.
    this.poll = setInterval(() => {
      if (this.engine.unreconciled() > 0 || this.engine.dirtyDocs().length) this.schedule();
    }, 500);
    this.poll.unref();
    // Local changes made while this process was not connected are pushed first.
    this.reconcileNow();
    this.ensureProviders();
    this.schedule();
  }

  private open(name: string, awareness: boolean): void {
    if (this.providers.has(name) || !this.socket) return;
    const doc = this.engine.docs.get(name);
    const provider = new HocuspocusProvider({
      name: `${this.library}/${name}`,
      document: doc,
      websocketProvider: this.socket,
      token: this.token,
      ...(awareness ? {} : { awareness: null }),
      onAuthenticationFailed: ({ reason }) => {
        this.lastError = `The server refused this device's token (${reason}); connect again with a new invite.`;
      },
      onUnsyncedChanges: ({ number }) => {
        if (number === 0) this.acknowledge(name);
      },
      onSynced: () => this.schedule(),
    });
    const before = this.engine.docs.pending();
    void before;
    this.providers.set(name, provider);
    provider.attach();
  }

  private acknowledge(name: string): void {
    try {
      const n = this.engine.library.store.stmt<{ n: number }>('SELECT count(*) AS n FROM sync_outbox WHERE doc = ?').get(name)!.n;
      if (n) {
        this.engine.library.store.tx(() => this.engine.docs.acknowledge(name));
        this.counts.sent += n;
      }
      if (this.engine.docs.pending() === 0) this.markSynced();
    } catch (e) {
      this.lastError = (e as Error).message;
    }
  }

  private markSynced(): void {
    this.lastSyncedAt = new Date().toISOString();
    try {
      this.engine.setConfig('lastSyncedAt', this.lastSyncedAt);
    } catch {
      // The time is shown, not needed.
    }
  }

  /** Opens providers for documents that exist (listed by the library document) and have none yet. */
  ensureProviders(): void {
    if (!this.socket) return;
    this.open(LIBRARY_DOC, true);
    const lib = this.engine.docs.get(LIBRARY_DOC);
    for (const [origin, m] of lib.getMap<unknown>('articles').entries()) {
      if (m instanceof Y.Map && m.get('gone') !== true) this.open(articleDocName(origin), false);
    }
    for (const [uuid, m] of lib.getMap<unknown>('notes').entries()) {
      if (m instanceof Y.Map && m.get('gone') !== true) this.open(noteDocName(uuid), false);
    }
  }

  private schedule(): void {
    if (this.timer || this.stopped) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.reconcileNow();
      this.ensureProviders();
      void this.moveBlobs();
    }, 5);
  }

  private reconcileNow(): void {
    try {
      this.engine.reconcile();
    } catch (e) {
      // The documents in memory may hold what the failed transaction did not: reload them.
      this.lastError = `Sync could not write to the library: ${(e as Error).message}`;
      this.restartDocs();
    }
  }

  private restartDocs(): void {
    for (const p of this.providers.values()) p.destroy();
    this.providers.clear();
    this.engine.unload();
  }

  private async moveBlobs(): Promise<void> {
    if (this.blobBusy || this.stopped) return;
    this.blobBusy = true;
    const base = httpBase(this.url);
    const headers = { authorization: `Bearer ${this.token}` };
    try {
      for (let round = 0; round < 100; round++) {
        const ups = this.engine.uploads(8);
        if (!ups.length) break;
        await Promise.all(
          ups.map(async (u) => {
            const res = await fetch(`${base}/blobs/${u.hash}`, {
              method: 'PUT',
              headers: { ...headers, 'content-type': 'text/plain; charset=utf-8' },
              body: u.text,
              signal: AbortSignal.timeout(60_000),
            });
            if (res.ok || res.status === 403) this.engine.uploaded(u.hash);
          }),
        );
      }
      const wanted = this.engine.missingBlobs();
      let got = 0;
      for (let i = 0; i < wanted.length; i += 8) {
        await Promise.all(
          wanted.slice(i, i + 8).map(async (h) => {
            const res = await fetch(`${base}/blobs/${h}`, { headers, signal: AbortSignal.timeout(60_000) });
            if (!res.ok) return;
            const body = (await res.json()) as { text?: unknown };
            if (typeof body.text === 'string' && this.engine.addBlob(h, body.text)) got++;
          }),
        );
      }
      if (got) this.schedule();
    } catch (e) {
      this.lastError = `Article texts could not be exchanged: ${(e as Error).message}`;
    } finally {
      this.blobBusy = false;
    }
  }

  /** Where sync stands now. */
  status(): SyncStatus {
    const pending = this.engine.docs.pending() + this.engine.unreconciled();
    const base = {
      server: this.engine.config('server') ?? null,
      library: this.engine.config('library') ?? null,
      role: this.engine.config('role') ?? null,
      pending,
      lastSyncedAt: this.lastSyncedAt,
    };
    if (base.role === 'owner') {
      this.readMembers();
      if (this.members.list) Object.assign(base, { members: this.members.list });
    }
    if (this.lastError) return { ...base, state: 'error', error: this.lastError };
    if (!this.connected) return { ...base, state: 'offline' };
    const unsynced = [...this.providers.values()].some((p) => !p.synced || p.hasUnsyncedChanges);
    return { ...base, state: pending || unsynced || this.engine.missingBlobs().length ? 'pending' : 'synced' };
  }

  /** Asks the server for the members list in the background when the one kept is older than {@link MEMBERS_TTL_MS}. */
  private readMembers(): void {
    if (!this.connected || this.members.busy || Date.now() - this.members.at < MEMBERS_TTL_MS) return;
    this.members.busy = true;
    void fetch(`${httpBase(this.url)}/members`, { headers: { authorization: `Bearer ${this.token}` }, signal: AbortSignal.timeout(10_000) })
      .then(async (res) => {
        if (!res.ok) return;
        const body = (await res.json()) as { members?: unknown };
        if (!Array.isArray(body.members)) return;
        this.members.list = body.members
          .filter((m): m is SyncMember => typeof m === 'object' && m !== null && typeof (m as SyncMember).role === 'string')
          .map((m) => ({ name: typeof m.name === 'string' ? m.name : '', role: m.role, createdAt: typeof m.createdAt === 'string' ? m.createdAt : '' }));
      })
      .catch(() => undefined) // The list is shown when it can be read; the next status asks again.
      .finally(() => {
        this.members.at = Date.now();
        this.members.busy = false;
      });
  }

  /** True when every document is synced both ways and every article text has arrived and been sent. */
  private settled(): boolean {
    if (!this.connected || this.timer || this.blobBusy) return false;
    if (this.engine.dirtyDocs().length || this.engine.missingBlobs().length || this.engine.uploads(1).length) return false;
    if (this.engine.docs.pending() || this.engine.unreconciled()) return false;
    this.ensureProviders();
    return [...this.providers.values()].every((p) => p.isSynced && !p.hasUnsyncedChanges);
  }

  /** Resolves when everything is sent and received (or rejects after `timeoutMs`). */
  async waitSettled(timeoutMs = 60_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    let quiet = 0;
    while (Date.now() < until) {
      if (this.lastError && /refused this device's token/.test(this.lastError)) throw new ApostilError('unauthorized', this.lastError);
      if (this.settled()) {
        if (++quiet >= 3) {
          this.markSynced();
          return;
        }
      } else {
        quiet = 0;
        if (this.engine.dirtyDocs().length || this.engine.missingBlobs().length || this.engine.uploads(1).length) this.schedule();
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new ApostilError(
      'busy',
      this.connected
        ? 'Sync did not finish in time; what was exchanged is kept. Run it again.'
        : `Cannot reach the sync server at ${this.url}; changes stay here and are sent on the next sync.`,
    );
  }

  /** Closes every provider and the connection; the documents stay in the database. */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.poll) clearInterval(this.poll);
    this.timer = undefined;
    this.poll = undefined;
    for (const p of this.providers.values()) p.destroy();
    this.providers.clear();
    this.socket?.destroy();
    this.socket = undefined;
    this.connected = false;
    this.engine.docs.onRemote = () => {};
    this.engine.onReconciled = () => {};
    for (let i = 0; i < 100 && this.blobBusy; i++) await new Promise((r) => setTimeout(r, 20));
  }
}
