import { closeSync, existsSync, mkdirSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { Database, onReadOnlyLocation, openForReading } from './sqliteOpen';
import { listBackups, rotateBackup } from './backups';
import { ApostilError, fromStorageError } from './errors';
import { assertNotNewer, loadMigrations, migrate, schemaLevel } from './migrations';
import { registerSearchFunctions } from './search/index';

/** Where a store lives and where its schema comes from. */
export interface StoreOptions {
  /** Database file; created (with its folder) when missing. `:memory:` for tests. */
  file: string;
  /** Folder of `NNNN_slug.sql` migrations. */
  migrationsDir: string;
}

const SQLITE_HEADER = 'SQLite format 3\0';

/** What a person can do about an unreadable library file: restore the newest backup, or start afresh. */
function wayForward(file: string): string {
  const latest = listBackups(file)[0];
  return latest
    ? `The latest backup is ${latest.file} (${latest.at.toISOString()}); restore it with: apostil restore "${latest.file}".`
    : 'No backup of it exists. Move the file aside to start a new library, or choose another database with --db FILE.';
}

/** Fails with `corrupt_database` when an existing, non-empty file is not an SQLite database. */
function assertSqliteFile(file: string): void {
  if (file === ':memory:' || !existsSync(file) || statSync(file).size === 0) return;
  const fd = openSync(file, 'r');
  const head = Buffer.alloc(16);
  try {
    readSync(fd, head, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (head.toString('latin1') !== SQLITE_HEADER) {
    throw new ApostilError('corrupt_database', `${file} is not an Apostil database (it is not an SQLite file). It has not been changed. ${wayForward(file)}`);
  }
}

/** Reads the schema level without writing a byte or a side file, so a newer or damaged database can be refused untouched. */
function peekLevel(file: string): number {
  if (file === ':memory:' || !existsSync(file) || statSync(file).size === 0) return 0;
  let db: Database.Database | undefined;
  try {
    db = openForReading(file);
    db.prepare('SELECT count(*) FROM sqlite_schema').get();
    return schemaLevel(db);
  } catch (err) {
    const known = fromStorageError(err);
    if (known instanceof ApostilError && known.code !== 'corrupt_database') throw known;
    throw new ApostilError(
      'corrupt_database',
      `${file} cannot be read as a database (${(err as Error).message}). It has not been changed. ${wayForward(file)}`,
    );
  } finally {
    db?.close();
  }
}

/**
 * The open SQLite database with Apostil's settings (WAL, foreign keys, busy timeout)
 * and its schema brought up to date. Statements are prepared once and reused.
 */
export class Store {
  readonly db: Database.Database;
  readonly file: string;
  private readonly statements = new Map<string, Database.Statement>();

  private constructor(
    db: Database.Database,
    file: string,
    readonly migrationsDir: string,
    /** True when the library sits on a read-only location: it is read, and every write is refused with `read_only`. */
    readonly readOnly = false,
  ) {
    this.db = db;
    this.file = file;
  }

  /**
   * Opens or creates the database, refusing newer or non-SQLite files without touching
   * them. A library on a read-only location (a read-only mount or file) is opened for
   * reading only, without side files, as long as it needs no migration.
   */
  static open(options: StoreOptions): Store {
    const { file } = options;
    const migrations = loadMigrations(options.migrationsDir);
    assertSqliteFile(file);
    const level = peekLevel(file);
    assertNotNewer(level, migrations.length, file);
    if (onReadOnlyLocation(file)) return Store.openReadOnly(file, options.migrationsDir, level, migrations.length);
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    const db = new Database(file);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      db.pragma('busy_timeout = 5000');
      db.pragma('synchronous = FULL');
      registerSearchFunctions(db);
      const level = schemaLevel(db);
      if (file !== ':memory:' && level > 0 && level < migrations.length) {
        rotateBackup(db, file, `before-migration-${level}-to-${migrations.length}`);
      }
      migrate(db, migrations, file);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Store(db, file, options.migrationsDir);
  }

  private static openReadOnly(file: string, migrationsDir: string, level: number, latest: number): Store {
    if (level < latest) {
      throw new ApostilError(
        'read_only',
        `${file} is on a read-only location and needs an upgrade this version of Apostil would have to write; it has not been changed. Copy it somewhere writable and open the copy.`,
      );
    }
    const db = openForReading(file);
    try {
      db.pragma('foreign_keys = ON');
      registerSearchFunctions(db);
    } catch (err) {
      db.close();
      throw err;
    }
    return new Store(db, file, migrationsDir, true);
  }

  /** A prepared statement for `sql`, created on first use and cached. */
  stmt<R = unknown>(sql: string): Database.Statement<unknown[], R> {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s as Database.Statement<unknown[], R>;
  }

  /** Runs `fn` in one write transaction (BEGIN IMMEDIATE, so a busy database is waited for): all of it lands or none. */
  tx<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /** Checkpoints the WAL and closes the file. */
  close(): void {
    if (!this.db.open) return;
    if (this.readOnly) {
      this.db.close();
      return;
    }
    try {
      this.db.pragma('wal_checkpoint(TRUNCATE)');
    } catch {
      // A busy reader elsewhere keeps the WAL; closing is still safe.
    }
    this.db.close();
  }
}
