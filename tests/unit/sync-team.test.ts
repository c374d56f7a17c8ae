import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runSyncCommand } from '../../app/cli/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';
import { device, type Device } from './sync-harness';
import { backends, RawClient, TeamBackend } from './sync-team-harness';

const TEXT = '李在明總統今天訪問北京，與習近平會談。\n\n雙方討論了半導體與稀土供應鏈的合作。\n\nThe leaders also discussed THAAD and K-pop.';

const open: Device[] = [];
const raws: RawClient[] = [];
afterEach(async () => {
  for (const r of raws.splice(0)) r.destroy();
  for (const d of open.splice(0)) await d.close();
});

async function converge(devices: Device[]): Promise<void> {
  for (const d of devices) d.online();
  for (let round = 0; round < 2; round++) for (const d of devices) await d.sync();
}

function raw(url: string, name: string, token: string): RawClient {
  const r = new RawClient(url, name, token);
  raws.push(r);
  return r;
}

for (const { name: backend, skip } of backends()) {
  describe.skipIf(skip !== undefined)(`team server on ${backend}${skip ? ` (skipped: ${skip})` : ''}`, () => {
    const b = new TeamBackend(backend);
    beforeAll(() => b.setUp(), 60_000);
    afterEach(() => b.stopServers());
    afterAll(() => b.tearDown());

    it('syncs two devices (article text, quote, tag, note) and keeps everything across a restart', async () => {
      const dir = tempDir();
      await b.fresh(dir);
      const server = await b.start();
      const [x, y] = [device(dir, 'x'), device(dir, 'y')];
      open.push(x, y);
      await x.connect(server.url, (await b.invite()).token);
      await y.connect(server.url, (await b.invite()).token);
      const { article } = x.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
      x.call('quotes:create', { articleId: article.id, start: 0, end: 5, tags: ['region/Korea'], comment: '總統' });
      x.call('notes:create', { title: 'Visit' });
      await converge([x, y]);
      expect(y.snapshot()).toEqual(x.snapshot());
      expect(y.call<{ results: unknown[] }>('search:query', { query: '李在明' }).results.length).toBeGreaterThan(0);
      await y.offline();
      await x.offline();
      await b.stopServers();
      // A new device after a restart gets everything from the store.
      const again = await b.start();
      const z = device(dir, 'z');
      open.push(z);
      await z.connect(again.url, (await b.invite('viewer')).token);
      await z.sync();
      expect(z.snapshot()).toEqual(x.snapshot());
    }, 40_000);

    it('lets a viewer read, search and export but stores none of its writes', async () => {
      const dir = tempDir();
      await b.fresh(dir);
      const server = await b.start();
      const [editor, viewer] = [device(dir, 'e'), device(dir, 'v')];
      open.push(editor, viewer);
      await editor.connect(server.url, (await b.invite('editor')).token);
      const viewerToken = (await b.invite('viewer')).token;
      await viewer.connect(server.url, viewerToken);
      const { article } = editor.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
      editor.call('quotes:create', { articleId: article.id, start: 0, end: 5, comment: 'editor' });
      await converge([editor, viewer]);
      expect(viewer.call<{ results: unknown[] }>('search:query', { query: '李在明' }).results.length).toBeGreaterThan(0);
      const exported = viewer.call<{ content: string }>('export:run', { format: 'csv', scope: { kind: 'all' } });
      expect(exported.content).toContain('editor');
      viewer.call('notes:create', { title: 'from the viewer' });
      await new Promise((r) => setTimeout(r, 400));
      await editor.sync();
      expect(editor.call<{ notes: unknown[] }>('notes:list', {}).notes).toHaveLength(0);
      // Uploads are refused too.
      const put = await fetch(`${server.url.replace('ws:', 'http:')}/blobs/${'0'.repeat(64)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${viewerToken}` },
        body: 'x',
      });
      expect(put.status).toBe(403);
    }, 40_000);

    it('closes a revoked token’s open connections at once and refuses it afterwards; owners remove members over HTTP', async () => {
      const dir = tempDir();
      await b.fresh(dir);
      const server = await b.start();
      const owner = await b.invite('owner', 'team', 'Olga');
      const ana = await b.invite('editor', 'team', 'Ana');
      const ben = await b.invite('editor', 'team', 'Ben');
      const watcher = raw(server.url, 'team/library', owner.token);
      const a = raw(server.url, 'team/library', ana.token);
      await a.until(() => a.provider.isSynced && watcher.provider.isSynced, 5000, 'both synced');
      a.doc.getMap('probe').set('before', 1);
      await watcher.until(() => watcher.doc.getMap('probe').get('before') === 1, 5000, 'the edit before revocation');

      const t0 = Date.now();
      expect(await b.store!.revoke(ana.tokenId)).toMatchObject({ name: 'Ana', role: 'editor' });
      await a.until(() => a.closed > 0, 3000, 'the revoked connection to close');
      expect(Date.now() - t0).toBeLessThan(2000);
      await a.until(() => a.authFailed !== undefined, 5000, 'the reconnection to be refused');
      a.doc.getMap('probe').set('after', 1);
      await new Promise((r) => setTimeout(r, 300));
      expect(watcher.doc.getMap('probe').get('after')).toBeUndefined();
      const whoami = await fetch(`${server.url.replace('ws:', 'http:')}/whoami`, { headers: { authorization: `Bearer ${ana.token}` } });
      expect(whoami.status).toBe(401);

      // Members over HTTP: everyone may list, only an owner may remove.
      const base = server.url.replace('ws:', 'http:');
      const list = (await (await fetch(`${base}/members`, { headers: { authorization: `Bearer ${ben.token}` } })).json()) as { members: { name: string }[] };
      expect(list.members.map((m) => m.name).sort()).toEqual(['Ben', 'Olga']);
      expect((await fetch(`${base}/members/${owner.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${ben.token}` } })).status).toBe(403);
      const del = await fetch(`${base}/members/${ben.tokenId}`, { method: 'DELETE', headers: { authorization: `Bearer ${owner.token}` } });
      expect(await del.json()).toEqual({ revoked: { tokenId: ben.tokenId, name: 'Ben', role: 'editor' } });
      expect((await b.store!.members('team')).map((m) => m.name)).toEqual(['Olga']);
    }, 30_000);

    it('reconnects a member whose role changed to viewer, and then refuses its writes', async () => {
      const dir = tempDir();
      await b.fresh(dir);
      const server = await b.start();
      const owner = await b.invite('owner');
      const cara = await b.invite('editor', 'team', 'Cara');
      const watcher = raw(server.url, 'team/library', owner.token);
      const c = raw(server.url, 'team/library', cara.token);
      await c.until(() => c.provider.isSynced && watcher.provider.isSynced, 5000, 'both synced');
      await b.store!.setRole(cara.tokenId, 'viewer');
      await c.until(() => c.closed > 0, 3000, 'the connection to close');
      await c.until(() => c.provider.isSynced, 5000, 'the reconnection as a viewer');
      c.doc.getMap('probe').set('as viewer', 1);
      await new Promise((r) => setTimeout(r, 400));
      expect(watcher.doc.getMap('probe').get('as viewer')).toBeUndefined();
    }, 30_000);
  });
}

