import { existsSync } from 'node:fs';
import { Articles } from './articles';
import { BACKUP_INTERVAL_MS, listBackups, rotateBackup } from './backups';
import { Quotes } from './quotes';
import { Store } from './store';
import { Tags } from './tags';

/** Everything one Apostil database holds, as the shells and the api use it. */
export class Library {
  readonly articles: Articles;
  readonly tags: Tags;
  readonly quotes: Quotes;

  constructor(readonly store: Store) {
    this.articles = new Articles(store);
    this.tags = new Tags(store);
    this.quotes = new Quotes(store, this.articles, this.tags);
  }

  /** Opens (creating and migrating as needed) the library in `file`. */
  static open(file: string, migrationsDir: string): Library {
    return new Library(Store.open({ file, migrationsDir }));
  }

  /** A value from the settings table. */
  setting(key: string): string | undefined {
    return this.store.stmt<{ value: string }>('SELECT value FROM settings WHERE key = ?').get(key)?.value;
  }

  /** Stores a value in the settings table. */
  setSetting(key: string, value: string): void {
    this.store.stmt('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  /**
   * Imports the bundled sample article the first time a library is opened, and never
   * again (a user who deletes it does not get it back). Returns its id when imported.
   */
  importSampleOnce(samplePath: string): number | undefined {
    if (this.setting('sample_imported') || !existsSync(samplePath)) return undefined;
    return this.store.tx(() => {
      const { article } = this.articles.importFile(samplePath);
      this.setSetting('sample_imported', new Date().toISOString());
      return article.id;
    });
  }

  /**
   * Takes a rotating backup when the newest one is older than {@link BACKUP_INTERVAL_MS}
   * (or none exists yet and the library holds something). Returns the file written, if any.
   */
  backupIfDue(now = Date.now()): string | undefined {
    if (this.store.file === ':memory:') return undefined;
    const newest = listBackups(this.store.file)[0];
    if (newest && now - newest.at.getTime() < BACKUP_INTERVAL_MS) return undefined;
    if (!newest && this.articles.list().length === 0) return undefined;
    return rotateBackup(this.store.db, this.store.file, 'scheduled');
  }

  /** Closes the database cleanly. */
  close(): void {
    this.store.close();
  }
}
