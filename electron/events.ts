/** The one channel main uses to tell the renderer something unasked. */
export const EVENT_CHANNEL = 'apostil:event';

/** Commands the menu asks the renderer to carry out. */
export type AppCommand = 'import' | 'quote-selection';

/** What main sends on {@link EVENT_CHANNEL}. */
export type AppEvent = { type: 'imported'; articleIds: number[] } | { type: 'command'; command: AppCommand };
