import { readFile } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { BrowserWindow, protocol, shell, type Session, type WebContents } from 'electron';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../app/api/serving';

/** The scheme the renderer is served from; registered as standard and secure before `ready`. */
export const APP_SCHEME = 'app';
/** The one host of {@link APP_SCHEME}; everything else on the scheme is refused. */
export const APP_HOST = 'apostil';
/** The origin of every page Apostil shows. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page the window opens. */
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/** True when `url` belongs to the app's own origin (and is not, say, `app://elsewhere`). */
export function isAppUrl(url: string | undefined | null): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/** Must run before `app` is ready: gives the app scheme an origin, a secure context and `fetch`, nothing more. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/**
 * Maps an `app://apostil/…` URL to a file under `root`, or `undefined` when the URL
 * names another host or tries to leave `root` (`..`, encoded separators, NUL).
 */
export function resolveAppFile(root: string, url: string): string | undefined {
  let pathname: string;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return undefined;
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const base = resolve(root);
  const file = resolve(base, `.${pathname === '/' ? '/index.html' : pathname}`);
  return file.startsWith(base + sep) ? file : undefined;
}

function plain(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' } });
}

/** Serves the renderer build in `uiDir` on the app scheme, read-only, with the CSP on every response. */
export function serveAppScheme(uiDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return plain(405, 'Method not allowed');
    const file = resolveAppFile(uiDir, request.url);
    if (!file) return plain(404, 'Not found');
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, {
        status: 200,
        headers: {
          'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
          'content-security-policy': CONTENT_SECURITY_POLICY,
          'x-content-type-options': 'nosniff',
          'cache-control': 'no-cache',
        },
      });
    } catch {
      return plain(404, 'Not found');
    }
  });
}

/** Opens `url` in the system browser when it is plain http(s); anything else is dropped. */
function openExternally(url: string): void {
  try {
    const { protocol: scheme } = new URL(url);
    if (scheme === 'http:' || scheme === 'https:') void shell.openExternal(url);
  } catch {
    // not a URL: ignore
  }
}

const hardened = new WeakSet<WebContents>();

/**
 * Locks down any web contents: no navigation away from the app, no new windows
 * (http(s) links go to the system browser), no `<webview>`.
 */
export function hardenContents(contents: WebContents): void {
  if (hardened.has(contents)) return;
  hardened.add(contents);
  contents.on('will-navigate', (event, url) => {
    if (isAppUrl(url)) return;
    event.preventDefault();
    openExternally(url);
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openExternally(url);
    return { action: 'deny' };
  });
}

/** Denies every permission request and check (camera, notifications, clipboard-read, devices …). */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  session.setPermissionCheckHandler(() => false);
  session.setDevicePermissionHandler(() => false);
}

/** Where the window finds its preload script and icon, and whether it may open developer tools. */
export interface WindowOptions {
  preload: string;
  icon?: string;
  /** Allow developer tools (a checkout, not a packaged build). */
  devTools?: boolean;
}

/** The one window factory: isolated, sandboxed, Node-free, showing the app entry page. */
export function createMainWindow(options: WindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 840,
    minWidth: 720,
    minHeight: 480,
    title: 'Apostil',
    show: false,
    backgroundColor: '#f7f4ee',
    ...(options.icon ? { icon: options.icon } : {}),
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: options.devTools ?? false,
    },
  });
  hardenContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(APP_ENTRY);
  return win;
}

/** The UI build folder under an application root (checkout or `app.asar`). */
export function uiDir(appRoot: string): string {
  return join(appRoot, 'dist', 'ui');
}
