import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { channelNames, type Envelope } from '../app/api/channels';
import type { Service } from '../app/api/service';

/** The answer to a call from a frame that is not Apostil's own page. */
export const UNAUTHORIZED: Envelope<never> = {
  ok: false,
  error: { code: 'unauthorized', message: 'Only Apostil’s own window may use its api.' },
};

/**
 * Serves every channel of the api over `ipcMain.handle`, and only to frames whose
 * URL passes `isTrusted` (the app origin). Returns a function that unregisters them.
 */
export function registerIpc(ipc: IpcMain, service: Service, isTrusted: (url: string | undefined) => boolean): () => void {
  for (const name of channelNames) {
    ipc.handle(name, (event: IpcMainInvokeEvent, payload: unknown) => {
      if (!isTrusted(event.senderFrame?.url)) return UNAUTHORIZED;
      return service.call(name, payload);
    });
  }
  return () => {
    for (const name of channelNames) ipc.removeHandler(name);
  };
}