/** Runs a sync command in this process (for the failing calls: no Node start-up per call). */
async function inProcess(...argv: string[]): Promise<{ status: number | undefined; stdout: string; stderr: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let stdout = '';
  let stderr = '';
  out.on('data', (d: Buffer) => (stdout += d.toString()));
  err.on('data', (d: Buffer) => (stderr += d.toString()));
  const status = await runSyncCommand(argv, out, err, process.cwd());
  return { status, stdout, stderr };
}

describe('apostil sync-server members, revoke and role', () => {
  it('lists members, revokes a token by id and changes a role, with plain errors for mistakes', async () => {
    const dir = tempDir();
    const data = join(dir, 'server');
    const db = join(dir, 'unused.db');
    const made = cli(db, 'sync-server', 'invite', '--data', data, '--library', 'team', '--role', 'editor', '--name', 'Ana', '--json').json() as {
      token: string;
      tokenId: string;
    };
    expect(made.tokenId).toMatch(/^[0-9a-f]{16}$/);
    cli(db, 'sync-server', 'invite', '--data', data, '--library', 'team', '--role', 'viewer', '--name', 'Ben', '--json');
    cli(db, 'sync-server', 'invite', '--data', data, '--library', 'other', '--role', 'owner', '--name', 'Eve', '--json');
    const members = cli(db, 'sync-server', 'members', '--data', data, '--library', 'team', '--json').json() as {
      library: string;
      members: { tokenId: string; name: string; role: string; createdAt: string }[];
    };
    expect(members.library).toBe('team');
    expect(members.members.map((m) => [m.name, m.role])).toEqual([
      ['Ana', 'editor'],
      ['Ben', 'viewer'],
    ]);
    expect(JSON.stringify(members)).not.toContain(made.token);
    const role = cli(db, 'sync-server', 'role', '--data', data, '--token-id', made.tokenId, '--role', 'owner', '--json');
    expect(role.json()).toEqual({ member: { tokenId: made.tokenId, library: 'team', name: 'Ana', role: 'owner' } });
    const revoked = cli(db, 'sync-server', 'revoke', '--data', data, '--token-id', made.tokenId, '--json');
    expect(revoked.status).toBe(0);
    expect(revoked.json()).toEqual({ revoked: { tokenId: made.tokenId, library: 'team', name: 'Ana', role: 'owner' } });
    expect((cli(db, 'sync-server', 'members', '--data', data, '--library', 'team', '--json').json() as { members: unknown[] }).members).toHaveLength(1);
    const again = await inProcess('sync-server', 'revoke', '--data', data, '--token-id', made.tokenId);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/No token has the id/);
    const bad = await inProcess('sync-server', 'revoke', '--data', data, '--token-id', 'nope');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--token-id ID \(16 hex digits/);
    const noStore = await inProcess('sync-server', 'members', '--library', 'team');
    expect(noStore.status).toBe(2);
    const badPg = await inProcess('sync-server', 'members', '--postgres', 'postgres://nobody@127.0.0.1:1/none', '--library', 'team');
    expect(badPg.status).toBe(1);
    expect(badPg.stderr).toMatch(/Cannot use the PostgreSQL database at postgres:\/\/nobody@127\.0\.0\.1:1\/none/);
    expect(badPg.stderr).not.toMatch(/\n\s+at /);
    const badRedis = await inProcess('sync-server', '--data', data, '--port', '0', '--redis', 'redis://127.0.0.1:1');
    expect(badRedis.status).toBe(1);
    expect(badRedis.stderr).toMatch(/^apostil: Cannot reach Redis at 127\.0\.0\.1:1/);
    const badPgServer = await inProcess('sync-server', '--postgres', 'postgres://u:secret@127.0.0.1:1/db', '--port', '0');
    expect(badPgServer.status).toBe(1);
    expect(badPgServer.stderr).toMatch(/Cannot use the PostgreSQL database at postgres:\/\/u:\*\*\*@127\.0\.0\.1:1\/db/);
    expect(badPgServer.stderr).not.toContain('secret');
  }, 60_000);
});
