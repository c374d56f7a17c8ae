import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { ApostilError } from './errors';

/** One numbered schema step read from `migrations/NNNN_slug.sql`. */
export interface Migration {
  level: number;
  name: string;
  sql: string;
}

const FILE_NAME = /^(\d{4})_[a-z0-9_-]+\.sql$/;

/** Reads the migrations folder in level order; gaps or duplicate levels are a packaging error. */
export function loadMigrations(dir: string): Migration[] {
  const migrations = readdirSync(dir)
    .map((name) => ({ name, match: FILE_NAME.exec(name) }))
    .filter((f): f is { name: string; match: RegExpExecArray } => f.match !== null)
    .map((f) => ({ level: Number(f.match[1]), name: f.name, sql: readFileSync(join(dir, f.name), 'utf8') }))
    .sort((a, b) => a.level - b.level);
  migrations.forEach((m, i) => {
    if (m.level !== i + 1) throw new Error(`Migrations in ${dir} are not numbered 1..n without gaps (found ${m.name}).`);
  });
  return migrations;
}

/** The schema level recorded in the database header. */
export function schemaLevel(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Refuses a database written by a newer Apostil, before anything touches it. */
export function assertNotNewer(level: number, latest: number, file: string): void {
  if (level > latest) {
    throw new ApostilError(
      'newer_database',
      `The database ${file} was written by a newer version of Apostil (schema level ${level}; this version understands up to ${latest}). ` +
        'It has not been changed. Update Apostil, or open a different database with --db FILE.',
    );
  }
}

/**
 * Applies every pending migration in a single transaction and records the new level
 * in `user_version`; either all of them land or none does. Returns the levels applied.
 */
export function migrate(db: Database.Database, migrations: Migration[], file: string): number[] {
  const current = schemaLevel(db);
  const latest = migrations.length;
  assertNotNewer(current, latest, file);
  const pending = migrations.filter((m) => m.level > current);
  if (pending.length === 0) return [];
  db.transaction(() => {
    for (const m of pending) {
      try {
        db.exec(m.sql);
      } catch (err) {
        throw new Error(`Migration ${m.name} failed: ${(err as Error).message}`);
      }
    }
    db.pragma(`user_version = ${latest}`);
  })();
  return pending.map((m) => m.level);
}
