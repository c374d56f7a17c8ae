import { t } from '../i18n/i18n';
import { call } from '../client';
import { h } from '../dom';
import { toast, toastError } from '../toast';
import { openModal } from '../widgets/dialog';

/** What can be copied as Markdown: one quote (with its citation) or one note. */
export type CopyScope = { kind: 'quote'; quoteId: number } | { kind: 'note'; noteId: number };

/**
 * Shows text selected in a read-only field for the user to copy by hand, for when
 * the window may not write to the clipboard (Electron denies the permission).
 */
function copyByHand(text: string, title: string): void {
  const field = h('textarea', { class: 'field-input copy-field', readonly: true, rows: 10, 'aria-label': t('copy.field'), spellcheck: 'false' });
  field.value = text;
  openModal({
    title,
    message: t('copy.byHand'),
    content: [field],
    className: 'copy-dialog',
  });
  field.focus();
  field.select();
}

/** Puts text on the clipboard, or shows it selected for copying by hand when that is not allowed. */
export async function copyText(text: string, done: string, title = t('menu.copy')): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    toast(done);
  } catch {
    copyByHand(text, title);
  }
}

/** Copies a quote (with its citation) or a note to the clipboard as Markdown, as the Markdown export writes it. */
export async function copyAsMarkdown(scope: CopyScope): Promise<void> {
  try {
    const { content } = await call('export:run', { format: 'md', scope });
    await copyText(content, t(scope.kind === 'quote' ? 'copy.quote.done' : 'copy.note.done'), t('quote.copyMarkdown'));
  } catch (err) {
    toastError(err, t(scope.kind === 'quote' ? 'copy.quote.failed' : 'copy.note.failed'));
  }
}
