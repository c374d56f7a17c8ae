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
