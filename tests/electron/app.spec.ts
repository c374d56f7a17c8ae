import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { channelNames } from '../../app/api/channels';
import { app as ui, SAMPLE, selectInReader } from '../e2e/fixtures';

// The desktop shell end to end: the real Electron binary, main process, preload and
// renderer, on a database of its own.

const ROOT = join(__dirname, '..', '..');

/** Electron's binary, or why it cannot be used (it is downloaded by electron's postinstall). */
function electronBinary(): { path?: string; reason?: string } {
  let path: string;
  try {
    path = createRequire(join(ROOT, 'package.json'))('electron') as string;
  } catch {
    return { reason: "electron's download step did not run or failed, so node_modules/electron/path.txt is missing" };
  }
  return existsSync(path) ? { path } : { reason: `${path} is missing` };
}

/** Whether better-sqlite3 is currently built for Electron rather than Node. */
function nativeModuleLoads(path: string): { ok: boolean; error: string } {
  const res = spawnSync(path, ['-e', "new (require('better-sqlite3'))(':memory:').close()"], {
    cwd: ROOT,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { ok: res.status === 0, error: (res.stderr || res.error?.message || '').split('\n')[0] ?? '' };
}

const binary = electronBinary();

test.describe('desktop shell', () => {
  // One app for the whole file, in one worker, even under `fullyParallel`.
  test.describe.configure({ mode: 'default' });
  test.skip(!binary.path, `Electron binary not installed (npm ci could not download it): ${binary.reason}`);

  let dir: string;
  let electronApp: ElectronApplication;
  let page: Page;

  test.beforeAll(async () => {
    const native = nativeModuleLoads(binary.path!);
    test.skip(!native.ok, `better-sqlite3 is not built for Electron (${native.error}); run \`node scripts/native.mjs ensure electron\` first`);
    dir = mkdtempSync(join(tmpdir(), 'apostil-electron-'));
    const args = [ROOT, `--db=${join(dir, 'apostil.db')}`];
    // Chromium's own sandbox cannot start as root; the renderer stays sandboxed by Electron's settings.
    if (process.getuid?.() === 0) args.unshift('--no-sandbox');
    electronApp = await electron.launch({
      executablePath: binary.path!,
      args,
      cwd: ROOT,
      env: { ...process.env, APOSTIL_DB: '', XDG_CONFIG_HOME: join(dir, 'config'), ELECTRON_ENABLE_LOGGING: '1' },
    });
    page = await electronApp.firstWindow();
    await expect(page.locator('.reader-doc h1')).not.toBeEmpty({ timeout: 15_000 });
  });

  test.afterAll(async () => {
    await electronApp?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test('opens the sample article from the app origin', async () => {
    expect(page.url()).toBe('app://apostil/index.html');
    await expect(page.locator('.reader-doc h1')).toContainText(SAMPLE.heading);
    await expect(ui(page).articles).toHaveCount(1);
  });

  test('the window is isolated, sandboxed and Node-free', async () => {
    const prefs = await electronApp.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      // Undocumented but long-standing: the preferences the renderer was actually created with.
      const read: unknown = Reflect.get(contents, 'getLastWebPreferences');
      if (typeof read !== 'function') throw new Error('webContents.getLastWebPreferences is gone; find another way to read them');
      const p = Reflect.apply(read, contents, []) as Electron.WebPreferences;
      return {
        contextIsolation: p.contextIsolation,
        sandbox: p.sandbox,
        nodeIntegration: p.nodeIntegration,
        webSecurity: p.webSecurity,
        webviewTag: p.webviewTag,
      };
    });
    expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, webviewTag: false });

    const surface = await page.evaluate(() => {
      const bridge = (window as unknown as { apostil: { channels: Record<string, unknown> } }).apostil;
      return {
        keys: Object.keys(bridge).sort(),
        channels: Object.keys(bridge.channels).sort(),
        allFunctions: Object.values(bridge.channels).every((f) => typeof f === 'function'),
        require: typeof (window as unknown as { require?: unknown }).require,
        process: typeof (window as unknown as { process?: unknown }).process,
      };
    });
    expect(surface).toEqual({
      keys: ['channels', 'onEvent', 'saveFile'],
      channels: [...channelNames].sort(),
      allFunctions: true,
      require: 'undefined',
      process: 'undefined',
    });
  });

  test('navigation and new windows are refused', async () => {
    const opened = await page.evaluate(() => window.open('file:///etc/hosts'));
    expect(opened).toBeNull();
    await page.evaluate(() => {
      window.location.href = 'file:///etc/hosts';
    });
    await page.waitForTimeout(300);
    expect(page.url()).toBe('app://apostil/index.html');
    expect(electronApp.windows()).toHaveLength(1);
  });

  test('the preload answers with envelopes from the api', async () => {
    const answer = await page.evaluate(async () => {
      const bridge = (window as unknown as { apostil: { channels: Record<string, (req: unknown) => Promise<unknown>> } }).apostil;
      return { list: await bridge.channels['articles:list']!({}), bad: await bridge.channels['articles:get']!({ id: 'x' }) };
    });
    expect(answer.list).toMatchObject({ ok: true, value: { articles: [{ id: 1 }] } });
    expect(answer.bad).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });

  test('keeps a quote with the Quote selection button and from the menu', async () => {
    const passage = '首爾近半數的稀土礦產供應來自中國';
    await selectInReader(page, passage);
    await ui(page).quoteButton.click();
    await expect(ui(page).quoteCards).toHaveCount(1);
    await expect(ui(page).quoteCards.first().locator('.quote-text')).toHaveText(passage);

    const second = '北京也佔首爾年度晶片出口的三分之一';
    await selectInReader(page, second);
    await electronApp.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('quote-selection')!.click());
    await expect(ui(page).quoteCards).toHaveCount(2);

    const stored = await page.evaluate(async () => {
      const bridge = (
        window as unknown as { apostil: { channels: Record<string, (req: unknown) => Promise<{ ok: boolean; value: { quotes: { exact: string }[] } }>> } }
      ).apostil;
      return (await bridge.channels['quotes:list']!({ articleId: 1 })).value.quotes.map((q) => q.exact).sort();
    });
    expect(stored).toEqual([passage, second].sort());
  });

  test('File → Export… opens the Export dialog, which saves through the system save dialog into the chosen file', async () => {
    const target = join(dir, 'export.md');
    // The dialog itself is the operating system's; stand in for the user's choice of file.
    await electronApp.evaluate(({ dialog }, path) => {
      dialog.showSaveDialog = (() => Promise.resolve({ canceled: false, filePath: path })) as typeof dialog.showSaveDialog;
    }, target);
    await electronApp.evaluate(({ Menu }) => Menu.getApplicationMenu()!.getMenuItemById('export')!.click());
    const exportDialog = page.getByRole('dialog', { name: 'Export' });
    await expect(exportDialog.getByLabel('Preview')).toContainText('首爾近半數的稀土礦產供應來自中國');
    await exportDialog.getByRole('button', { name: 'Save', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: `Saved to ${target}.` })).toBeVisible();
    expect(readFileSync(target, 'utf8')).toContain('首爾近半數的稀土礦產供應來自中國');
  });
});
