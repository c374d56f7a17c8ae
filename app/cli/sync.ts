import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Service } from '../api/service';
import { ApostilError, fromStorageError } from '../core/errors';
import { Library } from '../core/library';
import type { DocNode, Note, Quote } from '../core/model';
import { appLayout, resolveDatabasePath } from '../core/paths';
import { SyncClient, type SyncStatus } from '../sync/client';
import { SyncEngine } from '../sync/engine';
import { openStore } from '../sync/persistence/open';
import { isTokenId, type SyncStore } from '../sync/persistence/store';
import { invite as createInvite, startSyncServer, SYNC_ROLES, type SyncRole } from '../sync/server';
import { connectLibrary, forgetSync, syncWriteHook } from '../sync/setup';

/** Usage of the commands this module adds to `apostil`. */
export const SYNC_USAGE = `Sync and scripting commands:
  sync-server --data DIR [--host 127.0.0.1] [--port N]
                                     run a sync server; prints its ws://HOST:PORT address
  sync-server --postgres URL [--redis URL] [--host H] [--port N]
                                     keep everything in PostgreSQL instead of --data; with
                                     --redis, several server processes serve the same libraries
  sync-server invite --data DIR --library NAME --role owner|editor|viewer [--name PERSON]
                                     create an access token; prints {"url","token","tokenId"} with --json
  sync-server members --data DIR --library NAME
                                     list members ({"library","members":[{"tokenId","name","role","createdAt"}]})
  sync-server revoke --data DIR --token-id ID
                                     remove a member: their token stops working at once
  sync-server role --data DIR --token-id ID --role owner|editor|viewer
                                     change a member's role (their open connections reconnect)
                                     (every sync-server command takes --postgres URL instead of --data DIR)
  sync connect URL TOKEN [--name "Display name"]
                                     connect this library to a server (plain ws:// only to this machine)
  sync now [--json]                  send and receive everything, then print {"state","sent","received"}
  sync status [--json]               {"server","library","role","state","pending","lastSyncedAt"}
  sync disconnect                    forget the server; the library stays as it is
  comment QUOTE_ID TEXT              set a quote's comment
  rename-tag OLD NEW                 rename a tag (OLD is a path such as region/Korea; NEW one name)
  notes                              list notes ({"notes":[{"id","uuid","title","markdown"}]})
  note create TITLE [--markdown TEXT]
  note append NOTE_ID TEXT           append a paragraph to a note`;

const COMMANDS = new Set(['sync', 'sync-server', 'comment', 'rename-tag', 'notes', 'note']);

const OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  data: { type: 'string' },
  host: { type: 'string' },
  port: { type: 'string' },
  library: { type: 'string' },
  role: { type: 'string' },
  name: { type: 'string' },
  markdown: { type: 'string' },
  timeout: { type: 'string' },
  postgres: { type: 'string' },
  redis: { type: 'string' },
  'token-id': { type: 'string' },
} as const;

/** A mistake in how a command was called (exit status 2). */
class UsageError extends Error {}

/** The first positional argument of `argv`, skipping `--db FILE`. */
function commandOf(argv: string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--db') i++;
    else if (!a.startsWith('-')) return a;
  }
  return undefined;
}

function positive(value: string | undefined, what: string): number {
  if (value === undefined || !/^[1-9]\d{0,15}$/.test(value))
    throw new UsageError(`${what} must be a positive whole number (got ${JSON.stringify(value ?? '')}).`);
  return Number(value);
}

/** A note's document as plain Markdown: headings, paragraphs, list items, quote embeds as `> [quote UUID]`. */
export function noteMarkdown(doc: DocNode, quoteUuid: (id: number) => string | undefined): string {
  const inline = (n: DocNode): string => (n.type === 'text' ? (n.text ?? '') : n.type === 'hard_break' ? '\n' : (n.content ?? []).map(inline).join(''));
  const blocks: string[] = [];
  const walk = (n: DocNode, prefix: string) => {
    if (n.type === 'heading') blocks.push(`${'#'.repeat(Number(n.attrs?.level ?? 1))} ${inline(n)}`);
    else if (n.type === 'paragraph') blocks.push(`${prefix}${inline(n)}`);
    else if (n.type === 'quote_embed') blocks.push(`> [quote ${quoteUuid(Number(n.attrs?.quoteId)) ?? 'removed'}]`);
    else if (n.type === 'list_item') (n.content ?? []).forEach((c) => walk(c, '- '));
    else (n.content ?? []).forEach((c) => walk(c, prefix));
  };
  walk(doc, '');
  return blocks.join('\n\n');
}

