import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import type { Channel, Envelope, Request, Response } from '../../app/api/channels';
import { expect, test } from './fixtures';

/**
 * A team library through a real sync server: two coders' quotes compared in the Coding
 * agreement view, and a viewer whose window greys out every write.
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

async function openWindow(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.reader-doc h1')).not.toBeEmpty();
}

const PASSAGE = '李在明將於4日到7日對中國進行4天的國是訪問';

test('two coders compared: the table per tag, CSV export, and the passages where they disagree opening in the reader', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const data = join(dir, 'server');
  const server = await launch(['sync-server', '--data', data, '--port', '0'], /ws:\/\/127\.0\.0\.1:\d+/);
  const ana = await host('ana');
  const ben = await host('ben');
  const tokens = { ana: invite(data, 'Ana', 'owner'), ben: invite(data, 'Ben', 'editor') };
  await join_(ana, server, tokens.ana, '安娜');
  await join_(ben, server, tokens.ben, 'Ben');

  const a = await sample(ana);
  const b = await sample(ben);
  const at = a.body.indexOf(PASSAGE);
  expect(at).toBeGreaterThanOrEqual(0);
  // 框架/外交: 安娜 codes the passage's first 10 characters, Ben characters 5–14: they share 5, each has 5 alone.
  await ana.api('quotes:create', { articleId: a.id, start: at, end: at + 10, tags: ['框架/外交'] });
  await ben.api('quotes:create', { articleId: b.id, start: at + 5, end: at + 15, tags: ['框架/外交'] });
  // 框架/經濟: both code the same 6 characters.
  await ana.api('quotes:create', { articleId: a.id, start: at + 15, end: at + 21, tags: ['框架/經濟'] });
  await ben.api('quotes:create', { articleId: b.id, start: at + 15, end: at + 21, tags: ['框架/經濟'] });
  await expect.poll(async () => (await ana.api('quotes:list', {})).total, { timeout: 20_000 }).toBe(4);

  await openWindow(page, ana.url);
  await page.getByRole('button', { name: /^Coding agreement/ }).click();
  const view = page.getByRole('region', { name: 'Coding agreement' });
  await view.getByLabel('Tags to compare').selectOption('框架');
  const table = view.getByRole('table', { name: 'Agreement per tag' });
  const units = Array.from(a.body).length;
  await expect(view.getByRole('status').first()).toContainText(`${units.toLocaleString('en')} characters in 1 article compared between Ben, 安娜.`);
  const diplomacy = table.locator('tr[data-tag="框架/外交"]');
  // Agreement: all but the 10 split characters. Kappa by hand: po = (u−10)/u, p1 = p2 = 10/u.
  const po = (units - 10) / units;
  const p = 10 / units;
  const pe = p * p + (1 - p) * (1 - p);
  const kappa = (po - pe) / (1 - pe);
  await expect(diplomacy.locator('td').nth(0)).toHaveText(`${(po * 100).toFixed(1)}%`);
  await expect(diplomacy.locator('td').nth(1)).toHaveText(kappa.toFixed(3));
  await expect(diplomacy.locator('td').nth(3)).toHaveText('10 characters');
  await expect(diplomacy.locator('td').nth(4)).toHaveText('10 characters');
  const economy = table.locator('tr[data-tag="框架/經濟"]');
  await expect(economy.locator('td').nth(0)).toHaveText('100.0%');
  await expect(economy.getByRole('button', { name: 'Show where the coders disagree on 框架/經濟' })).toBeDisabled();
  const axe = await new AxeBuilder({ page }).include('.agreement-view').withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.screenshot({ path: testInfo.outputPath('agreement-table.png') });

  // The CSV comes from the api, as the table shows it.
  const download = page.waitForEvent('download');
  await view.getByRole('button', { name: 'Export CSV…' }).click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('agreement-框架.csv');
  const csv = readFileSync((await file.path())!, 'utf8')
    .replace(/^\uFEFF/, '')
    .split('\r\n');
  expect(csv[0]).toBe('tag,agreement,kappa,alpha,coded_Ben,coded_安娜');
  expect(csv.find((line) => line.startsWith('框架/外交,'))).toMatch(/^框架\/外交,[\d.]+,[\d.-]+,[\d.-]+,10,10$/);

  // Coder choices: one coder alone cannot be compared.
  await view.getByRole('checkbox', { name: 'Ben' }).uncheck();
  await expect(view.getByRole('status').first()).toHaveText('Choose at least two coders.');
  await expect(view.getByRole('button', { name: 'Export CSV…' })).toBeDisabled();
  await view.getByRole('checkbox', { name: 'Ben' }).check();

  await diplomacy.getByRole('button', { name: 'Show where the coders disagree on 框架/外交' }).click();
  const passages = view.getByRole('region', { name: 'Where the coders disagree on 框架/外交' });
  await expect(passages.getByRole('status')).toContainText('2 passages, 10 characters in all.');
  const items = passages.locator('.disagreement');
  await expect(items).toHaveCount(2);
  await expect(items.nth(0).locator('.disagreement-span')).toHaveText(PASSAGE.slice(0, 5));
  await expect(items.nth(0).locator('.disagreement-side').nth(0)).toContainText('BenNot coded');
  await expect(items.nth(0).locator('.disagreement-side').nth(1)).toContainText(`安娜Coded${PASSAGE.slice(0, 10)}`);
  await expect(items.nth(1).locator('.disagreement-span')).toHaveText(PASSAGE.slice(10, 15));
  await expect(items.nth(1).locator('.disagreement-side.coded')).toContainText('Ben');
  await passages.scrollIntoViewIfNeeded();
  await page.screenshot({ path: testInfo.outputPath('agreement-disagreements.png') });

  // A passage opens in the reader, selected.
  await items
    .nth(1)
    .getByRole('button', { name: /^Passage 2 in/ })
    .click();
  await expect(page.locator('.reader-doc .search-match')).toHaveText(PASSAGE.slice(10, 15));
  expect(await page.evaluate(() => window.getSelection()?.toString())).toBe(PASSAGE.slice(10, 15));

  // The owner's sync settings list the members with their roles.
  await page.locator('.sync-status').click();
  const members = page.getByRole('dialog', { name: 'Sync' }).getByRole('region', { name: 'Members' });
  await expect(members).toContainText('Ana Owner', { timeout: 40_000 });
  await expect(members).toContainText('Ben Editor');
});

test('a viewer reads the shared library with every write control disabled and saying why', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const data = join(dir, 'server');
  const server = await launch(['sync-server', '--data', data, '--port', '0'], /ws:\/\/127\.0\.0\.1:\d+/);
  const editor = await host('editor');
  const viewer = await host('viewer');
  await join_(editor, server, invite(data, 'Ed', 'editor'), 'Ed');
  const e = await sample(editor);
  const at = e.body.indexOf(PASSAGE);
  await editor.api('quotes:create', { articleId: e.id, start: at, end: at + PASSAGE.length, tags: ['人物'] });
  await editor.api('notes:create', { title: '訪問筆記' });
  await join_(viewer, server, invite(data, 'Vi', 'viewer'), 'Vi');
  await expect.poll(async () => (await viewer.api('quotes:list', {})).total, { timeout: 20_000 }).toBe(1);

  await openWindow(page, viewer.url);
  const banner = page.getByRole('status').filter({ hasText: 'Viewer.' });
  await expect(banner).toBeVisible({ timeout: 10_000 });
  const why = 'Viewers cannot change this shared library';
  const quoteButton = page.getByRole('button', { name: 'Quote selection', exact: true });
  await expect(quoteButton).toBeDisabled();
  await expect(quoteButton).toHaveAttribute('aria-description', why);
  await expect(page.getByRole('button', { name: 'Import…' })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'New note' })).toBeDisabled();
  const card = page.getByRole('region', { name: 'Quotes', exact: true }).locator('.quote-card').first();
  await expect(card).toContainText(PASSAGE);
  await expect(card.getByRole('textbox', { name: 'Comment' })).toHaveJSProperty('readOnly', true);
  await expect(card.getByRole('button', { name: 'Delete quote' })).toBeDisabled();
  await expect(card.getByRole('button', { name: 'Delete quote' })).toHaveAttribute('title', why);
  await page.screenshot({ path: testInfo.outputPath('viewer.png') });

  // The shortcut is refused by the host as well: nothing is quoted.
  const body = page.locator('.reader-doc p').filter({ hasText: PASSAGE }).first();
  await body.click();
  await page.keyboard.press('ControlOrMeta+Shift+E');
  expect((await viewer.api('quotes:list', {})).total).toBe(1);

  // The Tags view and a note are read-only too.
  await page.getByRole('button', { name: /^Tags/ }).click();
  await expect(page.getByRole('button', { name: 'Actions for 人物' })).toBeDisabled();
  await page.getByRole('button', { name: /^訪問筆記/ }).click();
  await expect(page.getByRole('textbox', { name: 'Note text' })).toHaveAttribute('contenteditable', 'false');
  await expect(page.getByRole('textbox', { name: 'Note title' })).toHaveJSProperty('readOnly', true);

  // The viewer's settings show their own role, and no members list.
  await page.locator('.sync-status').click();
  const dialog = page.getByRole('dialog', { name: 'Sync' });
  await expect(dialog.locator('.sync-info')).toContainText('Viewer');
  await expect(dialog.getByRole('region', { name: 'Members' })).toHaveCount(0);
  await dialog.getByRole('button', { name: 'Close' }).click();

  // Disconnecting ends the role: the banner goes and writing comes back.
  await viewer.api('sync:disconnect', {});
  await expect(banner).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByRole('button', { name: 'New note' })).toBeEnabled();
});
