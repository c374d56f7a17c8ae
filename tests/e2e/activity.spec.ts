import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import AxeBuilder from '@axe-core/playwright';
import type { Channel, Envelope, Request, Response } from '../../app/api/channels';
import { expect, test } from './fixtures';

/**
 * Authorship in a team library through a real sync server: who made each quote on its
 * card and in the highlight tooltip, the author filters, and the Activity view of what
 * the other person changed since one last looked.
 */
const CLI = resolve(process.env.APOSTIL_CLI ?? 'dist/cli/apostil.js');
type Child = ChildProcessByStdio<null, Readable, Readable>;
const children: Child[] = [];
let dir = '';

/** Starts `apostil ARGS` and resolves with the first match of `pattern` in its output. */
function launch(args: string[], pattern: RegExp): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, APOSTIL_DB: '' } });
  children.push(child);
  return new Promise((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`apostil ${args[0]} printed nothing usable in 15 s: ${out}`)), 15_000);
    const read = (chunk: string) => {
      out += chunk;
      const m = pattern.exec(out);
      if (m) {
        clearTimeout(timer);
        done(m[0]);
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', (code) => fail(new Error(`apostil ${args[0]} exited with ${code}: ${out}`)));
  });
}

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apostil-e2e-team-'));
});

test.afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(dir, { recursive: true, force: true });
});

function invite(data: string, name: string, role: 'owner' | 'editor' | 'viewer'): string {
  const r = spawnSync(process.execPath, [CLI, 'sync-server', 'invite', '--data', data, '--library', 'team', '--role', role, '--name', name, '--json'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (r.status !== 0) throw new Error(`invite failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { token: string }).token;
}

/** A web host on its own library: its URL, and its api called as the window calls it. */
interface TeamHost {
  url: string;
  api<C extends Channel>(channel: C, req: Request<C>): Promise<Response<C>>;
}

async function host(name: string): Promise<TeamHost> {
  const url = await launch(['--db', join(dir, `${name}.db`), 'serve', '--port', '0'], /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/);
  const parsed = new URL(url);
  const token = decodeURIComponent(parsed.hash.replace(/^#token=/, ''));
  return {
    url,
    async api(channel, req) {
      const res = await fetch(`${parsed.origin}/api/${channel}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(req),
      });
      const envelope = (await res.json()) as Envelope<never>;
      if (!envelope.ok) throw new Error(`${channel} failed: ${envelope.error.code}: ${envelope.error.message}`);
      return envelope.value;
    },
  };
}

/** Connects a host's library to the server as `name` and waits until it is synced. */
async function join_(h: TeamHost, server: string, token: string, name: string): Promise<void> {
  await h.api('sync:connect', { url: server, token, name });
  // A viewer's own library may keep local rows the server will not take, so it can stay `pending`: connected is enough.
  await expect.poll(async () => (await h.api('sync:status', {})).status.state, { timeout: 20_000 }).toMatch(/^(synced|pending)$/);
}

/** The sample article's id and body on a host. */
async function sample(h: TeamHost): Promise<{ id: number; body: string }> {
  const { articles } = await h.api('articles:list', {});
  const { article } = await h.api('articles:get', { id: articles[0]!.id });
  return { id: article.id, body: article.body };
}

const PASSAGE = '李在明將於4日到7日對中國進行4天的國是訪問';

