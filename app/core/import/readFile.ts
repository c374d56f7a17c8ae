import { readFileSync, statSync, type Stats } from 'node:fs';
import { ApostilError } from '../errors';
import { MAX_BACKUP_BYTES } from '../limits';

/**
 * Reads a file to import from disk, refusing anything but a regular file (a FIFO would
 * block, a device never end) and one larger than any importable file before reading it,
 * and naming the file when it cannot be read.
 */
export function readImportFile(file: string): Buffer {
  let stat: Stats;
  try {
    stat = statSync(file);
  } catch {
    throw new ApostilError('not_found', `Cannot read ${file}: no such file or not readable. Nothing was imported.`);
  }
  if (!stat.isFile()) {
    throw new ApostilError(
      'bad_file',
      `${file} is not a regular file (it is a folder, pipe, socket or device); Apostil imports files only. Nothing was imported.`,
    );
  }
  const { size } = stat;
  if (size > MAX_BACKUP_BYTES) {
    throw new ApostilError('too_large', `${file} is ${size} bytes; Apostil imports files up to ${MAX_BACKUP_BYTES} bytes. Nothing was imported.`);
  }
  try {
    return readFileSync(file);
  } catch {
    throw new ApostilError('not_found', `Cannot read ${file}: no such file or not readable. Nothing was imported.`);
  }
}
