/** Machine-readable categories of failure that every shell maps to its own surface. */
export type ErrorCode =
  | 'invalid_request'
  | 'not_found'
  | 'conflict'
  | 'too_large'
  | 'bad_file'
  | 'newer_database'
  | 'corrupt_database'
  | 'unauthorized'
  | 'busy'
  | 'disk_full'
  | 'read_only'
  | 'cancelled'
  | 'forbidden'
  | 'unsupported'
  | 'internal';

/** An expected failure with a message meant for a person; never a crash. */
export class ApostilError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'ApostilError';
  }
}

/** Throws a `not_found` error naming the kind of row and its id. */
export function notFound(kind: string, id: number | string): never {
  throw new ApostilError('not_found', `No ${kind} with id ${id}.`);
}

/** The one refusal of a change to a row in the trash, the same for every kind and every operation. */
export function inTrash(kind: 'quote' | 'note', id: number): never {
  throw new ApostilError('conflict', `${kind === 'quote' ? 'Quote' : 'Note'} ${id} is in the trash; restore it first.`);
}

const SQLITE_MESSAGES: Record<string, [ErrorCode, string]> = {
  SQLITE_BUSY: ['busy', 'Another Apostil window or command is writing to this library; nothing was saved. Try again in a moment.'],
  SQLITE_LOCKED: ['busy', 'The library is locked by another operation; nothing was saved. Try again in a moment.'],
  SQLITE_FULL: ['disk_full', 'The disk is full, so nothing was saved. Free some space and try again; your text is kept.'],
  SQLITE_READONLY: ['read_only', 'The library file is read-only, so nothing was saved. Check its permissions or choose another database.'],
  SQLITE_IOERR: ['disk_full', 'Apostil could not write to the disk, so nothing was saved. Check free space and the drive, then try again.'],
  SQLITE_CORRUPT: ['corrupt_database', 'The library file is damaged. Nothing was changed; restore the latest backup (apostil restore FILE).'],
  SQLITE_NOTADB: ['corrupt_database', 'The library file is not a database. Nothing was changed; restore the latest backup (apostil restore FILE).'],
};

/** File-system failures (Node's `err.code`) told the same way as SQLite's. */
const FILE_MESSAGES: Record<string, [ErrorCode, string]> = {
  ENOSPC: SQLITE_MESSAGES.SQLITE_FULL!,
  EDQUOT: SQLITE_MESSAGES.SQLITE_FULL!,
  EROFS: ['read_only', 'The folder is on a read-only disk, so nothing was saved there. Choose another place and try again.'],
};

/**
 * Recognises storage failures — SQLite's (busy, disk full, read-only, I/O, corruption) and
 * the file system's (no space, read-only disk) — and turns them into an {@link ApostilError}
 * a person understands; other values pass through.
 */
export function fromStorageError(err: unknown): unknown {
  if (err instanceof ApostilError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string') return err;
  const known = SQLITE_MESSAGES[code] ?? SQLITE_MESSAGES[code.replace(/_[A-Z]+$/, '')] ?? FILE_MESSAGES[code];
  return known ? new ApostilError(known[0], known[1], { sqlite: code }) : err;
}
