import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ApostilError, fromStorageError } from './errors';
import { Database, openForReading } from './sqliteOpen';
import type { CheckReport, RestoredLibrary } from './model';

/** How many automatic backups are kept; older ones are removed. */
export const KEEP_BACKUPS = 10;
/** Age after which a long-running shell takes a scheduled backup. */
export const BACKUP_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** The folder next to a database where its automatic backups live. */
export function backupsDir(dbFile: string): string {
  return join(dirname(dbFile), 'backups');
}

const stamp = () =>
  new Date()
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** Writes a consistent copy of the open database to `dest` (which must not exist) with `VACUUM INTO`. */
export function writeBackup(db: Database.Database, dest: string): string {
  if (existsSync(dest)) throw new ApostilError('conflict', `${dest} already exists; choose a new file name for the backup.`);
  mkdirSync(dirname(dest), { recursive: true });
  const partial = `${dest}.partial`;
  rmSync(partial, { force: true });
  try {
    db.prepare('VACUUM INTO ?').run(partial);
    renameSync(partial, dest);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
  return dest;
}

/** Automatic backups of `dbFile`, newest first. */
export function listBackups(dbFile: string): { file: string; at: Date }[] {
  const dir = backupsDir(dbFile);
  if (!existsSync(dir)) return [];
  const prefix = `${basename(dbFile, '.db')}-`;
  return readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && n.endsWith('.db'))
    .map((n) => ({ file: join(dir, n), at: statSync(join(dir, n)).mtime }))
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.file.localeCompare(a.file));
}

/** Takes a rotating automatic backup labelled with `reason` and prunes all but the newest {@link KEEP_BACKUPS}. */
export function rotateBackup(db: Database.Database, dbFile: string, reason: string): string {
  const file = join(backupsDir(dbFile), `${basename(dbFile, '.db')}-${stamp()}-${reason}.db`);
  const made = writeBackup(db, existsSync(file) ? file.replace(/\.db$/, `-${process.pid}-${Date.now()}.db`) : file);
  for (const old of listBackups(dbFile).slice(KEEP_BACKUPS)) rmSync(old.file, { force: true });
  return made;
}

/** What a database file holds, as far as restoring it is concerned. */
export type DatabaseInfo = RestoredLibrary;

/** Opens `file` read-only (leaving no side files) and confirms it is an intact Apostil database this version can open. */
export function inspectDatabase(file: string, latestLevel: number): DatabaseInfo {
  if (!existsSync(file)) throw new ApostilError('not_found', `${file} does not exist.`);
  let db: Database.Database | undefined;
  try {
    db = openForReading(file);
    const tables = new Set(db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table'").pluck().all() as string[]);
    const level = db.pragma('user_version', { simple: true }) as number;
    if (level < 1 || !['articles', 'quotes', 'tags', 'notes'].every((t) => tables.has(t))) {
      throw new ApostilError('bad_file', `${file} is an SQLite file but not an Apostil database.`);
    }
    if (level > latestLevel) {
      throw new ApostilError('newer_database', `${file} was written by a newer Apostil (schema level ${level}); update Apostil to restore it.`);
    }
    const integrity = db.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new ApostilError('corrupt_database', `${file} is damaged (integrity check: ${String(integrity)}).`);
    return {
      level,
      articles: db.prepare('SELECT count(*) FROM articles').pluck().get() as number,
      quotes: db.prepare('SELECT count(*) FROM quotes').pluck().get() as number,
    };
  } catch (err) {
    if (err instanceof ApostilError) throw err;
    throw new ApostilError('bad_file', `${file} is not an Apostil database: ${(err as Error).message}.`);
  } finally {
    db?.close();
  }
}

/**
 * Replaces the database at `dbFile` with the backup `source` after checking it.
 * The current file (if any) is first copied into the backups folder (byte for byte when
 * it is too damaged to open), so a restore can itself be undone. The caller must have closed its connection to `dbFile`.
 */
export function restoreDatabase(source: string, dbFile: string, latestLevel: number): { info: DatabaseInfo; previous: string | null } {
  const info = inspectDatabase(source, latestLevel);
  let previous: string | null = null;
  if (existsSync(dbFile)) {
    previous = join(backupsDir(dbFile), `${basename(dbFile, '.db')}-${stamp()}-before-restore.db`);
    mkdirSync(dirname(previous), { recursive: true });
    try {
      const db = new Database(dbFile, { fileMustExist: true });
      try {
        writeBackup(db, previous);
      } finally {
        db.close();
      }
    } catch (err) {
      const known = fromStorageError(err);
      if (known instanceof ApostilError && known.code === 'disk_full') throw known;
      copyOrClean(dbFile, previous);
    }
  }
  mkdirSync(dirname(dbFile), { recursive: true });
  const incoming = `${dbFile}.restoring`;
  copyOrClean(source, incoming);
  for (const side of ['-wal', '-shm', '-journal']) rmSync(`${dbFile}${side}`, { force: true });
  renameSync(incoming, dbFile);
  return { info, previous };
}

/** Copies `from` to `to`, removing a half-written `to` when the copy fails (a full disk). */
function copyOrClean(from: string, to: string): void {
  try {
    copyFileSync(from, to);
  } catch (err) {
    rmSync(to, { force: true });
    throw err;
  }
}

export type { CheckReport };

/** Runs SQLite's integrity and foreign-key checks on an open database. */
export function checkDatabase(db: Database.Database): CheckReport {
  const integrity = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  const foreignKeys = (db.pragma('foreign_key_check') as { table: string; rowid: number; parent: string }[]).map((r) => ({
    table: r.table,
    rowid: r.rowid,
    parent: r.parent,
  }));
  return { ok: integrity.length === 1 && integrity[0] === 'ok' && foreignKeys.length === 0, integrity, foreignKeys };
}
