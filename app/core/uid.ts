import { randomUUID } from 'node:crypto';

/** A new random identity that stays stable across exports and merges. */
export function newUuid(): string {
  return randomUUID();
}