/** A Markdown-ish text as a note document: blank lines separate paragraphs, `#` starts a heading. */
export function markdownDoc(text: string): DocNode {
  const content: DocNode[] = text
    .split(/\n\s*\n/)
    .map((b) => b.trim())
    .filter(Boolean)
    .map((b) => {
      const h = /^(#{1,6})\s+(.*)$/s.exec(b);
      const t = h ? h[2]! : b;
      const node: DocNode = h ? { type: 'heading', attrs: { level: h[1]!.length } } : { type: 'paragraph' };
      if (t) node.content = [{ type: 'text', text: t }];
      return node;
    });
  return { type: 'doc', content: content.length ? content : [{ type: 'paragraph' }] };
}

function plain(e: unknown): string {
  const known = fromStorageError(e);
  if (known instanceof ApostilError) return known.message;
  return `unexpected error: ${(e as Error)?.message ?? String(e)}`;
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

/** `apostil sync-server …`: run a server, or manage its members (invite, members, revoke, role). */
async function runServerCommand(
  sub: string | undefined,
  values: Values,
  print: (json: unknown, text: string) => void,
  out: NodeJS.WritableStream,
): Promise<number> {
  const dataDir = values.data ? resolve(values.data) : undefined;
  const postgres = values.postgres ?? (dataDir ? undefined : process.env.APOSTIL_SYNC_POSTGRES);
  if (!dataDir && !postgres) throw new UsageError('sync-server needs --data DIR (the folder that keeps its documents and tokens) or --postgres URL.');
  if (dataDir && values.postgres) throw new UsageError('Give --data DIR or --postgres URL, not both.');
  const role = (values.role ?? '') as SyncRole;
  const needLibrary = () => {
    if (!values.library) throw new UsageError(`${sub} needs --library NAME.`);
    return values.library;
  };
  const needTokenId = () => {
    const id = values['token-id'] ?? '';
    if (!isTokenId(id)) throw new UsageError(`${sub} needs --token-id ID (16 hex digits, as "members" prints it).`);
    return id;
  };
  const needRole = () => {
    if (!SYNC_ROLES.includes(role)) throw new UsageError(`${sub} needs --role, one of ${SYNC_ROLES.join(', ')}.`);
    return role;
  };
  const withStore = async <T>(work: (store: SyncStore) => Promise<T>): Promise<T> => {
    let store: SyncStore;
    try {
      store = await openStore({ dataDir, postgres });
    } catch (e) {
      throw new ApostilError('busy', (e as Error).message);
    }
    try {
      return await work(store);
    } finally {
      await store.close();
    }
  };
  switch (sub) {
    case 'invite': {
      const library = needLibrary();
      needRole();
      let made: { url: string; token: string; tokenId: string };
      try {
        made = await withStore((store) => createInvite(store, { library, role, name: values.name ?? '' }));
      } catch (e) {
        if (/library name|--role/.test((e as Error).message)) throw new UsageError((e as Error).message);
        throw e;
      }
      print(
        made,
        `Give this to ${values.name || 'the new member'} (shown once):\n  apostil sync connect ${made.url} ${made.token}\nIts token id (for revoke): ${made.tokenId}`,
      );
      return 0;
    }
    case 'members': {
      const library = needLibrary();
      const members = (await withStore((store) => store.members(library))).map((m) => ({
        tokenId: m.tokenId,
        name: m.name,
        role: m.role,
        createdAt: m.createdAt,
      }));
      print(
        { library, members },
        members.length
          ? members.map((m) => `${m.tokenId}  ${m.role.padEnd(6)}  ${m.name || '(no name)'}  since ${m.createdAt}`).join('\n')
          : `Library "${library}" has no members.`,
      );
      return 0;
    }
    case 'revoke': {
      const id = needTokenId();
      const gone = await withStore((store) => store.revoke(id));
      if (!gone) throw new ApostilError('not_found', `No token has the id ${id}; "sync-server members --library NAME" lists them.`);
      const revoked = { tokenId: gone.tokenId, library: gone.library, name: gone.name, role: gone.role };
      print({ revoked }, `Revoked ${gone.name || 'the member'}'s token (${gone.role} of "${gone.library}"); a running server closes its connections at once.`);
      return 0;
    }
    case 'role': {
      const id = needTokenId();
      needRole();
      const changed = await withStore((store) => store.setRole(id, role));
      if (!changed) throw new ApostilError('not_found', `No token has the id ${id}; "sync-server members --library NAME" lists them.`);
      const member = { tokenId: changed.tokenId, library: changed.library, name: changed.name, role: changed.role };
      print({ member }, `${changed.name || 'The member'} is now ${changed.role} of "${changed.library}".`);
      return 0;
    }
    case undefined:
      break;
    default:
      throw new UsageError(`sync-server takes invite, members, revoke, role or nothing (got "${sub}").`);
  }
  const port = values.port === undefined ? 8787 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0–65535.');
  let server: Awaited<ReturnType<typeof startSyncServer>>;
  try {
    server = await startSyncServer({ dataDir, postgres, redis: values.redis, host: values.host ?? '127.0.0.1', port });
  } catch (e) {
    if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') throw e;
    throw new ApostilError('busy', (e as Error).message);
  }
  out.write(`${server.url}\n`);
  await new Promise<void>((done) => {
    const stop = () => void server.close().then(done, done);
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

/**
 * Runs `sync`, `sync-server` and the scripting commands (`comment`, `rename-tag`,
 * `notes`, `note`); resolves to the exit status, or to undefined when `argv` is some
 * other command (which the main CLI then runs).
 */
export async function runSyncCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, root: string): Promise<number | undefined> {
  const command = commandOf(argv);
  if (!command || !COMMANDS.has(command)) return undefined;
  let values: Values;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true }));
  } catch (e) {
    err.write(`apostil: ${(e as Error).message}\n\n${SYNC_USAGE}\n`);
    return 2;
  }
  if (values.help) {
    out.write(`${SYNC_USAGE}\n`);
    return 0;
  }
  const [, sub, ...rest] = positionals;
  const print = (json: unknown, text: string) => out.write(values.json ? `${JSON.stringify(json)}\n` : `${text}\n`);
  let library: Library | undefined;
  let client: SyncClient | undefined;
  const openLibrary = () => (library = Library.open(resolveDatabasePath(values.db), appLayout(root).migrationsDir));
  try {
    if (command === 'sync-server') {
      return await runServerCommand(sub, values, print, out);
    }
    const lib = openLibrary();
    const engine = new SyncEngine(lib);
    const service = new Service(lib, (e) => err.write(`apostil: internal error: ${(e as Error)?.message ?? String(e)}\n`));
    service.writeHook = syncWriteHook(engine, (e) => err.write(`apostil: sync could not record a change (it is sent later): ${plain(e)}\n`));
    const call = <T>(channel: string, payload: unknown): T => {
      const r = service.call(channel, payload);
      if (!r.ok) throw new ApostilError(r.error.code as never, r.error.message);
      return r.value as T;
    };
    const quoteUuid = (id: number) => lib.store.stmt<{ uuid: string }>('SELECT uuid FROM quotes WHERE id = ?').get(id)?.uuid;
    const noteJson = (n: Note) => ({ id: n.id, uuid: n.uuid, title: n.title, markdown: noteMarkdown(n.doc, quoteUuid) });
    switch (command) {
      case 'sync': {
        if (sub === 'connect') {
          if (rest.length !== 2) throw new UsageError('sync connect needs URL and TOKEN.');
          const c = await connectLibrary(lib, rest[0]!, rest[1]!, values.name ?? '');
          print(
            c,
            `Connected ${lib.store.file} to library "${c.library}" on ${c.server} as ${c.role}. Run "apostil sync now" to sync, or "apostil serve" to sync in the background.`,
          );
          return 0;
        }
        if (sub === 'disconnect') {
          forgetSync(lib);
          print({ disconnected: true }, 'Disconnected; the library stays as it is on this device.');
          return 0;
        }
        if (!engine.isConfigured())
          throw new ApostilError('invalid_request', 'This library is not connected to a sync server; run "apostil sync connect URL TOKEN" first.');
        if (sub === 'status') {
          const s = new SyncClient(engine).status();
          const status: SyncStatus = { ...s, state: s.pending ? 'pending' : s.lastSyncedAt ? 'synced' : 'offline' };
          print(
            status,
            `${status.server} (library ${status.library}, ${status.role}): ${status.pending} change(s) not yet sent; last synced ${status.lastSyncedAt ?? 'never'}.`,
          );
          return 0;
        }
        if (sub === 'now') {
          const timeout = values.timeout === undefined ? 120_000 : positive(values.timeout, '--timeout') * 1000;
          client = new SyncClient(engine);
          client.start();
          await client.waitSettled(timeout);
          const result = { state: 'synced', sent: client.counts.sent, received: client.counts.received };
          print(result, `Synced: ${result.sent} update(s) sent, ${result.received} received.`);
          return 0;
        }
        throw new UsageError('sync takes connect, now, status or disconnect.');
      }
      case 'comment': {
        if (!sub || rest.length !== 1) throw new UsageError('comment needs QUOTE_ID and TEXT.');
        const { quote } = call<{ quote: Quote }>('quotes:update', { id: positive(sub, 'QUOTE_ID'), comment: rest[0] });
        print({ quote: { id: quote.id, uuid: quote.uuid, comment: quote.comment } }, `Quote ${quote.id}: ${quote.comment}`);
        return 0;
      }
      case 'rename-tag': {
        if (!sub || rest.length !== 1) throw new UsageError('rename-tag needs OLD (a tag path) and NEW (a name).');
        const id = lib.tags.require(sub);
        const { tag } = call<{ tag: { id: number; path: string } }>('tags:rename', { id, name: rest[0] });
        const uuid = lib.store.stmt<{ uuid: string }>('SELECT uuid FROM tags WHERE id = ?').get(id)?.uuid;
        print({ tag: { ...tag, uuid } }, `Renamed ${sub} to ${tag.path}.`);
        return 0;
      }
      case 'notes': {
        const notes = lib.notes.list().map((n) => noteJson(lib.notes.get(n.id)));
        print({ notes }, notes.length ? notes.map((n) => `${n.id}  ${n.title || '(untitled)'}`).join('\n') : 'No notes.');
        return 0;
      }
      case 'note': {
        if (sub === 'create') {
          if (rest.length !== 1) throw new UsageError('note create needs one TITLE (quote it when it has spaces).');
          const { note } = call<{ note: Note }>('notes:create', { title: rest[0], doc: markdownDoc(values.markdown ?? '') });
          print({ note: noteJson(note) }, `Created note ${note.id}.`);
          return 0;
        }
        if (sub === 'append') {
          if (rest.length !== 2) throw new UsageError('note append needs NOTE_ID and TEXT.');
          const id = positive(rest[0], 'NOTE_ID');
          const doc = lib.notes.get(id).doc;
          const para: DocNode = rest[1] ? { type: 'paragraph', content: [{ type: 'text', text: rest[1] }] } : { type: 'paragraph' };
          const { note } = call<{ note: Note }>('notes:update', { id, doc: { ...doc, content: [...(doc.content ?? []), para] } });
          print({ note: noteJson(note) }, `Appended to note ${note.id}.`);
          return 0;
        }
        throw new UsageError('note takes create or append.');
      }
    }
    return undefined;
  } catch (e) {
    if (e instanceof UsageError) {
      err.write(`apostil: ${e.message}\nRun "apostil sync --help" for usage.\n`);
      return 2;
    }
    if ((e as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
      err.write(`apostil: port ${values.port} is in use; choose another with --port N (0 picks a free one).\n`);
      return 1;
    }
    err.write(`apostil: ${plain(e)}\n`);
    return 1;
  } finally {
    await client?.stop();
    library?.close();
  }
}
