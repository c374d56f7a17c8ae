/**
 * The desktop shell's security settings, checked without an Electron binary: the
 * `electron` module is replaced by recorders, so what the shell asks Electron to do
 * (window preferences, handlers, protocol, IPC, preload bridge) is asserted directly.
 * tests/electron/app.spec.ts repeats the checks against a real Electron when one exists.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  windowOptions: [] as Record<string, unknown>[],
  loaded: [] as string[],
  external: [] as string[],
  protocolHandler: undefined as undefined | ((req: Request) => Promise<Response>),
  ipcHandlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  exposed: new Map<string, unknown>(),
  invoked: [] as [string, unknown][],
}));

vi.mock('electron', () => {
  class FakeContents {
    handlers = new Map<string, (...args: unknown[]) => void>();
    openHandler?: (details: { url: string }) => { action: string };
    on(event: string, handler: (...args: unknown[]) => void) {
      this.handlers.set(event, handler);
      return this;
    }
    setWindowOpenHandler(handler: (details: { url: string }) => { action: string }) {
      this.openHandler = handler;
    }
  }
  class BrowserWindow {
    webContents = new FakeContents();
    constructor(options: Record<string, unknown>) {
      recorded.windowOptions.push(options);
    }
    once() {}
    loadURL(url: string) {
      recorded.loaded.push(url);
      return Promise.resolve();
    }
  }
  return {
    BrowserWindow,
    shell: { openExternal: (url: string) => recorded.external.push(url) },
    protocol: {
      handle: (_scheme: string, handler: (req: Request) => Promise<Response>) => (recorded.protocolHandler = handler),
      registerSchemesAsPrivileged: () => {},
    },
    contextBridge: { exposeInMainWorld: (key: string, value: unknown) => recorded.exposed.set(key, value) },
    ipcRenderer: {
      invoke: (name: string, req: unknown) => {
        recorded.invoked.push([name, req]);
        return Promise.resolve({ ok: true, value: null });
      },
      on: () => {},
      removeListener: () => {},
    },
  };
});

const { APP_ENTRY, createMainWindow, hardenSession, isAppUrl, serveAppScheme } = await import('../../electron/window');
const { registerIpc, UNAUTHORIZED } = await import('../../electron/ipc');
const { registerSaveFile } = await import('../../electron/saveFile');
const { SAVE_FILE_CHANNEL } = await import('../../electron/events');
const { channelNames } = await import('../../app/api/channels');
const { CONTENT_SECURITY_POLICY } = await import('../../app/api/serving');
const { MIGRATIONS, openLibrary, tempDir } = await import('./helpers');
const { ImportJobs } = await import('../../app/api/importJobs');

beforeEach(() => {
  recorded.windowOptions.length = 0;
  recorded.external.length = 0;
});

describe('desktop window', () => {
  it('is isolated, sandboxed, Node-free and loads the app origin', () => {
    createMainWindow({ preload: '/x/preload.js' });
    const prefs = recorded.windowOptions[0]!.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      preload: '/x/preload.js',
    });
    expect(recorded.loaded).toContain(APP_ENTRY);
  });

  it('refuses navigation away from the app, new windows and webviews', () => {
    type Contents = { handlers: Map<string, (...a: unknown[]) => void>; openHandler: (d: { url: string }) => { action: string } };
    const win = createMainWindow({ preload: 'p.js' }) as unknown as { webContents: Contents };
    const contents = win.webContents;
    const navigate = (url: string) => {
      const event = { preventDefault: vi.fn() };
      contents.handlers.get('will-navigate')!(event, url);
      return event.preventDefault.mock.calls.length > 0;
    };
    expect(navigate('https://evil.example/')).toBe(true);
    expect(navigate('javascript:alert(1)')).toBe(true);
    expect(navigate('file:///etc/passwd')).toBe(true);
    expect(navigate('app://elsewhere/index.html')).toBe(true);
    expect(navigate('app://apostil/index.html')).toBe(false);
    expect(recorded.external).toEqual(['https://evil.example/']);
    for (const url of ['https://example.org', 'javascript:alert(1)', 'app://apostil/index.html']) {
      expect(contents.openHandler({ url })).toEqual({ action: 'deny' });
    }
    const webview = { preventDefault: vi.fn() };
    contents.handlers.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    const redirect = { preventDefault: vi.fn() };
    contents.handlers.get('will-redirect')!(redirect, 'https://evil.example/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    expect(isAppUrl('app://apostil.evil/x')).toBe(false);
  });

  it('denies every permission request and check', () => {
    const handlers: Record<string, (...a: unknown[]) => unknown> = {};
    hardenSession({
      setPermissionRequestHandler: (h: (...a: unknown[]) => unknown) => (handlers.request = h),
      setPermissionCheckHandler: (h: (...a: unknown[]) => unknown) => (handlers.check = h),
      setDevicePermissionHandler: (h: (...a: unknown[]) => unknown) => (handlers.device = h),
    } as unknown as Parameters<typeof hardenSession>[0]);
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      const callback = vi.fn();
      handlers.request!({}, permission, callback);
      expect(callback).toHaveBeenCalledWith(false);
      expect(handlers.check!({}, permission)).toBe(false);
    }
    expect(handlers.device!({})).toBe(false);
  });

  it('serves only the renderer build, with the CSP on every response', async () => {
    const ui = join(tempDir(), 'ui');
    mkdirSync(ui);
    writeFileSync(join(ui, 'index.html'), '<!doctype html><title>Apostil</title>');
    writeFileSync(join(ui, '..', 'secret.txt'), 'secret');
    serveAppScheme(ui);
    const handle = recorded.protocolHandler!;
    const ok = await handle(new Request('app://apostil/index.html'));
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe');
    for (const url of [
      'app://apostil/../secret.txt',
      'app://apostil/%2e%2e/secret.txt',
      'app://apostil/..%2fsecret.txt',
      'app://evil/index.html',
      'app://apostil/nope.js',
    ]) {
      expect((await handle(new Request(url))).status, url).toBe(404);
    }
    expect((await handle(new Request('app://apostil/index.html', { method: 'POST', body: 'x' }))).status).toBe(405);
  });
});

describe('desktop ipc', () => {
  it('serves every channel to the app frame only', () => {
    const ipc = { handle: (name: string, h: (event: unknown, payload: unknown) => unknown) => recorded.ipcHandlers.set(name, h), removeHandler: () => {} };
    const calls: [unknown, unknown][] = [];
    const service = { call: (c: unknown, p: unknown) => (calls.push([c, p]), { ok: true, value: 'served' }) };
    registerIpc(ipc as never, service as never, isAppUrl);
    expect([...recorded.ipcHandlers.keys()].sort()).toEqual([...channelNames].sort());
    const handler = recorded.ipcHandlers.get('quotes:create')!;
    expect(handler({ senderFrame: { url: 'app://apostil/index.html' } }, { articleId: 1 })).toEqual({ ok: true, value: 'served' });
    for (const frame of [{ url: 'https://evil.example/' }, { url: 'app://apostil.evil/' }, { url: 'file:///tmp/x.html' }, null, undefined]) {
      expect(handler({ senderFrame: frame }, { articleId: 1 })).toEqual(UNAUTHORIZED);
    }
    expect(calls).toHaveLength(1);
  });

  it('the preload exposes one function per channel and the event feed, nothing else', async () => {
    await import('../../electron/preload');
    const bridge = recorded.exposed.get('apostil') as { channels: Record<string, (req: unknown) => Promise<unknown>>; onEvent: unknown };
    expect([...recorded.exposed.keys()]).toEqual(['apostil']);
    expect(Object.keys(bridge).sort()).toEqual(['channels', 'onEvent', 'saveFile']);
    expect(Object.keys(bridge.channels).sort()).toEqual([...channelNames].sort());
    expect(Object.isFrozen(bridge.channels)).toBe(true);
    await bridge.channels['quotes:list']!({ articleId: 3 });
    expect(recorded.invoked).toEqual([['quotes:list', { articleId: 3 }]]);
    expect(Object.values(bridge.channels).every((f) => typeof f === 'function')).toBe(true);
    const file = { filename: 'a.md', mime: 'text/markdown', content: '# 筆記' };
    await (bridge as unknown as { saveFile(f: unknown): Promise<unknown> }).saveFile(file);
    expect(recorded.invoked.at(-1)).toEqual([SAVE_FILE_CHANNEL, file]);
  });
});

describe('desktop save dialog', () => {
  const APP_FRAME = { senderFrame: { url: 'app://apostil/index.html' } };
  type SaveHandler = (event: unknown, payload: unknown) => Promise<unknown>;

  /** Registers the save handler with `ask` standing in for the system dialog; returns the handler and what it was asked. */
  function register(ask: (suggested: string) => string | null) {
    const handlers = new Map<string, SaveHandler>();
    const asked: { suggested: string; filters: unknown }[] = [];
    const ipc = { handle: (name: string, h: SaveHandler) => handlers.set(name, h), removeHandler: (name: string) => handlers.delete(name) };
    const stop = registerSaveFile(ipc as never, isAppUrl, (suggested, filters) => {
      asked.push({ suggested, filters });
      return Promise.resolve(ask(suggested));
    });
    return { handler: handlers.get(SAVE_FILE_CHANNEL)!, asked, stop, handlers };
  }

  it('asks where to save with the export’s name and writes exactly its content there', async () => {
    const dir = tempDir();
    const target = join(dir, 'chosen.csv');
    const { handler, asked } = register(() => target);
    const content = '\uFEFFquote,comment\r\n"稀土 𠮷",""\r\n';
    expect(await handler(APP_FRAME, { filename: 'apostil-all-2026-11-26.csv', mime: 'text/csv', content })).toEqual({ ok: true, value: { path: target } });
    expect(asked).toEqual([
      {
        suggested: 'apostil-all-2026-11-26.csv',
        filters: [
          { name: 'CSV file', extensions: ['csv'] },
          { name: 'All files', extensions: ['*'] },
        ],
      },
    ]);
    expect(readFileSync(target, 'utf8')).toBe(content);
    expect(readdirSync(dir)).toEqual(['chosen.csv']);
  });

  it('writes nothing when the dialog is cancelled, and suggests only a bare file name', async () => {
    const { handler, asked } = register(() => null);
    expect(await handler(APP_FRAME, { filename: '../../etc/passwd', mime: 'text/plain', content: 'x' })).toEqual({ ok: true, value: { path: null } });
    expect(asked[0]!.suggested).toBe('passwd');
  });

  it('refuses other frames and invalid requests before asking anything', async () => {
    const { handler, asked } = register(() => join(tempDir(), 'never.txt'));
    for (const frame of [{ url: 'https://evil.example/' }, null]) {
      expect(await handler({ senderFrame: frame }, { filename: 'a.txt', mime: 'text/plain', content: 'x' })).toEqual(UNAUTHORIZED);
    }
    for (const bad of [
      null,
      {},
      { filename: '', mime: 'text/plain', content: '' },
      { filename: 'a', mime: 'b', content: 1 },
      { filename: 'a', mime: 'b', content: 'c', extra: 1 },
    ]) {
      expect(await handler(APP_FRAME, bad)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(asked).toEqual([]);
  });

  it('a failed write answers with the reason and leaves an existing file as it was', async () => {
    const dir = tempDir();
    const existing = join(dir, 'notes.md');
    writeFileSync(existing, 'before');
    const { handler } = register(() => join(dir, 'missing-folder', 'notes.md'));
    const answer = (await handler(APP_FRAME, { filename: 'notes.md', mime: 'text/markdown', content: 'after' })) as { ok: boolean; error: { message: string } };
    expect(answer.ok).toBe(false);
    expect(answer.error.message).toMatch(/Could not write .*missing-folder.*nothing was saved/);
    expect(readFileSync(existing, 'utf8')).toBe('before');
    expect(readdirSync(dir)).toEqual(['notes.md']);
  });

  it('the handler is removed again', () => {
    const { stop, handlers } = register(() => null);
    stop();
    expect(handlers.size).toBe(0);
  });
});

