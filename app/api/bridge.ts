import type { Channel, Envelope, Request, Response } from './channels';

/**
 * The desktop bridge: what Electron's preload puts on `window.apostil` and what the
 * renderer expects there. One home for these types, so preload, main and the
 * renderer's client cannot drift apart.
 */

/** The one IPC channel main uses to tell the renderer something unasked. */
export const EVENT_CHANNEL = 'apostil:event';

/** The IPC channel of the system save dialog: a shell service beside the api, not part of the core. */
export const SAVE_FILE_CHANNEL = 'shell:save-file';

/** Commands the menu asks the renderer to carry out. */
export type AppCommand = 'export' | 'quote-selection';

/** What main sends on {@link EVENT_CHANNEL}. */
export type AppEvent = { type: 'imported'; articleIds: number[] } | { type: 'command'; command: AppCommand };

/** What the renderer hands over to be saved: an export as `export:run` answered it. */
export interface SaveFileRequest {
  filename: string;
  mime: string;
  content: string;
  /** `base64` when `content` is a binary file (Word) written as base64. */
  encoding?: 'base64';
}

/** Where the file went, or null when the user cancelled the dialog. */
export interface SaveFileResult {
  path: string | null;
}

/** What the renderer sees as `window.apostil`: one function per channel, the event feed and the save dialog. Nothing else. */
export interface ApostilBridge {
  channels: { [C in Channel]: (req: Request<C>) => Promise<Envelope<Response<C>>> };
  /** Calls `cb` with each event from main; returns a function that stops it. */
  onEvent(cb: (event: AppEvent) => void): () => void;
  /** Saves a file where the user chooses in the system save dialog; `path` is null when cancelled. */
  saveFile(file: SaveFileRequest): Promise<Envelope<SaveFileResult>>;
}
