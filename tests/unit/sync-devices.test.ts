import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Library } from '../../app/core/library';
import { connectLibrary } from '../../app/sync/setup';
import { createInvite } from '../../app/sync/server';
import { device, TestServer, type Device } from './sync-harness';
import { MIGRATIONS, tempDir } from './helpers';

const open: Device[] = [];
const servers: TestServer[] = [];
const children: ChildProcess[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const s of servers.splice(0)) await s.stop();
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

const TEXT = '李在明總統今天訪問北京，與習近平會談。\n\n雙方討論了半導體與稀土供應鏈的合作。\n\nThe leaders also discussed THAAD and K-pop.';

async function converge(devices: Device[]): Promise<void> {
  for (const d of devices) d.online();
  for (let round = 0; round < 2; round++) for (const d of devices) await d.sync();
}

async function pair(): Promise<{ a: Device; b: Device; dir: string }> {
  const dir = tempDir();
  const server = new TestServer(join(dir, 'server'));
  servers.push(server);
  const url = await server.start();
  const [a, b] = [device(dir, 'a'), device(dir, 'b')];
  open.push(a, b);
  await a.connect(url, server.invite());
  await b.connect(url, server.invite());
  return { a, b, dir };
}

/** Starts `apostil ARGS` and resolves with the child and the first match of `pattern` in its stdout. */
function launch(args: string[], pattern: RegExp): Promise<{ child: ChildProcess; match: string }> {
  const child = spawn(process.execPath, [resolve('dist/cli/apostil.js'), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, APOSTIL_DB: '' },
  });
  children.push(child);
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`apostil ${args.join(' ')} printed nothing usable: ${out}`)), 15_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        done({ child, match: m[0] });
      }
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  });
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
}

