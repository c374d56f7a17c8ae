import { readFileSync, statSync } from 'node:fs';
import { ApostilError } from '../errors';
import { MAX_BACKUP_BYTES } from '../limits';

/**
 * Reads a file to import from disk, refusing one larger than any importable file
 * before reading it and naming the file when it cannot be read.
 */
export function readImportFile(file: string): Buffer {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw new ApostilError('not_found', `Cannot read ${file}: no such file or not readable. Nothing was imported.`);
  }
  if (size > MAX_BACKUP_BYTES) {
    throw new ApostilError('too_large', `${file} is ${size} bytes; Apostil imports files up to ${MAX_BACKUP_BYTES} bytes. Nothing was imported.`);
  }
  try {
    return readFileSync(file);
  } catch {
    throw new ApostilError('not_found', `Cannot read ${file}: no such file or not readable. Nothing was imported.`);
  }
}
