import { resolve } from 'node:path';
import { ApostilError } from '../core/errors';
import type { Library } from '../core/library';
import type { DocNode, Note } from '../core/model';
import { SyncClient, type SyncStatus } from '../sync/client';
import { SyncEngine } from '../sync/engine';
import { openStore } from '../sync/persistence/open';
import { isTokenId, type SyncStore } from '../sync/persistence/store';
import { invite as createInvite, startSyncServer, SYNC_ROLES, type SyncRole } from '../sync/server';
import { connectLibrary, forgetSync, syncWriteHook } from '../sync/setup';
import { positiveInt, UsageError } from './args';
import type { CliCommand, CommandContext } from './command';
import { plainMessage, runCommand } from './run';

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

/** `apostil sync-server …`: run a server, or manage its members (invite, members, revoke, role). */
async function runServerCommand(ctx: CommandContext): Promise<number> {
  const { values, out } = ctx;
  const print = ctx.print.bind(ctx);
  const sub = ctx.args[0];
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

/** A sync command's library, with sync's write hook on the api so that each write is recorded for sync in its own transaction. */
function synced(ctx: CommandContext): { lib: Library; engine: SyncEngine } {
  const lib = ctx.library();
  const engine = new SyncEngine(lib);
  ctx.service().writeHook = syncWriteHook(engine, (e) => ctx.err.write(`apostil: sync could not record a change (it is sent later): ${plainMessage(e)}\n`));
  return { lib, engine };
}

/** A note as the sync commands print it: its document as Markdown, quote embeds by uuid. */
function noteJson(lib: Library, n: Note): { id: number; uuid: string; title: string; markdown: string } {
  const quoteUuid = (id: number) => lib.store.stmt<{ uuid: string }>('SELECT uuid FROM quotes WHERE id = ?').get(id)?.uuid;
  return { id: n.id, uuid: n.uuid, title: n.title, markdown: noteMarkdown(n.doc, quoteUuid) };
}

/** `apostil sync-server`: a sync server, and its members. */
const SYNC_SERVER: CliCommand = {
  name: 'sync-server',
  section: 'sync',
  usage: [
    `  sync-server --data DIR [--host 127.0.0.1] [--port N]
                                     run a sync server; prints its ws://HOST:PORT address`,
    `  sync-server --postgres URL [--redis URL] [--host H] [--port N]
                                     keep everything in PostgreSQL instead of --data; with
                                     --redis, several server processes serve the same libraries`,
    `  sync-server invite --data DIR --library NAME --role owner|editor|viewer [--name PERSON]
                                     create an access token; prints {"url","token","tokenId"} with --json`,
    `  sync-server members --data DIR --library NAME
                                     list members ({"library","members":[{"tokenId","name","role","createdAt"}]})`,
    `  sync-server revoke --data DIR --token-id ID
                                     remove a member: their token stops working at once`,
    `  sync-server role --data DIR --token-id ID --role owner|editor|viewer
                                     change a member's role (their open connections reconnect)
                                     (every sync-server command takes --postgres URL instead of --data DIR)`,
  ],
  options: ['data', 'postgres', 'redis', 'host', 'port', 'library', 'role', 'name', 'token-id'],
  run: runServerCommand,
};

/** `apostil sync connect|now|status|disconnect`: this library's link to a sync server. */
const SYNC: CliCommand = {
  name: 'sync',
  section: 'sync',
  usage: [
    `  sync connect URL TOKEN [--name "Display name"]
                                     connect this library to a server (plain ws:// only to this machine)`,
    '  sync now [--json]                  send and receive everything, then print {"state","sent","received"}',
    '  sync status [--json]               {"server","library","role","state","pending","lastSyncedAt"}',
    '  sync disconnect                    forget the server; the library stays as it is',
  ],
  options: ['name', 'timeout'],
  async run(ctx) {
    const { lib, engine } = synced(ctx);
    const [sub, ...rest] = ctx.args;
    if (sub === 'connect') {
      if (rest.length !== 2) throw new UsageError('sync connect needs URL and TOKEN.');
      const c = await connectLibrary(lib, rest[0]!, rest[1]!, ctx.values.name ?? '');
      ctx.print(
        c,
        `Connected ${lib.store.file} to library "${c.library}" on ${c.server} as ${c.role}. Run "apostil sync now" to sync, or "apostil serve" to sync in the background.`,
      );
      return;
    }
    if (sub === 'disconnect') {
      forgetSync(lib);
      ctx.print({ disconnected: true }, 'Disconnected; the library stays as it is on this device.');
      return;
    }
    if (!engine.isConfigured())
      throw new ApostilError('invalid_request', 'This library is not connected to a sync server; run "apostil sync connect URL TOKEN" first.');
    if (sub === 'status') {
      const s = new SyncClient(engine).status();
      const status: SyncStatus = { ...s, state: s.pending ? 'pending' : s.lastSyncedAt ? 'synced' : 'offline' };
      ctx.print(
        status,
        `${status.server} (library ${status.library}, ${status.role}): ${status.pending} change(s) not yet sent; last synced ${status.lastSyncedAt ?? 'never'}.`,
      );
      return;
    }
    if (sub === 'now') {
      const timeout = ctx.values.timeout === undefined ? 120_000 : positiveInt(ctx.values.timeout, '--timeout') * 1000;
      const client = new SyncClient(engine);
      ctx.defer(() => client.stop());
      client.start();
      await client.waitSettled(timeout);
      const result = { state: 'synced', sent: client.counts.sent, received: client.counts.received };
      ctx.print(result, `Synced: ${result.sent} update(s) sent, ${result.received} received.`);
      return;
    }
    throw new UsageError('sync takes connect, now, status or disconnect.');
  },
};

/** `apostil comment QUOTE_ID TEXT`: sets a quote's comment. */
const COMMENT: CliCommand = {
  name: 'comment',
  section: 'sync',
  usage: ["  comment QUOTE_ID TEXT              set a quote's comment"],
  options: [],
  run(ctx) {
    synced(ctx);
    const [id, ...rest] = ctx.args;
    if (!id || rest.length !== 1) throw new UsageError('comment needs QUOTE_ID and TEXT.');
    const { quote } = ctx.call('quotes:update', { id: positiveInt(id, 'QUOTE_ID'), comment: rest[0] });
    ctx.print({ quote: { id: quote.id, uuid: quote.uuid, comment: quote.comment } }, `Quote ${quote.id}: ${quote.comment}`);
  },
};

/** `apostil rename-tag OLD NEW`: renames a tag found by its path. */
const RENAME_TAG: CliCommand = {
  name: 'rename-tag',
  section: 'sync',
  usage: ['  rename-tag OLD NEW                 rename a tag (OLD is a path such as region/Korea; NEW one name)'],
  options: [],
  run(ctx) {
    const { lib } = synced(ctx);
    const [old, ...rest] = ctx.args;
    if (!old || rest.length !== 1) throw new UsageError('rename-tag needs OLD (a tag path) and NEW (a name).');
    const id = lib.tags.require(old);
    const { tag } = ctx.call('tags:rename', { id, name: rest[0]! });
    const uuid = lib.store.stmt<{ uuid: string }>('SELECT uuid FROM tags WHERE id = ?').get(id)?.uuid;
    ctx.print({ tag: { ...tag, uuid } }, `Renamed ${old} to ${tag.path}.`);
  },
};

/** `apostil notes`: lists notes with their documents as Markdown. */
const NOTES: CliCommand = {
  name: 'notes',
  section: 'sync',
  usage: ['  notes                              list notes ({"notes":[{"id","uuid","title","markdown"}]})'],
  options: [],
  run(ctx) {
    const { lib } = synced(ctx);
    const notes = lib.notes.list().map((n) => noteJson(lib, lib.notes.get(n.id)));
    ctx.print({ notes }, notes.length ? notes.map((n) => `${n.id}  ${n.title || '(untitled)'}`).join('\n') : 'No notes.');
  },
};

/** `apostil note create|append`: writes a note from the command line. */
const NOTE: CliCommand = {
  name: 'note',
  section: 'sync',
  usage: ['  note create TITLE [--markdown TEXT]', '  note append NOTE_ID TEXT           append a paragraph to a note'],
  options: ['markdown'],
  run(ctx) {
    const { lib } = synced(ctx);
    const [sub, ...rest] = ctx.args;
    if (sub === 'create') {
      if (rest.length !== 1) throw new UsageError('note create needs one TITLE (quote it when it has spaces).');
      const { note } = ctx.call('notes:create', { title: rest[0], doc: { ...markdownDoc(ctx.values.markdown ?? '') } });
      ctx.print({ note: noteJson(lib, note) }, `Created note ${note.id}.`);
      return;
    }
    if (sub === 'append') {
      if (rest.length !== 2) throw new UsageError('note append needs NOTE_ID and TEXT.');
      const id = positiveInt(rest[0], 'NOTE_ID');
      const doc = lib.notes.get(id).doc;
      const para: DocNode = rest[1] ? { type: 'paragraph', content: [{ type: 'text', text: rest[1] }] } : { type: 'paragraph' };
      const { note } = ctx.call('notes:update', { id, doc: { ...doc, content: [...(doc.content ?? []), para] } });
      ctx.print({ note: noteJson(lib, note) }, `Appended to note ${note.id}.`);
      return;
    }
    throw new UsageError('note takes create or append.');
  },
};

/** The sync and scripting commands, in the order the help lists them. */
export const SYNC_COMMANDS: readonly CliCommand[] = [SYNC_SERVER, SYNC, COMMENT, RENAME_TAG, NOTES, NOTE];

/**
 * Runs `sync`, `sync-server` or a scripting command (`comment`, `rename-tag`, `notes`,
 * `note`) as the CLI does; resolves to the exit status, or to undefined when `argv` is
 * another command.
 */
export function runSyncCommand(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream, root: string): Promise<number | undefined> {
  return runCommand(SYNC_COMMANDS, argv, { out, err, root });
}
