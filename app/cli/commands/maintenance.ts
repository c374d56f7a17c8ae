import { resolve } from 'node:path';
import { checkDatabase, restoreDatabase, writeBackup } from '../../core/backups';
import { loadMigrations } from '../../core/migrations';
import { resolveDatabasePath } from '../../core/paths';
import { UsageError } from '../args';
import type { CliCommand, CommandContext } from '../command';

/** `apostil backup FILE`: writes a consistent copy of the library. */
export const BACKUP: CliCommand = {
  name: 'backup',
  section: 'main',
  usage: ['  backup FILE                        write a consistent copy of the library to FILE'],
  options: [],
  run(ctx) {
    if (ctx.args.length !== 1) throw new UsageError('backup needs exactly one FILE to write.');
    const library = ctx.library();
    const file = writeBackup(library.store.db, resolve(ctx.args[0]!));
    ctx.print({ backup: file }, `Wrote a backup of ${library.store.file} to ${file}.`);
  },
};

/** `apostil check`: SQLite's integrity and foreign-key checks; exit status 1 when they find a problem. */
export const CHECK: CliCommand = {
  name: 'check',
  section: 'main',
  usage: ["  check                              run SQLite's integrity and foreign-key checks"],
  options: [],
  run(ctx) {
    if (ctx.args.length) throw new UsageError('check takes no arguments.');
    const library = ctx.library();
    const report = checkDatabase(library.store.db);
    const problems = [...report.integrity, ...report.foreignKeys.map((f) => `${f.table} row ${f.rowid} points at a missing ${f.parent} row`)];
    ctx.print(
      report,
      report.ok
        ? `${library.store.file}: integrity ok, foreign keys ok.`
        : `${library.store.file} has problems:\n${problems.join('\n')}\nRestore a backup with: apostil restore FILE`,
    );
    return report.ok ? 0 : 1;
  },
};

/** `apostil restore FILE`: replaces the library with a checked backup, keeping the current file in backups/ (the library is not opened). */
export function restoreDatabaseFile(ctx: CommandContext, file: string): void {
  const dbFile = resolveDatabasePath(ctx.values.db);
  const from = resolve(file);
  const { info, previous } = restoreDatabase(from, dbFile, loadMigrations(ctx.layout.migrationsDir).length);
  ctx.print(
    { restored: dbFile, from, ...info, previous },
    `Restored ${dbFile} from ${from} (${info.articles} articles, ${info.quotes} quotes).${previous ? ` The replaced file is kept as ${previous}.` : ''}`,
  );
}
