import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, type Channel, type Envelope, type Request, type Response } from '../app/api/channels';
import { EVENT_CHANNEL, SAVE_FILE_CHANNEL, type AppEvent, type SaveFileRequest, type SaveFileResult } from './events';

/** What the renderer sees as `window.apostil`: one function per channel, the event feed and the save dialog. Nothing else. */
export interface ApostilBridge {
  channels: { [C in Channel]: (req: Request<C>) => Promise<Envelope<Response<C>>> };
  /** Calls `cb` with each event from main; returns a function that stops it. */
  onEvent(cb: (event: AppEvent) => void): () => void;
  /** Saves a file where the user chooses in the system save dialog; `path` is null when cancelled. */
  saveFile(file: SaveFileRequest): Promise<Envelope<SaveFileResult>>;
}

const channels = Object.fromEntries(
  channelNames.map((name) => [name, (req: unknown) => ipcRenderer.invoke(name, req)]),
) as ApostilBridge['channels'];

const bridge: ApostilBridge = {
  channels: Object.freeze(channels),
  onEvent(cb) {
    if (typeof cb !== 'function') throw new TypeError('onEvent needs a function.');
    const listener = (_event: IpcRendererEvent, payload: AppEvent) => cb(payload);
    ipcRenderer.on(EVENT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(EVENT_CHANNEL, listener);
    };
  },
  saveFile: (file) => ipcRenderer.invoke(SAVE_FILE_CHANNEL, file),
};

contextBridge.exposeInMainWorld('apostil', bridge);
