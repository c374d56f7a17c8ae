import { call } from './client';
import { h } from './dom';
import { t } from './i18n/i18n';

let readOnly = false;

/** Controls that write, disabled while the library is read-only (found by selector, since some are drawn later). */
const WRITING = '#quote-button, .library-pane .toolbar-group > .button, .library-pane .subheader-tools .icon-button, .article-lang';

/** True when the library sits on a read-only location (`app:info`), so the window only reads. */
export function isReadOnly(): boolean {
  return readOnly;
}

/** Marks what cannot be written now: writing buttons disabled, the Quotes panel's fields and note editors read-only. */
function disableWriting(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLButtonElement>(WRITING)) el.disabled = true;
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(
    '.quotes-pane input:not([type]), .quotes-pane input[type="text"], .quotes-pane textarea',
  ))
    el.readOnly = true;
  for (const el of root.querySelectorAll<HTMLElement>('.ProseMirror[contenteditable="true"]')) el.contentEditable = 'false';
}

/**
 * Asks the host whether the library is read-only and, when it is, shows a banner
 * saying so above the centre pane and keeps writing controls disabled, including
 * those views draw later (the core refuses writes anyway, with `read_only`).
 */
export async function checkReadOnly(app: HTMLElement): Promise<boolean> {
  readOnly = (await call('app:info', {})).readOnly;
  if (!readOnly) return false;
  document.body.classList.add('read-only');
  app
    .querySelector('.center-pane')
    ?.prepend(h('div', { class: 'read-only-banner', role: 'status' }, h('strong', {}, t('readOnly.title')), ' ', t('readOnly.text')));
  disableWriting(app);
  new MutationObserver(() => disableWriting(app)).observe(app, { childList: true, subtree: true });
  return true;
}
