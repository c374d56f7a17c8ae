/** The one channel main uses to tell the renderer something unasked. */
export const EVENT_CHANNEL = 'apostil:event';

/** Commands the menu asks the renderer to carry out. */
export type AppCommand = 'export' | 'quote-selection';

/** What main sends on {@link EVENT_CHANNEL}. */
export type AppEvent = { type: 'imported'; articleIds: number[] } | { type: 'command'; command: AppCommand };

/** The IPC channel of the system save dialog: a shell service beside the api, not part of the core. */
export const SAVE_FILE_CHANNEL = 'shell:save-file';

/** What the renderer hands over to be saved: an export as `export:run` answered it. */
export interface SaveFileRequest {
  filename: string;
  mime: string;
  content: string;
}

/** Where the file went, or null when the user cancelled the dialog. */
export interface SaveFileResult {
  path: string | null;
}
