import { t } from '../i18n/i18n';
import { h } from '../dom';
import { ask } from '../widgets/dialog';

/** Asks for text to import as an article; resolves with it, or null when cancelled or empty. */
export function askPastedText(opts: { title: string; message: string; confirm: string }): Promise<string | null> {
  const field = h('textarea', {
    class: 'field-input paste-field',
    rows: 12,
    'aria-label': t('paste.field'),
    placeholder: '習近平將接待李在明\n\n中國國家主席習近平4日將接待來訪的南韓總統李在明……',
  });
  return ask({
    ...opts,
    className: 'paste-dialog',
    fields: [field],
    read: () => (field.value.trim() ? field.value : undefined),
  });
}
