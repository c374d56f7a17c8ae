import { basename, extname } from 'node:path';
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import type { Envelope } from '../app/api/channels';
import { writeFileAtomically } from '../app/core/atomicWrite';
import { ApostilError, fromStorageError } from '../app/core/errors';
import { SAVE_FILE_CHANNEL, type SaveFileRequest, type SaveFileResult } from './events';
import { UNAUTHORIZED } from './ipc';

/** Validates what the renderer hands over to be saved ({@link SaveFileRequest}). */
export const saveFileRequest: z.ZodType<SaveFileRequest> = z.strictObject({
  filename: z.string().min(1).max(255),
  mime: z.string().min(1).max(200),
  content: z.string().max(1_000_000_000),
  encoding: z.literal('base64').optional(),
});

/** Asks the user where to save `suggested` (a file name); resolves with the chosen path, or null if cancelled. */
export type AskSavePath = (suggested: string, filters: { name: string; extensions: string[] }[]) => Promise<string | null>;

export { writeFileAtomically };

/** Dialog filters for a file name: its own extension first, then any file. */
export function saveFilters(filename: string): { name: string; extensions: string[] }[] {
  const ext = extname(filename).slice(1);
  return [...(ext ? [{ name: `${ext.toUpperCase()} file`, extensions: [ext] }] : []), { name: 'All files', extensions: ['*'] }];
}

/**
 * Serves {@link SAVE_FILE_CHANNEL}: validates the request, asks where to save through
 * `ask` (the system save dialog), and writes the file atomically. Answers with an
 * envelope like every api channel, and only to frames whose URL passes `isTrusted`.
 */
export function registerSaveFile(ipc: IpcMain, isTrusted: (url: string | undefined) => boolean, ask: AskSavePath): () => void {
  ipc.handle(SAVE_FILE_CHANNEL, async (event: IpcMainInvokeEvent, payload: unknown): Promise<Envelope<SaveFileResult>> => {
    if (!isTrusted(event.senderFrame?.url)) return UNAUTHORIZED;
    const parsed = saveFileRequest.safeParse(payload);
    if (!parsed.success) {
      return {
        ok: false,
        error: { code: 'invalid_request', message: `Invalid request for ${SAVE_FILE_CHANNEL}: ${parsed.error.issues.map((i) => i.message).join('; ')}` },
      };
    }
    const { filename, content: text, encoding } = parsed.data;
    const content = encoding === 'base64' ? Buffer.from(text, 'base64') : text;
    const suggested = basename(filename.replace(/\\/g, '/'));
    const target = await ask(suggested, saveFilters(suggested));
    if (!target) return { ok: true, value: { path: null } };
    try {
      writeFileAtomically(target, content);
      return { ok: true, value: { path: target } };
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const known = fromStorageError(err);
      const kind = known instanceof ApostilError ? known.code : code === 'EACCES' || code === 'EPERM' ? 'read_only' : 'internal';
      return {
        ok: false,
        error: {
          code: kind,
          message: `Could not write ${target} (${code ?? (err as Error).message}); nothing was saved there. Choose another folder and try again.`,
        },
      };
    }
  });
  return () => ipc.removeHandler(SAVE_FILE_CHANNEL);
}
