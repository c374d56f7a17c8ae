import { call } from '../client';
import { copyText } from '../export/clipboard';
import { t } from '../i18n/i18n';
import { toast, toastError } from '../toast';

/**
 * *Copy with citation*: puts the quote (in the quote marks of its language), its
 * citation in the chosen style and its bibliography entry on the clipboard as HTML and
 * plain text, so word processors keep the italics; where the window may not write
 * rich text, the plain text is copied (or shown to copy by hand).
 */
export async function copyWithCitation(quoteId: number): Promise<void> {
  let cited: { text: string; html: string };
  try {
    cited = await call('cite:quote', { id: quoteId });
  } catch (err) {
    toastError(err, t('cite.copy.failed'));
    return;
  }
  try {
    const item = new ClipboardItem({
      'text/html': new Blob([cited.html], { type: 'text/html' }),
      'text/plain': new Blob([cited.text], { type: 'text/plain' }),
    });
    await navigator.clipboard.write([item]);
    toast(t('cite.copy.done'));
  } catch {
    await copyText(cited.text, t('cite.copy.done'), t('cite.copy'));
  }
}
