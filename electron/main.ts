import { join, resolve } from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, Menu, session } from 'electron';
import { Service } from '../app/api/service';
import { ApostilError } from '../app/core/errors';
import { Library } from '../app/core/library';
import { appLayout, DATABASE_FILE, resolveDatabasePath } from '../app/core/paths';
import { bundledWorkerScript, ImportJobs } from '../app/api/importJobs';
import { OPEN_POLICY } from '../app/core/fetchPage';
import { warmCitations } from '../app/core/cite/styles';
import { SyncHost } from '../app/sync/background';
import { registerIpc } from './ipc';
import { registerSaveFile } from './saveFile';
import { buildMenu } from './menu';
import { createMainWindow, hardenContents, hardenSession, isAppUrl, registerAppScheme, serveAppScheme, uiDir } from './window';

/** The database named on the command line as `--db=FILE` or `--db FILE`, if any. */
export function dbArgument(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg.startsWith('--db=')) return arg.slice('--db='.length) || undefined;
    if (arg === '--db' && argv[i + 1] && !argv[i + 1]!.startsWith('-')) return argv[i + 1];
  }
  return undefined;
}

let library: Library | undefined;
let mainWindow: BrowserWindow | null = null;
let stopBackups: (() => void) | undefined;
let jobs: ImportJobs | undefined;
let sync: SyncHost | undefined;

function openLibrary(root: string): Library | undefined {
  const explicit = dbArgument(process.argv);
  const file = resolveDatabasePath(explicit && resolve(explicit), process.env, app.getPath('userData'));
  try {
    const lib = Library.open(file, appLayout(root).migrationsDir);
    try {
      lib.importSampleOnce(appLayout(root).sampleArticle);
    } catch (err) {
      console.error('Apostil could not import the sample article:', err);
    }
    stopBackups = lib.startBackupSchedule();
    return lib;
  } catch (err) {
    if (err instanceof ApostilError && (err.code === 'newer_database' || err.code === 'corrupt_database')) {
      dialog.showErrorBox('Apostil cannot open its database', err.message);
    } else {
      console.error(err);
      dialog.showErrorBox(
        'Apostil cannot open its database',
        `${file} could not be opened: ${(err as Error)?.message ?? String(err)}\n\n` +
          `Start Apostil with --db=FILE (or set APOSTIL_DB) to use another database than ${DATABASE_FILE}.`,
      );
    }
    return undefined;
  }
}

function showWindow(root: string): void {
  if (mainWindow && !mainWindow.isDestroyed()) {
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
    return;
  }
  mainWindow = createMainWindow({
    preload: join(__dirname, 'preload.js'),
    devTools: !app.isPackaged,
    ...(process.platform === 'linux' ? { icon: join(root, 'resources', 'icons', '512x512.png') } : {}),
  });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });
}

function closeLibrary(): void {
  stopBackups?.();
  const lib = library;
  library = undefined;
  try {
    lib?.close();
  } catch (err) {
    console.error('Apostil could not close its database cleanly:', err);
  }
}

async function start(): Promise<void> {
  await app.whenReady();
  const root = app.getAppPath();
  library = openLibrary(root);
  if (!library) {
    app.exit(1);
    return;
  }
  hardenSession(session.defaultSession);
  serveAppScheme(uiDir(root));
  // The desktop app fetches whatever address its user types, local servers and files included.
  const importJobs = new ImportJobs({
    databaseFile: library.store.file,
    migrationsDir: appLayout(root).migrationsDir,
    workerScript: bundledWorkerScript(__dirname),
    fetchPolicy: OPEN_POLICY,
  });
  jobs = importJobs;
  warmCitations(library);
  const service = new Service(library, console.error, importJobs);
  // The main process owns the sync connection (never the renderer): started when the library is connected to a server.
  sync = new SyncHost(service, (e) => console.error('Apostil sync:', e));
  sync.start();
  registerIpc(ipcMain, service, isAppUrl);
  registerSaveFile(ipcMain, isAppUrl, async (suggested, filters) => {
    const win = BrowserWindow.getFocusedWindow() ?? mainWindow;
    const options: Electron.SaveDialogOptions = { defaultPath: join(app.getPath('downloads'), suggested), filters };
    const { canceled, filePath } = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
    return canceled || !filePath ? null : filePath;
  });
  const lib = library;
  Menu.setApplicationMenu(
    buildMenu({
      library: lib,
      jobs: importJobs,
      window: () => BrowserWindow.getFocusedWindow() ?? mainWindow,
      dev: !app.isPackaged,
    }),
  );
  showWindow(root);
  app.on('activate', () => showWindow(root));
  app.on('second-instance', () => showWindow(root));
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  if (process.platform === 'win32') app.setAppUserModelId('org.apostil.app');
  registerAppScheme();
  app.on('web-contents-created', (_event, contents) => hardenContents(contents));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app.on('will-quit', (event) => {
    // A running import is asked to stop (it rolls back) and the sync connection is closed before the library closes.
    const running = jobs;
    const syncing = sync;
    jobs = undefined;
    sync = undefined;
    if (!running && !syncing) return closeLibrary();
    event.preventDefault();
    void Promise.all([running?.idle(true), syncing?.stop()]).finally(() => {
      closeLibrary();
      app.quit();
    });
  });
  start().catch((err: unknown) => {
    console.error(err);
    dialog.showErrorBox('Apostil could not start', (err as Error)?.stack ?? String(err));
    closeLibrary();
    app.exit(1);
  });
}
