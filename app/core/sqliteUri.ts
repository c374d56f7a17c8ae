/**
 * Lets SQLite read `file:` URIs (for `immutable=1`, which reads a library on read-only
 * media without creating `-wal`/`-shm` files). better-sqlite3 reads this once, when it
 * loads, so every module that loads it imports this module first.
 */
process.env.SQLITE_USE_URI ??= '1';
export {};
