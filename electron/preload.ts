import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { channelNames, type Channel, type Envelope, type Request, type Response } from '../app/api/channels';
import { EVENT_CHANNEL, type AppEvent } from './events';

/** What the renderer sees as `window.apostil`: one function per channel, and the event feed. Nothing else. */
export interface ApostilBridge {
  channels: { [C in Channel]: (req: Request<C>) => Promise<Envelope<Response<C>>> };
  /** Calls `cb` with each event from main; returns a function that stops it. */
  onEvent(cb: (event: AppEvent) => void): () => void;
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
};

contextBridge.exposeInMainWorld('apostil', bridge);
