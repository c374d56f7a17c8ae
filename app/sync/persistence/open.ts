import { PostgresStore } from './postgres';
import { SqliteStore } from './sqlite';
import type { SyncStore } from './store';

/** Where a server's store is: a data folder (SQLite) or a PostgreSQL address. */
export interface StoreLocation {
  dataDir?: string;
  postgres?: string;
}

/** Opens the store at `where`: PostgreSQL when an address is given, else the SQLite file in the data folder. */
export async function openStore(where: StoreLocation): Promise<SyncStore> {
  if (where.postgres) return PostgresStore.open(where.postgres);
  if (where.dataDir) return new SqliteStore(where.dataDir);
  throw new Error('A sync server needs --data DIR or --postgres URL.');
}