describe('desktop menu import', () => {
  it('imports in the background, recognising each file by content like the window’s Import; one bad file does not hold back the others', async () => {
    const { importFiles } = await import('../../electron/menu');
    const lib = openLibrary();
    const dir = tempDir();
    const files = {
      'a.txt': '第一篇\n\n稀土出口管制。',
      'b.html': '<html><head><title>第二篇</title><script>alert(1)</script></head><body><p>晶片出口。</p></body></html>',
      'refs.bib': '@article{k, title={半導體}, journal={科學}, year={2025}}',
      'broken.json': '{"format":',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    const paths = Object.keys(files).map((n) => join(dir, n));
    const jobs = new ImportJobs({ databaseFile: lib.store.file, migrationsDir: MIGRATIONS, workerScript: resolve('dist/worker/import.js') });
    const outcome = await importFiles(jobs, [...paths, join(dir, 'absent.txt')]);
    expect(outcome.articleIds).toHaveLength(2);
    expect(
      lib.articles
        .list()
        .map((a) => a.title)
        .sort(),
    ).toEqual(['第一篇', '第二篇']);
    expect(lib.articles.body(outcome.articleIds[1]!)).not.toContain('alert');
    expect(lib.store.stmt<{ n: number }>('SELECT count(*) AS n FROM sources').get()!.n).toBeGreaterThanOrEqual(1);
    expect(outcome.failures).toHaveLength(2);
    expect(outcome.failures[0]).toMatch(/broken\.json: .*JSON/);
    expect(outcome.failures[1]).toMatch(/absent\.txt: Cannot read/);
  });
});
