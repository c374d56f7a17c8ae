import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { EVENT_CHANNEL, SAVE_FILE_CHANNEL, type ApostilBridge, type AppEvent } from '../app/api/bridge';
import { channelNames } from '../app/api/channels';

export type { ApostilBridge } from '../app/api/bridge';

const channels = Object.fromEntries(channelNames.map((name) => [name, (req: unknown) => ipcRenderer.invoke(name, req)])) as ApostilBridge['channels'];

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
