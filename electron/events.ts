export { EVENT_CHANNEL, SAVE_FILE_CHANNEL, type AppCommand, type AppEvent, type SaveFileRequest, type SaveFileResult } from '../app/api/bridge';
