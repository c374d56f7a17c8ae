import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';

/**
 * Writes a file so that `target` is either untouched or complete: `produce` writes its
 * chunks into a sibling `NAME.partial`, which is flushed to disk and renamed over the
 * target. On any failure (a full disk, a failing producer) the partial file is removed
 * and the error rethrown.
 */
export function writeAtomically(target: string, produce: (write: (chunk: string | Uint8Array) => void) => void): void {
  const partial = `${target}.partial`;
  const fd = openSync(partial, 'w');
  let open = true;
  try {
    produce((chunk) => {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      for (let at = 0; at < bytes.length;) at += writeSync(fd, bytes, at);
    });
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(partial, target);
  } catch (err) {
    if (open) closeSync(fd);
    rmSync(partial, { force: true });
    throw err;
  }
}

/** Writes `content` to `target` with {@link writeAtomically}. */
export function writeFileAtomically(target: string, content: string | Uint8Array): void {
  writeAtomically(target, (write) => write(content));
}
