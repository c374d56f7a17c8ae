import { homedir } from 'node:os';
import { join } from 'node:path';

/** Name of the per-user folder; Electron derives `userData` from the same product name. */
export const PRODUCT_NAME = 'Apostil';
/** File name of the library database inside the data folder. */
export const DATABASE_FILE = 'apostil.db';

/**
 * The per-user data folder, the same one Electron's `app.getPath('userData')` returns
 * for this product: `%APPDATA%\Apostil`, `~/Library/Application Support/Apostil`,
 * or `$XDG_CONFIG_HOME/Apostil` (default `~/.config/Apostil`).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), PRODUCT_NAME);
}

/** The database to open: an explicit `--db` wins, then `APOSTIL_DB`, then the data folder. */
export function resolveDatabasePath(explicit?: string, env: NodeJS.ProcessEnv = process.env, dataDir = defaultDataDir(env)): string {
  return explicit || env.APOSTIL_DB || join(dataDir, DATABASE_FILE);
}

/** Folders inside an installed or checked-out Apostil that hold shipped files. */
export interface AppLayout {
  migrationsDir: string;
  resourcesDir: string;
  sampleArticle: string;
}

/** Locates migrations and resources under an application root (checkout, or `app.asar`). */
export function appLayout(root: string): AppLayout {
  const resourcesDir = join(root, 'resources');
  return {
    migrationsDir: join(root, 'migrations'),
    resourcesDir,
    sampleArticle: join(resourcesDir, 'sample', '2026-01-02-xi-lee-state-visit.zh-Hant.txt'),
  };
}
