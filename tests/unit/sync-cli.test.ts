import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli, tempDir } from './helpers';

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
});

/** Starts `apostil sync-server` in its own process and resolves to the URL it prints. */
function startServer(dataDir: string): Promise<string> {
  const child = spawn(process.execPath, [resolve('dist/cli/apostil.js'), 'sync-server', '--data', dataDir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`sync-server printed no URL: ${out}`)), 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const line = /^(ws:\/\/\S+)\n/m.exec(out);
      if (line) {
        clearTimeout(timer);
        done(line[1]!);
      }
    });
    child.on('exit', (code) => fail(new Error(`sync-server exited ${code}`)));
  });
}

describe('apostil sync and sync-server', () => {
  it('invites, connects two libraries and syncs quotes, comments, tag renames and notes from the command line', async () => {
    const dir = tempDir();
    const data = join(dir, 'server');
    const url = await startServer(data);
    expect(url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const invite = cli(join(dir, 'unused.db'), 'sync-server', 'invite', '--data', data, '--library', 'team', '--role', 'editor', '--name', 'Ana', '--json');
    expect(invite.status).toBe(0);
    const { token, url: inviteUrl } = invite.json() as { url: string; token: string };
    expect(inviteUrl).toBe(url);
    const a = join(dir, 'a.db');
    const b = join(dir, 'b.db');
    expect(cli(a, 'sync', 'connect', url, token, '--name', 'Laptop').status).toBe(0);
    expect(cli(b, 'sync', 'connect', url, token).status).toBe(0);
    const bad = cli(join(dir, 'x.db'), 'sync', 'connect', url, 'ap1_wrong-token');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/does not know this token/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    const plain = cli(join(dir, 'x.db'), 'sync', 'connect', 'ws://192.0.2.1:8787', token);
    expect(plain.stderr).toMatch(/Refusing to send the token over plain ws:\/\//);

    const imported = cli(a, 'import', resolve('resources/sample/2026-01-02-xi-lee-state-visit.zh-Hant.txt'), '--json').json() as { articles: { id: number }[] };
    const articleId = imported.articles[0]!.id;
    const q = (cli(a, 'quote', String(articleId), '--exact', '李在明', '--tag', 'region/Korea', '--json').json() as { quote: { id: number } }).quote;
    const note = (cli(a, 'note', 'create', 'Visit notes', '--markdown', '# Visit\n\nFirst line', '--json').json() as { note: { id: number; uuid: string } })
      .note;
    expect(cli(a, 'sync', 'status', '--json').json()).toMatchObject({ server: url, library: 'team', role: 'editor', state: 'pending' });
    const now = cli(a, 'sync', 'now', '--json');
    expect(now.stderr).toBe('');
    expect(now.json()).toMatchObject({ state: 'synced' });
    expect((now.json() as { sent: number }).sent).toBeGreaterThan(0);
    expect((cli(b, 'sync', 'now', '--json').json() as { received: number }).received).toBeGreaterThan(0);

    // B comments and renames the tag; A appends to the note; both sync.
    const qb = (cli(b, 'quotes', '--json').json() as { quotes: { id: number }[] }).quotes[0]!;
    expect(cli(b, 'comment', String(qb.id), '南韓總統').status).toBe(0);
    expect(cli(b, 'rename-tag', 'region/Korea', 'South Korea').status).toBe(0);
    expect(cli(a, 'note', 'append', String(note.id), 'Second line').status).toBe(0);
    for (const db of [a, b, a]) expect(cli(db, 'sync', 'now', '--json').status).toBe(0);
    const quotesA = (cli(a, 'quotes', '--json').json() as { quotes: { id: number; comment: string; tags: string[] }[] }).quotes;
    expect(quotesA).toEqual([expect.objectContaining({ id: q.id, comment: '南韓總統', tags: ['region/South Korea'] })]);
    const notesB = cli(b, 'notes', '--json').json() as { notes: { uuid: string; title: string; markdown: string }[] };
    expect(notesB.notes).toEqual([{ id: expect.any(Number), uuid: note.uuid, title: 'Visit notes', markdown: '# Visit\n\nFirst line\n\nSecond line' }]);
    expect(cli(b, 'sync', 'status', '--json').json()).toMatchObject({ state: 'synced', pending: 0 });

    expect(cli(a, 'sync', 'disconnect').status).toBe(0);
    expect(cli(a, 'sync', 'status', '--json').status).toBe(1);
  }, 60_000);
});