test('what Ben changed shows in 安娜’s Activity, grouped by article, opens the quote, and stays seen; cards, tooltip and filters name the author', async ({
  page,
}, testInfo) => {
  test.setTimeout(120_000);
  const data = join(dir, 'server');
  const server = await launch(['sync-server', '--data', data, '--port', '0'], /ws:\/\/127\.0\.0\.1:\d+/);
  const ana = await host('ana');
  const ben = await host('ben');
  await join_(ana, server, invite(data, 'Ana', 'owner'), '安娜');
  await join_(ben, server, invite(data, 'Ben', 'editor'), 'Ben');

  const a = await sample(ana);
  const b = await sample(ben);
  const at = a.body.indexOf(PASSAGE);
  expect(at).toBeGreaterThanOrEqual(0);
  await ana.api('quotes:create', { articleId: a.id, start: at, end: at + 4, tags: ['人物'] });
  await ana.api('notes:create', { title: '訪問筆記' });
  await expect.poll(async () => (await ben.api('notes:list', {})).notes.length, { timeout: 20_000 }).toBe(1);
  // Ben quotes and comments, renames 安娜's tag and edits her note.
  await ben.api('quotes:create', { articleId: b.id, start: at + 5, end: at + 15, comment: '需要查證訪問日期', tags: ['時間'] });
  const benNote = (await ben.api('notes:list', {})).notes[0]!.id;
  await ben.api('notes:update', { id: benNote, title: '訪問筆記（班修訂）' });
  const person = (await ben.api('tags:list', {})).tags.find((t) => t.path === '人物')!;
  await ben.api('tags:rename', { id: person.id, name: '政治人物' });
  await expect.poll(async () => (await ana.api('activity:list', {})).activity.unseen, { timeout: 20_000 }).toBe(3);

  await page.goto(ana.url);
  await expect(page.locator('.reader-doc h1')).not.toBeEmpty();
  const nav = page.getByRole('button', { name: /^Activity/ });
  await expect(nav).toContainText('3');
  await nav.click();
  const view = page.getByRole('region', { name: 'Activity' });
  await expect(view.locator('.pane-count')).toHaveText('3 new');
  const groups = view.locator('.activity-group');
  await expect(groups).toHaveCount(3);
  const { article } = await ana.api('articles:get', { id: a.id });
  await expect(groups.nth(0).locator('h2')).toHaveText(article.title);
  const quoteEntry = groups.nth(0).locator('.activity-entry');
  await expect(quoteEntry).toHaveCount(1);
  await expect(quoteEntry).toContainText('Ben');
  await expect(quoteEntry).toContainText('quoted');
  await expect(quoteEntry.locator('.activity-text')).toHaveText(PASSAGE.slice(5, 15));
  await expect(quoteEntry.locator('.activity-comment')).toHaveText('需要查證訪問日期');
  await expect(view.getByRole('region', { name: 'Tags' })).toContainText('Benrenamed tag “人物” to “政治人物”');
  await expect(view.getByRole('region', { name: 'Notes' })).toContainText('訪問筆記（班修訂）');
  const axe = await new AxeBuilder({ page }).include('.activity-view').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('activity.png') });

  // The entry opens the quote in its article; the card names its author.
  await quoteEntry.click();
  const benCard = page.locator('.quote-card', { hasText: PASSAGE.slice(5, 15) }).first();
  await expect(benCard).toBeVisible();
  await expect(benCard.locator('.quote-author')).toHaveText('Ben');
  await expect(page.locator('.quote-card', { has: page.locator('.quote-author', { hasText: '安娜' }) })).toHaveCount(1);
  // The tooltip of Ben's highlight says who quoted it.
  const highlight = page.locator(`.reader-doc [data-quote-id]`, { hasText: PASSAGE.slice(6, 9) }).first();
  await highlight.hover();
  await expect(page.locator('#quote-tooltip')).toContainText('Quoted by Ben');
  await page.screenshot({ path: testInfo.outputPath('authors.png') });
  // The Quotes panel narrows to one author.
  const panelAuthor = page.locator('.pane-header .author-filter');
  await panelAuthor.selectOption('安娜');
  await expect(page.locator('.pane-header').locator('..').locator('.quote-card')).toHaveCount(1);
  await panelAuthor.selectOption('');

  // Having looked, the view is empty — after a reload too (the mark is kept); Show earlier lists what was seen.
  await nav.click();
  await expect(view.getByText('Nothing new since you last looked')).toBeVisible();
  await expect(nav).not.toContainText('3');
  await page.reload();
  await page.getByRole('button', { name: /^Activity/ }).click();
  await expect(view.getByText('Nothing new since you last looked')).toBeVisible();
  await view.getByRole('button', { name: 'Show earlier' }).click();
  await expect(view.locator('.activity-entry')).toHaveCount(3);

  // All quotes filters by author, library-wide.
  await page.getByRole('button', { name: /^All quotes/ }).click();
  const all = page.getByRole('region', { name: 'All quotes' });
  await all.locator('.author-filter').selectOption('Ben');
  await expect(all.locator('.quote-card')).toHaveCount(1);
  await expect(all.locator('.quote-card .quote-author')).toHaveText('Ben');
});

test('a library that never synced shows no author anywhere and an empty Activity', async ({ page, host }) => {
  const { articles } = await host.api('articles:list', {});
  const { article } = await host.api('articles:get', { id: articles[0]!.id });
  await host.api('quotes:create', { articleId: article.id, start: 0, end: 4, comment: '重點' });
  await page.goto(host.url);
  await expect(page.locator('.quote-card')).toHaveCount(1);
  await expect(page.locator('.quote-author')).toBeHidden();
  await expect(page.locator('.pane-header .author-filter')).toBeHidden();
  const nav = page.getByRole('button', { name: /^Activity/ });
  await expect(nav).toHaveText(/^\W*Activity$/);
  await nav.click();
  await page.getByRole('region', { name: 'Activity' }).getByRole('button', { name: 'Show earlier' }).click();
  await expect(page.getByText('No one else has changed anything yet')).toBeVisible();
});
