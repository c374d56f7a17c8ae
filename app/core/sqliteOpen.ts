import './sqliteUri';
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';

/** Re-exported so that better-sqlite3 is only ever loaded after {@link ./sqliteUri}. */
export { Database };

/** A `file:` URI for `file` that opens it read-only; `immutable` also skips locking and side files. */
export function readOnlyUri(file: string, immutable: boolean): string {
  const path = encodeURI(resolve(file).replace(/\\/g, '/')).replace(/[?#]/g, encodeURIComponent);
  return `file:${path.startsWith('/') ? '' : '/'}${path}?mode=ro${immutable ? '&immutable=1' : ''}`;
}

/**
 * Opens an existing database for reading without leaving anything next to it: immutable
 * (no `-wal`/`-shm` created) unless a non-empty `-wal` file shows it may hold committed
 * changes that only a normal read-only connection sees.
 */
export function openForReading(file: string): Database.Database {
  const wal = `${file}-wal`;
  const walInUse = existsSync(wal) && statSync(wal).size > 0;
  return new Database(readOnlyUri(file, !walInUse), { readonly: true, fileMustExist: true });
}

/** True when `path` may be written by this process (false on read-only mounts and unwritable files). */
export function writable(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** True when an existing database file cannot be written in place: the file or its folder (for the WAL) is read-only. */
export function onReadOnlyLocation(file: string): boolean {
  return file !== ':memory:' && existsSync(file) && (!writable(file) || !writable(dirname(file)));
}
