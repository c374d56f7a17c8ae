import type { Quote } from '../core/model';
import { copyWithCitation } from './cite/copyCitation';
import { copyAsMarkdown } from './export/clipboard';
import { t } from './i18n/i18n';
import type { Commands } from './model/commands';
import type { QuoteActions } from './panels/quoteCard';
import { toast, toastError } from './toast';

/** Runs a write; a failure becomes a toast naming what failed. */
async function attempt(run: () => Promise<unknown>, failure: string): Promise<void> {
  try {
    await run();
  } catch (err) {
    toastError(err, failure);
  }
}

/** Restores a quote from the trash, telling the user; rejects when it failed (so a Restore button can enable again). */
export async function restoreQuote(commands: Commands, id: number): Promise<Quote> {
  try {
    const quote = await commands.restoreQuote(id);
    toast(t('quote.restored'));
    return quote;
  } catch (err) {
    toastError(err, t('error.restoreQuote'));
    throw err;
  }
}

/** What every quote card, popover and menu does, over the commands: answers land in the stores, failures become toasts. */
export function quoteActions(commands: Commands, select: (quote: Quote) => void): QuoteActions {
  return {
    select,
    tag: (id, tags) => attempt(() => commands.tagQuote(id, tags), t('error.addTags')),
    untag: (id, tag) => attempt(() => commands.untagQuote(id, tag), t('error.removeTag')),
    color: (id, color) => attempt(() => commands.updateQuote(id, { color }), t('error.changeColour')),
    // A comment's failure is shown by its card, which keeps the text and retries.
    comment: async (id, comment) => void (await commands.updateQuote(id, { comment })),
    delete: (id) =>
      void attempt(async () => {
        const quote = await commands.deleteQuote(id);
        toast(t('quote.deleted'), { action: { label: t('action.undo'), run: () => void restoreQuote(commands, quote.id).catch(() => undefined) } });
      }, t('error.deleteQuote')),
    copy: (id) => void copyAsMarkdown({ kind: 'quote', quoteId: id }),
    cite: (id) => void copyWithCitation(id),
  };
}
