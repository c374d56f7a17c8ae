import { AGREEMENT } from '../agreement';
import type { CliCommand } from '../command';
import { REFRESH } from '../intake';
import { SYNC_COMMANDS } from '../sync';
import { CITE, EXPORT } from './export';
import { IMPORT } from './import';
import { ARTICLES, REVISIONS, TAGS } from './listing';
import { BACKUP, CHECK } from './maintenance';
import { DELETE, QUOTE, QUOTES, RESTORE, TAG, UNTAG } from './quotes';
import { REINDEX, SEARCH } from './search';
import { SERVE } from './serve';

/**
 * Every `apostil` command, in the order the help lists them: the one place a command is
 * added. The dispatcher (`run.ts`) finds commands here and the help (`help.ts`) is
 * written from their usage paragraphs, so neither can miss one.
 */
export const COMMANDS: readonly CliCommand[] = [
  IMPORT,
  REVISIONS,
  EXPORT,
  CITE,
  ARTICLES,
  TAGS,
  QUOTE,
  QUOTES,
  TAG,
  UNTAG,
  DELETE,
  RESTORE,
  SEARCH,
  REINDEX,
  BACKUP,
  CHECK,
  SERVE,
  REFRESH,
  ...SYNC_COMMANDS,
  AGREEMENT,
];
