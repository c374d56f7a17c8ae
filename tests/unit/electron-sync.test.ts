/**
 * The desktop main process owns the sync connection: electron/main.ts is started against a
 * recording stand-in for the `electron` module (no binary needed), on a library connected to a
 * sync server in this test; writes made through its IPC handlers reach another device, and
 * `sync:disconnect` / `sync:connect` through IPC close and reopen the connection.
 */
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const recorded = vi.hoisted(() => ({
  ipcHandlers: new Map<string, (event: unknown, payload: unknown) => unknown>(),
  appHandlers: new Map<string, (...args: unknown[]) => void>(),
  quit: 0,
  errors: [] as string[],
}));

vi.mock('electron', () => {
  class FakeContents {
    on() {
      return this;
    }
    setWindowOpenHandler() {}
  }
  class BrowserWindow {
    static getFocusedWindow() {
      return null;
    }
    webContents = new FakeContents();
    on() {}
    once() {}
    loadURL() {
      return Promise.resolve();
    }
    isDestroyed() {
      return false;
    }
  }
  const session = { setPermissionRequestHandler() {}, setPermissionCheckHandler() {}, setDevicePermissionHandler() {} };
  return {
    app: {
      isPackaged: false,
      requestSingleInstanceLock: () => true,
      enableSandbox() {},
      setAppUserModelId() {},
      whenReady: () => Promise.resolve(),
      getAppPath: () => resolve('.'),
      getPath: () => resolve('.'),
      getVersion: () => '0.0.0',
      on: (name: string, handler: (...args: unknown[]) => void) => recorded.appHandlers.set(name, handler),
      quit: () => recorded.quit++,
      exit: () => recorded.quit++,
    },
    BrowserWindow,
    dialog: { showErrorBox: (_t: string, m: string) => recorded.errors.push(m), showSaveDialog: () => Promise.resolve({ canceled: true }) },
    ipcMain: { handle: (name: string, h: (event: unknown, payload: unknown) => unknown) => recorded.ipcHandlers.set(name, h), removeHandler() {} },
    Menu: { setApplicationMenu() {}, buildFromTemplate: () => ({}) },
    session: { defaultSession: session },
    protocol: { handle() {}, registerSchemesAsPrivileged() {} },
    shell: { openExternal() {} },
  };
});

const { Library } = await import('../../app/core/library');
const { connectLibrary } = await import('../../app/sync/setup');
const { MIGRATIONS, tempDir } = await import('./helpers');
const { device, TestServer } = await import('./sync-harness');

const dir = tempDir();
const server = new TestServer(join(dir, 'server'));
const url = await server.start();
const file = join(dir, 'desktop.db');
const setup = Library.open(file, MIGRATIONS);
await connectLibrary(setup, url, server.invite(), 'Desktop');
setup.close();
const other = device(dir, 'other');
await other.connect(url, server.invite());

afterAll(async () => {
  await other.close();
  await server.stop();
});

const frame = { senderFrame: { url: 'app://apostil/index.html' } };
/** Calls a channel the way the renderer does, through the recorded ipcMain handler. */
function ipc<T>(channel: string, payload: unknown = {}): T {
  const r = recorded.ipcHandlers.get(channel)!(frame, payload) as { ok: boolean; value: T; error?: { message: string } };
  if (!r.ok) throw new Error(`${channel}: ${r.error?.message}`);
  return r.value;
}

async function until(check: () => boolean, what: string, ms = 15_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const state = () => ipc<{ status: { state: string; pending: number } }>('sync:status').status.state;

describe('desktop background sync', () => {
  it('syncs a connected library from the main process, and connects and disconnects on request', async () => {
    process.argv.push(`--db=${file}`);
    await import('../../electron/main');
    await until(() => recorded.ipcHandlers.has('sync:status'), 'the main process to register its handlers');
    expect(recorded.errors).toEqual([]);
    await until(() => state() === 'synced', 'the main process to sync');

    ipc('notes:create', { title: 'written on the desktop' });
    const notes = () => other.call<{ notes: { title: string }[] }>('notes:list', {}).notes.map((n) => n.title);
    other.online();
    await until(() => notes().includes('written on the desktop'), 'the desktop note to reach the other device');

    expect(ipc<{ status: { state: string } }>('sync:disconnect').status.state).toBe('disconnected');
    ipc('notes:create', { title: 'while disconnected' });
    await new Promise((r) => setTimeout(r, 500));
    expect(notes()).not.toContain('while disconnected');

    expect(() => ipc('sync:connect', { url: 'ws://192.0.2.1:8787', token: 'x' })).toThrow(/plain ws:\/\//);
    expect(ipc<{ status: { state: string } }>('sync:connect', { url, token: 'ap1_not-a-token' }).status.state).toBe('connecting');
    await until(() => state() === 'error', 'a refused token to show as an error');
    expect(ipc<{ status: { error?: string } }>('sync:status').status.error).toMatch(/does not know this token/);

    ipc('sync:connect', { url, token: server.invite(), name: 'Desktop again' });
    await until(() => state() === 'synced', 'the reconnected library to sync');
    await until(() => notes().includes('while disconnected'), 'what was written while disconnected to arrive');

    const quit = recorded.appHandlers.get('will-quit')!;
    quit({ preventDefault() {} });
    await until(() => recorded.quit > 0, 'the app to quit after closing the connection');
  }, 60_000);
});
