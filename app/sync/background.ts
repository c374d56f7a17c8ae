import type { Service } from '../api/service';
import { SyncClient } from './client';
import { SyncEngine } from './engine';
import { syncWriteHook } from './setup';

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
  service.writeHook = syncWriteHook(engine, log);
  const client = new SyncClient(engine);
  service.syncStatus = () => client.status();
  try {
    client.start();
  } catch (e) {
    log(e);
  }
  return {
    client,
    async stop() {
      service.writeHook = undefined;
      service.syncStatus = undefined;
      await client.stop();
    },
  };
}
