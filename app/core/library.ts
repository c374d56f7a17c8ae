import { existsSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { Activity } from './activity';
import { Articles } from './articles';
import { Changes } from './changes';
import { libraryCounts, type LibraryCounts } from './counts';
import { BACKUP_INTERVAL_MS, inspectDatabase, listBackups, restoreDatabase, rotateBackup, type DatabaseInfo } from './backups';
import { ApostilError } from './errors';
import type { BackupEntry } from './model';
import { loadMigrations } from './migrations';
import { Notes } from './notes';
import { Quotes } from './quotes';
import { detectScriptLang } from './script';
import { Revisions } from './revisions';
import { SearchIndex } from './search/index';
import { Search } from './search/search';
import { Sources } from './sources';
import { Store } from './store';
import { Tags } from './tags';

/** Everything one Apostil database holds, as the shells and the api use it. */
export class Library {
  articles!: Articles;
  tags!: Tags;
  quotes!: Quotes;
  sources!: Sources;
  notes!: Notes;
  revisions!: Revisions;
  search!: Search;
  searchIndex!: SearchIndex;
  changes!: Changes;
  activity!: Activity;

  constructor(public store: Store) {
    this.attach(store);
  }

  private attach(store: Store): void {
    this.store = store;
    this.articles = new Articles(store);
    this.tags = new Tags(store);
    this.quotes = new Quotes(store, this.articles, this.tags);
    this.sources = new Sources(store, this.articles);
    this.notes = new Notes(store);
    this.revisions = new Revisions(store, this.articles);
    this.search = new Search(store, this.tags);
    this.searchIndex = new SearchIndex(store);
    this.changes = new Changes(store);
    this.activity = new Activity(store);
  }

  /** How many rows of each kind the library holds, from maintained counters. */
  counts(): LibraryCounts {
    return libraryCounts(this.store);
  }

  /** Opens (creating and migrating as needed) the library in `file`, rebuilding a stale search index. */
  static open(file: string, migrationsDir: string): Library {
    const library = new Library(Store.open({ file, migrationsDir }));
    try {
      if (!library.store.readOnly) library.searchIndex.ensureCurrent();
    } catch (err) {
      library.close();
      throw err;
    }
    return library;
  }

  /**
   * Once per library: articles imported before scripts were told apart carry plain `zh`;
   * names them `zh-Hant` or `zh-Hans` from their text, so they are drawn with the right
   * punctuation forms. A library opened read-only is left as it is.
   */
  relabelChinese(): void {
    if (this.store.readOnly || this.setting('chinese_relabelled')) return;
    const rows = this.store.stmt<{ id: number; body: string }>("SELECT id, body FROM articles WHERE lang = 'zh'").all();
    this.store.tx(() => {
      for (const r of rows) {
        const lang = detectScriptLang(r.body);
        if (lang === 'zh-Hant' || lang === 'zh-Hans') this.store.stmt('UPDATE articles SET lang = ? WHERE id = ?').run(lang, r.id);
      }
      this.setSetting('chinese_relabelled', new Date().toISOString());
    });
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
    if (this.store.readOnly || this.setting('sample_imported') || !existsSync(samplePath)) return undefined;
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
    if (this.store.file === ':memory:' || this.store.readOnly) return undefined;
    const newest = listBackups(this.store.file)[0];
    if (newest && now - newest.at.getTime() < BACKUP_INTERVAL_MS) return undefined;
    if (!newest && this.articles.list().length === 0) return undefined;
    return rotateBackup(this.store.db, this.store.file, 'scheduled');
  }

  /**
   * For long-running shells: checks now and then hourly whether a scheduled backup is
   * due (a failure is logged, never thrown). Returns the function that stops it.
   */
  startBackupSchedule(log: (e: unknown) => void = console.error): () => void {
    const tick = () => {
      try {
        this.backupIfDue();
      } catch (err) {
        log(err);
      }
    };
    tick();
    const timer = setInterval(tick, 60 * 60 * 1000);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** The automatic backups of this library, newest first, by file name. */
  backups(): BackupEntry[] {
    return listBackups(this.store.file).map((b) => ({ name: basename(b.file), at: b.at.toISOString(), bytes: statSync(b.file).size }));
  }

  /** Takes a backup now into the backups folder. */
  backupNow(): BackupEntry {
    const file = rotateBackup(this.store.db, this.store.file, 'manual');
    return { name: basename(file), at: new Date().toISOString(), bytes: statSync(file).size };
  }

  /**
   * Replaces this library with one of its automatic backups (chosen by name, never by
   * path) and reopens it in place; the replaced file is kept among the backups. A backup
   * that fails its checks changes nothing.
   */
  restoreBackup(name: string): DatabaseInfo {
    const backup = listBackups(this.store.file).find((b) => basename(b.file) === name);
    if (!backup) throw new ApostilError('not_found', `There is no backup named ${name}.`);
    const { file, migrationsDir } = this.store;
    const latest = loadMigrations(migrationsDir).length;
    inspectDatabase(backup.file, latest);
    this.store.close();
    try {
      const { info } = restoreDatabase(backup.file, file, latest);
      return info;
    } finally {
      this.attach(Store.open({ file, migrationsDir }));
      this.searchIndex.ensureCurrent();
    }
  }

  /** Closes the database cleanly. */
  close(): void {
    this.store.close();
  }
}
