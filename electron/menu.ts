import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { basename } from 'node:path';
import type { ImportJobs } from '../app/api/importJobs';
import { ApostilError } from '../app/core/errors';
import { readImportFile } from '../app/core/import/readFile';
import { IMPORT_EXTENSIONS } from '../app/core/model';
import type { Library } from '../app/core/library';
import { EVENT_CHANNEL, type AppEvent } from './events';

/** Sends an event to the renderer of `win`, when it is still there. */
export function sendEvent(win: BrowserWindow | null | undefined, event: AppEvent): void {
  if (win && !win.isDestroyed()) win.webContents.send(EVENT_CHANNEL, event);
}

/** What an import of several files produced: the articles stored and a line per file that failed. */
export interface ImportOutcome {
  articleIds: number[];
  failures: string[];
}

/**
 * Imports each file on its own in the background (an import job per file), recognised by
 * its content like `apostil import` and the window's Import, so the window stays
 * responsive and one bad file does not hold back the others.
 */
export async function importFiles(jobs: ImportJobs, files: readonly string[]): Promise<ImportOutcome> {
  const outcome: ImportOutcome = { articleIds: [], failures: [] };
  for (const file of files) {
    try {
      const status = await jobs.finished(jobs.start({ name: basename(file), base64: readImportFile(file).toString('base64') }));
      if (status.state === 'done') outcome.articleIds.push(...status.report.articles.map((a) => a.article.id));
      else outcome.failures.push(`${file}: ${status.state === 'failed' ? status.error.message : 'cancelled; nothing was imported.'}`);
    } catch (err) {
      const reason = err instanceof ApostilError ? err.message : `unexpected error (${(err as Error)?.message ?? String(err)})`;
      outcome.failures.push(`${file}: ${reason}`);
      if (!(err instanceof ApostilError)) console.error(err);
    }
  }
  return outcome;
}

/** Asks for files to import, imports them, reports failures, and tells the renderer to show what arrived. */
export async function importWithDialog(jobs: ImportJobs, win: BrowserWindow | null): Promise<void> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import',
    properties: ['openFile', 'multiSelections'],
    filters: [
      { name: 'Articles, Apostil backups, annotations and references', extensions: [...IMPORT_EXTENSIONS] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const { canceled, filePaths } = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
  if (canceled || filePaths.length === 0) return;
  const { articleIds, failures } = await importFiles(jobs, filePaths);
  if (failures.length) {
    const imported = filePaths.length - failures.length;
    const head = imported === 0 ? 'Nothing was imported.' : `${imported} of ${filePaths.length} files were imported.`;
    dialog.showErrorBox('Some files could not be imported', `${head}\n\n${failures.join('\n')}`);
  }
  if (failures.length < filePaths.length) sendEvent(win, { type: 'imported', articleIds: [...new Set(articleIds)] });
}

/** What the menu acts on. */
export interface MenuContext {
  library: Library;
  /** Runs File → Import… in the background. */
  jobs: ImportJobs;
  /** The window menu commands go to: the focused one, else the main one. */
  window(): BrowserWindow | null;
  /** True in a checkout (not a packaged build): shows developer tools. */
  dev: boolean;
}

/** The application menu: File (Import…, Export…), Edit (with Quote selection), View, Help. */
export function buildMenu(ctx: MenuContext): Menu {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [];
  if (mac) template.push({ role: 'appMenu' });
  template.push(
    {
      label: '&File',
      submenu: [
        {
          id: 'import',
          label: 'Import…',
          accelerator: 'CmdOrCtrl+O',
          click: () => void importWithDialog(ctx.jobs, ctx.window()),
        },
        {
          id: 'export',
          label: 'Export…',
          accelerator: 'CmdOrCtrl+Shift+S',
          click: () => sendEvent(ctx.window(), { type: 'command', command: 'export' }),
        },
        { type: 'separator' },
        mac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: '&Edit',
      submenu: [
        { role: 'undo' },
        { role: 'redo' },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        {
          id: 'quote-selection',
          label: 'Quote Selection',
          accelerator: 'CmdOrCtrl+Shift+E',
          // The renderer handles the key itself (in the browser too); the menu only shows it.
          registerAccelerator: false,
          click: () => sendEvent(ctx.window(), { type: 'command', command: 'quote-selection' }),
        },
      ],
    },
    {
      label: '&View',
      submenu: [
        { role: 'reload' },
        ...(ctx.dev ? ([{ role: 'forceReload' }, { role: 'toggleDevTools' }] as MenuItemConstructorOptions[]) : []),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    {
      role: 'help',
      submenu: [
        {
          id: 'about',
          label: 'About Apostil',
          click: () => {
            const win = ctx.window();
            const options: Electron.MessageBoxOptions = {
              type: 'info',
              title: 'About Apostil',
              message: `Apostil ${app.getVersion()}`,
              detail:
                'An offline research notebook: read articles, keep quotes, tag and search them.\n\n' +
                `Database: ${ctx.library.store.file}\nElectron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
              buttons: ['OK'],
            };
            void (win ? dialog.showMessageBox(win, options) : dialog.showMessageBox(options));
          },
        },
      ],
    },
  );
  return Menu.buildFromTemplate(template);
}
