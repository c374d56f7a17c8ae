import pg from 'pg';
import { mergeStates, newToken, sha256, tokenIdOf, type Member, type SyncRole, type SyncStore, type TokenGrant } from './store';

interface TokenRow {
  hash: string;
  library: string;
  role: SyncRole;
  name: string;
  created_at: string;
}

const member = (r: TokenRow): Member => ({ tokenId: tokenIdOf(r.hash), library: r.library, role: r.role, name: r.name, createdAt: r.created_at });

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS apostil_documents (name TEXT PRIMARY KEY, data BYTEA NOT NULL, version BIGINT NOT NULL DEFAULT 0);
  CREATE TABLE IF NOT EXISTS apostil_tokens (hash TEXT PRIMARY KEY, library TEXT NOT NULL, role TEXT NOT NULL, name TEXT NOT NULL, created_at TEXT NOT NULL);
  CREATE INDEX IF NOT EXISTS apostil_tokens_library ON apostil_tokens (library);
  CREATE TABLE IF NOT EXISTS apostil_blobs (library TEXT NOT NULL, hash TEXT NOT NULL, text TEXT NOT NULL, PRIMARY KEY (library, hash));
  CREATE TABLE IF NOT EXISTS apostil_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** A PostgreSQL address with its password replaced by `***`, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'the PostgreSQL server';
  }
}

/** A sync store in a PostgreSQL database (tables `apostil_*`); any number of server processes may share it. */
export class PostgresStore implements SyncStore {
  readonly where: string;
  private readonly pool: pg.Pool;
  private readonly known = new Map<string, number>();

  private constructor(url: string) {
    this.where = redactUrl(url);
    this.pool = new pg.Pool({ connectionString: url, max: 8, connectionTimeoutMillis: 10_000, idleTimeoutMillis: 30_000 });
    // An idle connection that breaks (the database restarted) must not crash the server; the next query reconnects.
    this.pool.on('error', () => undefined);
  }

  /** Connects to `url` and creates the tables when missing. */
  static async open(url: string): Promise<PostgresStore> {
    const store = new PostgresStore(url);
    try {
      await store.tx(async (c) => {
        // Two servers starting together must not race on CREATE TABLE.
        await c.query("SELECT pg_advisory_xact_lock(hashtext('apostil_schema'))");
        await c.query(SCHEMA);
      });
    } catch (e) {
      await store.close();
      throw new Error(`Cannot use the PostgreSQL database at ${store.where}: ${(e as Error).message}`);
    }
    return store;
  }

  private async tx<T>(work: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.pool.connect();
    try {
      await c.query('BEGIN');
      const out = await work(c);
      await c.query('COMMIT');
      return out;
    } catch (e) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw e;
    } finally {
      c.release();
    }
  }

  async fetchDocument(name: string): Promise<Uint8Array | null> {
    const { rows } = await this.pool.query<{ data: Buffer; version: string }>('SELECT data, version FROM apostil_documents WHERE name = $1', [name]);
    const row = rows[0];
    this.known.set(name, row ? Number(row.version) : 0);
    return row ? new Uint8Array(row.data) : null;
  }

  async storeDocument(name: string, state: Uint8Array): Promise<void> {
    await this.tx(async (c) => {
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [name]);
      const { rows } = await c.query<{ data: Buffer; version: string }>('SELECT data, version FROM apostil_documents WHERE name = $1', [name]);
      const row = rows[0];
      const mine = row === undefined || Number(row.version) === this.known.get(name);
      const data = mine ? state : mergeStates(new Uint8Array(row.data), state);
      const version = (row ? Number(row.version) : 0) + 1;
      await c.query(
        'INSERT INTO apostil_documents (name, data, version) VALUES ($1, $2, $3) ON CONFLICT (name) DO UPDATE SET data = excluded.data, version = excluded.version',
        [name, Buffer.from(data), version],
      );
      this.known.set(name, version);
    });
  }

  async createToken(grant: TokenGrant): Promise<{ token: string; tokenId: string }> {
    const token = newToken();
    const hash = sha256(token);
    await this.pool.query('INSERT INTO apostil_tokens (hash, library, role, name, created_at) VALUES ($1, $2, $3, $4, $5)', [
      hash,
      grant.library,
      grant.role,
      grant.name,
      new Date().toISOString(),
    ]);
    return { token, tokenId: tokenIdOf(hash) };
  }

  async tokenByHash(hash: string): Promise<Member | undefined> {
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM apostil_tokens WHERE hash = $1', [hash]);
    return rows[0] && member(rows[0]);
  }

  async members(library: string): Promise<Member[]> {
    const { rows } = await this.pool.query<TokenRow>('SELECT * FROM apostil_tokens WHERE library = $1 ORDER BY created_at, hash', [library]);
    return rows.map(member);
  }

  private async change(tokenId: string, sql: string, params: unknown[]): Promise<TokenRow | undefined> {
    return this.tx(async (c) => {
      const { rows } = await c.query<TokenRow>('SELECT * FROM apostil_tokens WHERE substr(hash, 1, 16) = $1 FOR UPDATE', [tokenId]);
      const row = rows[0];
      if (!row) return undefined;
      await c.query(sql, [row.hash, ...params]);
      await c.query(
        "INSERT INTO apostil_meta (key, value) VALUES ('tokens_version', '1') ON CONFLICT (key) DO UPDATE SET value = (apostil_meta.value::bigint + 1)::text",
      );
      return row;
    });
  }

  async revoke(tokenId: string): Promise<Member | undefined> {
    const row = await this.change(tokenId, 'DELETE FROM apostil_tokens WHERE hash = $1', []);
    return row && member(row);
  }

  async setRole(tokenId: string, role: SyncRole): Promise<Member | undefined> {
    const row = await this.change(tokenId, 'UPDATE apostil_tokens SET role = $2 WHERE hash = $1', [role]);
    return row && member({ ...row, role });
  }

  async tokensVersion(): Promise<number> {
    return Number((await this.getMeta('tokens_version')) ?? 0);
  }

  async getBlob(library: string, hash: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ text: string }>('SELECT text FROM apostil_blobs WHERE library = $1 AND hash = $2', [library, hash]);
    return rows[0]?.text;
  }

  async putBlob(library: string, hash: string, text: string): Promise<void> {
    await this.pool.query('INSERT INTO apostil_blobs (library, hash, text) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING', [library, hash, text]);
  }

  async getMeta(key: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ value: string }>('SELECT value FROM apostil_meta WHERE key = $1', [key]);
    return rows[0]?.value;
  }

  async setMeta(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO apostil_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  async close(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
