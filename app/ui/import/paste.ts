import { t } from '../i18n/i18n';
import { h } from '../dom';
import { ask } from '../widgets/dialog';

/** Asks for text to import as an article; resolves with it, or null when cancelled or empty. */
export function askPastedText(opts: { title: string; message: string; confirm: string }): Promise<string | null> {
  const field = h('textarea', {
    class: 'field-input paste-field',
    rows: 12,
    'aria-label': t('paste.field'),
    placeholder: t('paste.placeholder'),
  });
  return ask({
    ...opts,
    className: 'paste-dialog',
    fields: [field],
    read: () => (field.value.trim() ? field.value : undefined),
  });
}