/** A device process: `apostil serve` on `db`, which syncs in the background; `api` calls its channels over HTTP. */
async function deviceProcess(db: string) {
  const { child, match } = await launch(['--db', db, 'serve', '--port', '0'], /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
  const url = new URL(match);
  const token = decodeURIComponent(url.hash.replace('#token=', ''));
  const api = async <T>(channel: string, payload: unknown): Promise<T> => {
    const res = await fetch(`${url.origin}/api/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(payload),
    });
    const body = (await res.json()) as { ok: boolean; value: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${channel}: ${body.error?.message}`);
    return body.value;
  };
  return { child, api };
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('sync between devices', () => {
  it('loses nothing a device committed when its process is killed before (or while) sending, and converges after the restart', async () => {
    const dir = tempDir();
    const data = join(dir, 'server');
    const first = await launch(['sync-server', '--data', data, '--port', '0'], /ws:\/\/127\.0\.0\.1:\d+/);
    const serverUrl = first.match;
    const token = () => createInvite(data, { library: 'team', role: 'editor', name: 'x' }).token;
    const fileA = join(dir, 'a.db');
    const setup = Library.open(fileA, MIGRATIONS);
    await connectLibrary(setup, serverUrl, token());
    setup.close();
    const b = device(dir, 'b');
    open.push(b);
    await b.connect(serverUrl, token());
    b.online();

    // Killed right after its writes were committed: they may or may not have left yet.
    let a = await deviceProcess(fileA);
    for (let i = 0; i < 5; i++) await a.api('quotes:create', { articleId: 1, start: 100 + i * 4, end: 102 + i * 4, comment: `q${i}` });
    await kill(a.child);

    // Killed with the server down: committed, certainly not sent.
    await kill(first.child);
    a = await deviceProcess(fileA);
    await a.api('quotes:create', { articleId: 1, start: 140, end: 143, comment: 'committed while the server was down' });
    await kill(a.child);

    await launch(['sync-server', '--data', data, '--port', new URL(serverUrl).port], /ws:\/\/127\.0\.0\.1:\d+/);
    a = await deviceProcess(fileA);
    const comments = () =>
      b
        .call<{ quotes: { comment: string }[] }>('quotes:list', { state: 'all' })
        .quotes.map((q) => q.comment)
        .sort();
    await until(() => comments().length === 6, 'all six quotes to reach the other device');
    expect(comments()).toEqual(['committed while the server was down', 'q0', 'q1', 'q2', 'q3', 'q4']);
    await b.sync();
    a.child.kill('SIGTERM');
    await new Promise((r) => a.child.once('exit', r));
    const again = device(dir, 'a');
    open.push(again);
    expect(again.snapshot()).toEqual(b.snapshot());
  }, 60_000);

  it('re-anchors quotes made offline on an old revision when they arrive, with the same status on every device', async () => {
    const { a, b } = await pair();
    const { article } = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
    await converge([a, b]);
    await a.offline();
    await b.offline();
    const idB = b.call<{ articles: { id: number }[] }>('articles:list', {}).articles[0]!.id;
    const keep = (text: string, comment: string) => {
      const start = TEXT.indexOf(text);
      b.call('quotes:create', { articleId: idB, start, end: start + text.length, comment });
    };
    keep('李在明總統', 'unchanged');
    keep('半導體與稀土', 'edited');
    keep('THAAD and K-pop', 'removed');
    const revised = '李在明總統今天訪問北京，與習近平主席會談。\n\n雙方討論了半導體和稀土供應鏈的合作。';
    a.call('revisions:import', { articleId: article.id, name: 'visit-2.txt', text: revised });
    await converge([a, b]);
    const statuses = (d: Device) =>
      Object.fromEntries(d.call<{ quotes: { comment: string; status: string }[] }>('quotes:list', { state: 'all' }).quotes.map((q) => [q.comment, q.status]));
    expect(statuses(a)).toEqual(statuses(b));
    expect(statuses(a).unchanged).toBe('exact');
    expect(statuses(a).removed).toBe('orphaned');
    expect(['fuzzy', 'moved']).toContain(statuses(a).edited);
    expect(b.snapshot()).toEqual(a.snapshot());
  }, 30_000);

  it('syncs sources: a source recorded on one device, edited on another, and the same citation key chosen on both offline', async () => {
    const { a, b } = await pair();
    const one = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT }).article.id;
    const two = a.call<{ article: { id: number } }>('articles:import', { name: 'other.txt', text: '第二篇文章。\n\n稀土。' }).article.id;
    a.call('sources:set', {
      articleId: one,
      csl: { type: 'article-newspaper', title: '習李會', author: [{ family: '王', given: '小明' }], issued: { 'date-parts': [[2026, 1, 2]] } },
    });
    await converge([a, b]);
    const sourceOf = (d: Device, title: string) =>
      d
        .call<{ sources: { id: number; title: string; citationKey: string; csl: { URL?: string; title?: string } }[] }>('sources:list', {})
        .sources.find((s) => s.csl.title === title || s.title === title);
    expect(sourceOf(b, '習李會')?.citationKey).toBe(sourceOf(a, '習李會')?.citationKey);

    // Edited on b, and both devices give a source the same key offline.
    await a.offline();
    await b.offline();
    const articleB = (title: string) =>
      b.call<{ articles: { id: number; title: string }[] }>('articles:list', {}).articles.find((x) => x.title.startsWith(title))!.id;
    b.call('sources:set', {
      articleId: articleB('李在明'),
      csl: {
        type: 'article-newspaper',
        title: '習李會（更新）',
        URL: 'https://example.org/news',
        author: [{ family: '王', given: '小明' }],
        issued: { 'date-parts': [[2026, 1, 2]] },
      },
    });
    a.call('sources:set', { articleId: two, csl: { type: 'book', title: 'Rare earths' }, citationKey: 'shared2026' });
    b.call('sources:set', { articleId: articleB('第二篇'), csl: { type: 'report', title: 'Supply chains' }, citationKey: 'shared2026' });
    await converge([a, b]);
    expect(sourceOf(a, '習李會（更新）')?.csl.URL).toBe('https://example.org/news');
    const keys = (d: Device) =>
      d
        .call<{ sources: { citationKey: string }[] }>('sources:list', {})
        .sources.map((s) => s.citationKey)
        .sort();
    expect(keys(a)).toEqual(keys(b));
    expect(new Set(keys(a)).size).toBe(keys(a).length);
    expect(b.snapshot()).toEqual(a.snapshot());
  }, 30_000);
});
