import type { Service, SyncControl } from '../api/service';
import { ApostilError } from '../core/errors';
import { checkServerUrl, SyncClient, type SyncStatus } from './client';
import { SyncEngine } from './engine';
import { connectLibrary, forgetSync, syncWriteHook } from './setup';

/** A running background sync, as a long-lived shell holds it. */
export interface BackgroundSync {
  client: SyncClient;
  stop(): Promise<void>;
}

/**
 * For the web host and the desktop main process: when the library is connected to a
 * sync server, records every write's update in its transaction, keeps the connection
 * open in the background (reconnecting on its own) and answers `sync:status`. Returns
 * undefined for a library that does not sync. The renderer never holds the connection.
 */
export function startBackgroundSync(service: Service, log: (e: unknown) => void = console.error): BackgroundSync | undefined {
  const engine = new SyncEngine(service.library);
  if (!engine.isConfigured() || service.library.store.readOnly) return undefined;
  const hook = syncWriteHook(engine, log);
  service.writeHook = hook;
  const client = new SyncClient(engine);
  const status = () => client.status();
  service.syncStatus = status;
  try {
    client.start();
  } catch (e) {
    log(e);
  }
  return {
    client,
    async stop() {
      if (service.writeHook === hook) service.writeHook = undefined;
      if (service.syncStatus === status) service.syncStatus = undefined;
      await client.stop();
    },
  };
}

const DISCONNECTED: SyncStatus = { server: null, library: null, role: null, state: 'disconnected', pending: 0, lastSyncedAt: null };

/**
 * The sync connection a long-lived host process (the web host, Electron's main process)
 * owns for its library: started when the library is connected, and connected or
 * disconnected on request through `sync:connect` and `sync:disconnect`. Answers
 * `sync:status` in every state, with `connecting` while a token is being checked.
 */
export class SyncHost implements SyncControl {
  private running: BackgroundSync | undefined;
  private connecting: { server: string } | undefined;
  private failure: string | undefined;
  /** Settles when the connection asked for last has been made or refused (for tests and shutdown). */
  idle: Promise<void> = Promise.resolve();

  constructor(
    private readonly service: Service,
    private readonly log: (e: unknown) => void = console.error,
  ) {
    service.syncControl = this;
    service.syncStatus = () => this.status();
  }

  /** Starts the background connection when the library is connected to a server. */
  start(): void {
    this.running = startBackgroundSync(this.service, this.log);
    this.service.syncStatus = () => this.status();
  }

  /** Where sync stands. */
  status(): SyncStatus {
    if (this.connecting) return { ...DISCONNECTED, server: this.connecting.server, state: 'connecting' };
    if (this.running) return this.running.client.status();
    return this.failure ? { ...DISCONNECTED, state: 'error', error: this.failure } : DISCONNECTED;
  }

  /**
   * Connects the library to `url` with `token` in the background: the address is checked
   * at once (an error is thrown for a bad one), the token by the server (a refusal shows
   * in the status as an error with its reason).
   */
  connect(req: { url: string; token: string; name?: string }): void {
    if (this.service.library.store.readOnly) throw new ApostilError('read_only', 'This library is open read-only; it cannot sync.');
    if (this.connecting) throw new ApostilError('conflict', 'A connection is being made already; wait for it to finish.');
    const server = checkServerUrl(req.url.trim()).toString().replace(/\/$/, '');
    this.connecting = { server };
    this.failure = undefined;
    this.idle = (async () => {
      try {
        await this.running?.stop();
        this.running = undefined;
        await connectLibrary(this.service.library, server, req.token.trim(), req.name?.trim() ?? '');
        this.connecting = undefined;
        this.start();
      } catch (e) {
        this.connecting = undefined;
        this.failure = e instanceof ApostilError ? e.message : `Could not connect: ${(e as Error)?.message ?? String(e)}`;
        this.start();
      }
    })();
  }

  /** Closes the connection and forgets the server and token; the library stays as it is. */
  disconnect(): void {
    if (this.connecting) throw new ApostilError('conflict', 'A connection is being made; wait for it to finish before disconnecting.');
    const running = this.running;
    this.running = undefined;
    this.failure = undefined;
    this.service.writeHook = undefined;
    this.idle = (async () => {
      await running?.stop();
    })();
    forgetSync(this.service.library);
    this.service.syncStatus = () => this.status();
  }

  /** Closes the connection (the configuration stays): for a host that is shutting down. */
  async stop(): Promise<void> {
    await this.idle.catch(() => undefined);
    const running = this.running;
    this.running = undefined;
    await running?.stop();
  }
}
