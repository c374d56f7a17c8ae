import type { Response } from '../../api/channels';
import { h } from '../dom';

/** An export as the api answers it: the whole file, a suggested name and a media type. */
export type ExportFile = Response<'export:run'>;

/** How long a download's object URL stays valid; the browser has read it well before. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Writes an export where the user wants it: through the shell's save dialog when it
 * offers one (`window.apostil.saveFile`), otherwise as a download of a Blob URL
 * through `<a download>` (the web host, and Electron, which asks where to save).
 * Resolves false when the user cancelled a save dialog.
 */
export async function saveFile(file: ExportFile): Promise<boolean> {
  const native = window.apostil?.saveFile;
  if (native) return native(file);
  const url = URL.createObjectURL(new Blob([file.content], { type: file.mime }));
  const link = h('a', { href: url, download: file.filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return true;
}
