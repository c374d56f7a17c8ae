import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { mergeStates, newToken, sha256, tokenIdOf, type Member, type SyncRole, type SyncStore, type TokenGrant } from './store';

/** Opens (creating) the server's SQLite database in `dataDir`. */
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
  const columns = db.prepare('PRAGMA table_info(documents)').all() as { name: string }[];
  if (!columns.some((c) => c.name === 'version')) db.exec('ALTER TABLE documents ADD COLUMN version INTEGER NOT NULL DEFAULT 0');
  return db;
}

interface TokenRow {
  hash: string;
  library: string;
  role: SyncRole;
  name: string;
  created_at: string;
}

const member = (r: TokenRow): Member => ({ tokenId: tokenIdOf(r.hash), library: r.library, role: r.role, name: r.name, createdAt: r.created_at });

/** A sync store in one SQLite file (`apostil-sync.db` in the data folder); several processes on one machine may share it. */
export class SqliteStore implements SyncStore {
  readonly db: Database.Database;
  readonly where: string;
  /** The stored version of each document this process has read or written. */
  private readonly known = new Map<string, number>();

  constructor(dataDir: string) {
    this.db = openServerDb(dataDir);
    this.where = join(dataDir, 'apostil-sync.db');
  }

  async fetchDocument(name: string): Promise<Uint8Array | null> {
    const row = this.db.prepare('SELECT data, version FROM documents WHERE name = ?').get(name) as { data: Buffer; version: number } | undefined;
    if (!row) {
      this.known.set(name, 0);
      return null;
    }
    this.known.set(name, row.version);
    return new Uint8Array(row.data);
  }

  async storeDocument(name: string, state: Uint8Array): Promise<void> {
    const tx = this.db.transaction(() => {
      const row = this.db.prepare('SELECT data, version FROM documents WHERE name = ?').get(name) as { data: Buffer; version: number } | undefined;
      const mine = row === undefined || row.version === this.known.get(name);
      const data = mine ? state : mergeStates(new Uint8Array(row.data), state);
      const version = (row?.version ?? 0) + 1;
      this.db
        .prepare(
          'INSERT INTO documents (name, data, version) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data, version = excluded.version',
        )
        .run(name, data, version);
      this.known.set(name, version);
    });
    tx.immediate();
  }

  async createToken(grant: TokenGrant): Promise<{ token: string; tokenId: string }> {
    return this.createTokenNow(grant);
  }

  /** `createToken`, synchronously (SQLite only). */
  createTokenNow(grant: TokenGrant): { token: string; tokenId: string } {
    const token = newToken();
    const hash = sha256(token);
    this.db
      .prepare('INSERT INTO tokens (hash, library, role, name, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(hash, grant.library, grant.role, grant.name, new Date().toISOString());
    return { token, tokenId: tokenIdOf(hash) };
  }

  async tokenByHash(hash: string): Promise<Member | undefined> {
    const row = this.db.prepare('SELECT * FROM tokens WHERE hash = ?').get(hash) as TokenRow | undefined;
    return row && member(row);
  }

  async members(library: string): Promise<Member[]> {
    return (this.db.prepare('SELECT * FROM tokens WHERE library = ? ORDER BY created_at, hash').all(library) as TokenRow[]).map(member);
  }

  private byId(tokenId: string): TokenRow | undefined {
    return this.db.prepare('SELECT * FROM tokens WHERE substr(hash, 1, 16) = ?').get(tokenId) as TokenRow | undefined;
  }

  private bump(): void {
    this.db.prepare("INSERT INTO meta (key, value) VALUES ('tokens_version', '1') ON CONFLICT(key) DO UPDATE SET value = CAST(value AS INTEGER) + 1").run();
  }

  async revoke(tokenId: string): Promise<Member | undefined> {
    return this.db
      .transaction(() => {
        const row = this.byId(tokenId);
        if (!row) return undefined;
        this.db.prepare('DELETE FROM tokens WHERE hash = ?').run(row.hash);
        this.bump();
        return member(row);
      })
      .immediate();
  }

  async setRole(tokenId: string, role: SyncRole): Promise<Member | undefined> {
    return this.db
      .transaction(() => {
        const row = this.byId(tokenId);
        if (!row) return undefined;
        this.db.prepare('UPDATE tokens SET role = ? WHERE hash = ?').run(role, row.hash);
        this.bump();
        return member({ ...row, role });
      })
      .immediate();
  }

  async tokensVersion(): Promise<number> {
    return Number((await this.getMeta('tokens_version')) ?? 0);
  }

  async getBlob(library: string, hash: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT text FROM blobs WHERE library = ? AND hash = ?').get(library, hash) as { text: string } | undefined)?.text;
  }

  async putBlob(library: string, hash: string, text: string): Promise<void> {
    this.db.prepare('INSERT OR IGNORE INTO blobs (library, hash, text) VALUES (?, ?, ?)').run(library, hash, text);
  }

  async getMeta(key: string): Promise<string | undefined> {
    return (this.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    this.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
