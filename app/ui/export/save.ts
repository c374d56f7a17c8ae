import type { Response } from '../../api/channels';
import { ApiCallError } from '../client';
import { h } from '../dom';

/** An export as the api answers it: the whole file, a suggested name and a media type. */
export type ExportFile = Response<'export:run'>;

/** How long a download's object URL stays valid; the browser has read it well before. */
const REVOKE_AFTER_MS = 60_000;

/**
 * Writes an export where the user wants it: through the desktop shell's system save
 * dialog when there is one (`window.apostil.saveFile`, which writes the file in the
 * main process), otherwise as a download of a Blob URL through `<a download>` (the
 * web host). Resolves with where it went — a path, `download`, or null when the user
 * cancelled the save dialog — and throws the shell's error when writing failed.
 */
export async function saveFile(file: ExportFile): Promise<string | null> {
  const native = window.apostil?.saveFile;
  if (native) {
    const answer = await native({ filename: file.filename, mime: file.mime, content: file.content, encoding: file.encoding });
    if (!answer.ok) throw new ApiCallError(answer.error.code, answer.error.message);
    return answer.value.path;
  }
  const body = file.encoding === 'base64' ? Uint8Array.from(atob(file.content), (c) => c.charCodeAt(0)) : file.content;
  const url = URL.createObjectURL(new Blob([body], { type: file.mime }));
  const link = h('a', { href: url, download: file.filename, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  return 'download';
}
