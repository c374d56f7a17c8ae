import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, selectInReader, test } from './fixtures';

/** Two web hosts on two library files sync through a server this test starts; what one window quotes appears in the other. */
const CLI = resolve(process.env.APOSTIL_CLI ?? 'dist/cli/apostil.js');
type Child = ChildProcessByStdio<null, Readable, Readable>;

/** Starts `apostil ARGS` and resolves with the child and the first match of `pattern` in its output. */
function launch(args: string[], pattern: RegExp): Promise<{ child: Child; match: string }> {
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
        done({ child, match: m[0] });
      }
    };
    child.stdout.setEncoding('utf8').on('data', read);
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.once('exit', (code) => fail(new Error(`apostil ${args[0]} exited with ${code}: ${out}`)));
  });
}

const children: Child[] = [];
let dir = '';

test.beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apostil-e2e-sync-'));
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

function invite(data: string, name: string): string {
  const r = spawnSync(process.execPath, [CLI, 'sync-server', 'invite', '--data', data, '--library', 'team', '--role', 'editor', '--name', name, '--json'], {
    encoding: 'utf8',
    timeout: 15_000,
  });
  if (r.status !== 0) throw new Error(`invite failed: ${r.stderr}`);
  return (JSON.parse(r.stdout) as { token: string }).token;
}

/** Opens a window on a web host and waits for the sample article. */
async function open(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.locator('.reader-doc h1')).not.toBeEmpty();
}

/** Connects a window's library through the sync settings, as a person does. */
async function connect(page: Page, server: string, token: string, name: string): Promise<void> {
  const control = page.locator('.sync-status');
  await control.click();
  const dialog = page.getByRole('dialog', { name: 'Sync' });
  await dialog.getByLabel('Server address').fill(server);
  await dialog.getByLabel('Token').fill(token);
  await dialog.getByLabel('Display name').fill(name);
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.locator('.sync-info')).toContainText('team', { timeout: 15_000 });
  await expect(control).toHaveText('Synced', { timeout: 15_000 });
}

test('a quote made in one window reaches another library through a sync server', async ({ page, browser }, testInfo) => {
  test.setTimeout(90_000);
  const data = join(dir, 'server');
  const server = (await launch(['sync-server', '--data', data, '--port', '0'], /ws:\/\/127\.0\.0\.1:\d+/)).match;
  const hostA = (await launch(['--db', join(dir, 'a.db'), 'serve', '--port', '0'], /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/)).match;
  const hostB = (await launch(['--db', join(dir, 'b.db'), 'serve', '--port', '0'], /http:\/\/127\.0\.0\.1:\d+\/#token=\S+/)).match;

  await open(page, hostA);
  const other = await (await browser.newContext()).newPage();
  await open(other, hostB);

  // A wrong token is refused with the server's reason, in the control and in the dialog.
  await expect(page.locator('.sync-status')).toHaveText('Not syncing');
  await page.locator('.sync-status').click();
  let dialog = page.getByRole('dialog', { name: 'Sync' });
  await dialog.getByLabel('Server address').fill(server);
  const axeForm = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axeForm.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await dialog.getByLabel('Token').fill('ap1_wrong');
  await dialog.getByRole('button', { name: 'Connect' }).click();
  await expect(dialog.getByRole('alert')).toContainText('does not know this token', { timeout: 15_000 });
  await expect(page.locator('.sync-status')).toHaveText('Sync error');
  await dialog.getByRole('button', { name: 'Close' }).click();

  await connect(page, server, invite(data, 'Ana'), 'Laptop');
  await page.screenshot({ path: testInfo.outputPath('sync-settings.png') });
  const axe = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
  expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
  await page.keyboard.press('Escape');
  await connect(other, server, invite(data, 'Ben'), 'Desktop');
  await other.keyboard.press('Escape');

  const passage = '李在明將於4日到7日對中國進行4天的國是訪問';
  await selectInReader(page, passage);
  await page.getByRole('button', { name: 'Quote selection', exact: true }).click();
  await expect(page.locator('.reader-doc .quote-highlight').first()).toBeVisible();

  // The other window hears of it through its host's sync and the changes feed: highlight and card, no reload.
  const cards = other.getByRole('region', { name: 'Quotes', exact: true }).locator('.quote-card');
  await expect(cards).toHaveCount(1, { timeout: 20_000 });
  await expect(cards.first()).toContainText(passage);
  await expect(other.locator('.reader-doc .quote-highlight').first()).toHaveText(passage);
  await expect(other.locator('.sync-status')).toHaveText('Synced', { timeout: 15_000 });
  await other.screenshot({ path: testInfo.outputPath('sync-received.png') });

  // Disconnecting keeps the library and stops syncing.
  await page.locator('.sync-status').click();
  dialog = page.getByRole('dialog', { name: 'Sync' });
  await dialog.getByRole('button', { name: 'Disconnect' }).click();
  await expect(page.locator('.sync-status')).toHaveText('Not syncing');
  await expect(dialog.getByLabel('Server address')).toBeVisible();
  await expect(page.locator('.reader-doc .quote-highlight').first()).toBeVisible();
});
