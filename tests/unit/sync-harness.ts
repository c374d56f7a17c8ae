import { join } from 'node:path';
import { afterAll } from 'vitest';
import { Service } from '../../app/api/service';
import { Library } from '../../app/core/library';
import type { DocNode } from '../../app/core/model';
import { SyncClient } from '../../app/sync/client';
import { SyncEngine } from '../../app/sync/engine';
import { startPostgres, type LocalService } from '../../bench/services';
import { openStore } from '../../app/sync/persistence/open';
import { SYNC_ROLES, type SyncStore } from '../../app/sync/persistence/store';
import { createInvite, invite, startSyncServer, type RunningSyncServer, type SyncRole } from '../../app/sync/server';
import { connectLibrary, syncWriteHook } from '../../app/sync/setup';
import { MIGRATIONS } from './helpers';

/** One device: its own database file, engine, service (with the sync write hook) and, while online, a client. */
export class Device {
  readonly library: Library;
  readonly engine: SyncEngine;
  readonly service: Service;
  client: SyncClient | undefined;

  constructor(readonly file: string) {
    this.library = Library.open(file, MIGRATIONS);
    this.engine = new SyncEngine(this.library);
    this.service = new Service(this.library, (e) => {
      throw e;
    });
    this.service.writeHook = syncWriteHook(this.engine, (e) => {
      throw e;
    });
  }

  /** Calls a channel and fails the test on an error answer. */
  call<T = Record<string, unknown>>(channel: string, payload: unknown): T {
    const r = this.service.call(channel, payload);
    if (!r.ok) throw new Error(`${channel}: ${r.error.message}`);
    return r.value as T;
  }

  /** Connects to `url` with `token`, under display name `name` if given (stores the configuration; does not go online). */
  async connect(url: string, token: string, name?: string): Promise<void> {
    await connectLibrary(this.library, url, token, name);
  }

  online(): void {
    if (this.client) return;
    this.client = new SyncClient(this.engine, { maxDelayMs: 300 });
    this.client.start();
  }

  async offline(): Promise<void> {
    await this.client?.stop();
    this.client = undefined;
  }

  async sync(timeoutMs = 15_000): Promise<void> {
    this.online();
    await this.client!.waitSettled(timeoutMs);
  }

  async close(): Promise<void> {
    await this.offline();
    this.library.close();
  }

  /** Everything that must be identical on every device, by uuid. */
  snapshot(): unknown {
    const db = this.library.store.db;
    const tags = db
      .prepare(
        `SELECT t.uuid, (SELECT group_concat(a.name, '/' ORDER BY tt.depth DESC) FROM tag_tree tt JOIN tags a ON a.id = tt.ancestor_id WHERE tt.tag_id = t.id) AS path, t.color
           FROM tags t ORDER BY t.uuid`,
      )
      .all();
    const articles = db
      .prepare(
        `SELECT a.uuid, a.title, a.lang, a.content_hash, a.revision, a.deleted_at,
                (SELECT json_group_array(content_hash) FROM (SELECT content_hash FROM article_revisions r WHERE r.article_id = a.id ORDER BY revision)) AS revs,
                (SELECT s.uuid FROM sources s WHERE s.id = a.source_id) AS source
           FROM articles a ORDER BY a.uuid`,
      )
      .all();
    const quotes = db
      .prepare(
        `SELECT q.uuid, a.uuid AS article, q.exact, q.start, q."end", q.status, q.comment, q.color, q.deleted_at IS NOT NULL AS trashed,
                (SELECT json_group_array(t.uuid) FROM (SELECT t.uuid FROM quote_tags qt JOIN tags t ON t.id = qt.tag_id WHERE qt.quote_id = q.id ORDER BY t.uuid) t) AS tags
           FROM quotes q JOIN articles a ON a.id = q.article_id ORDER BY q.uuid`,
      )
      .all();
    const uuidOf = db.prepare('SELECT uuid FROM quotes WHERE id = ?');
    const mapDoc = (n: DocNode): DocNode => ({
      ...n,
      ...(n.type === 'quote_embed' ? { attrs: { quote: (uuidOf.get(n.attrs?.quoteId) as { uuid: string } | undefined)?.uuid } } : {}),
      ...(n.content ? { content: n.content.map(mapDoc) } : {}),
    });
    const notes = (
      db.prepare('SELECT uuid, title, doc, deleted_at IS NOT NULL AS trashed FROM notes ORDER BY uuid').all() as {
        uuid: string;
        title: string;
        doc: string;
        trashed: number;
      }[]
    ).map((n) => ({
      ...n,
      doc: mapDoc(JSON.parse(n.doc) as DocNode),
    }));
    const sources = db.prepare('SELECT uuid, citation_key, csl FROM sources ORDER BY uuid').all();
    return { tags, articles, quotes, notes, sources };
  }
}

/** APOSTIL_SYNC_BACKEND=postgres runs every TestServer on a PostgreSQL started for the test file (tokens made ahead). */
const ON_POSTGRES = process.env.APOSTIL_SYNC_BACKEND === 'postgres';
let sharedPostgres: Promise<LocalService> | undefined;
let databases = 0;
if (ON_POSTGRES)
  afterAll(async () => {
    const pg = await sharedPostgres?.catch(() => undefined);
    sharedPostgres = undefined;
    await pg?.stop();
  });

/** A sync server in a temporary folder (or a fresh PostgreSQL database) with one library and an editor token per device. */
export class TestServer {
  server: RunningSyncServer | undefined;
  private postgres: string | undefined;
  private store: SyncStore | undefined;
  private readonly tokens = new Map<string, string[]>();
  constructor(readonly dataDir: string) {}

  async start(port = 0): Promise<string> {
    if (ON_POSTGRES && !this.postgres) {
      const pg = await (sharedPostgres ??= startPostgres());
      const name = `h${process.pid}_${++databases}`;
      const { default: Pg } = await import('pg');
      const admin = new Pg.Client({ connectionString: pg.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      this.postgres = pg.url.replace(/\/postgres$/, `/${name}`);
      this.store = await openStore({ postgres: this.postgres });
      for (const library of ['team', 'other'])
        for (const role of SYNC_ROLES)
          this.tokens.set(
            `${library}/${role}`,
            await Promise.all(Array.from({ length: 8 }, async () => (await invite(this.store!, { library, role, name: role })).token)),
          );
    }
    this.server = await startSyncServer({ ...(this.postgres ? { postgres: this.postgres } : { dataDir: this.dataDir }), port, debounceMs: 50 });
    return this.server.url;
  }

  invite(role: SyncRole = 'editor', library = 'team'): string {
    if (!this.postgres) return createInvite(this.dataDir, { library, role, name: role }).token;
    const token = this.tokens.get(`${library}/${role}`)?.pop();
    if (!token) throw new Error(`no ${role} token for ${library} made ahead`);
    return token;
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }
}

/** A new device whose database lives in `dir`. */
export function device(dir: string, name: string): Device {
  return new Device(join(dir, `${name}.db`));
}
