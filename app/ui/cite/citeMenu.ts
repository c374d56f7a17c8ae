import { t } from '../i18n/i18n';
import { openMenu } from '../widgets/menu';
import { copyWithCitation } from './copyCitation';

/** The shortcut of *Copy with citation* on a selected quote (a search result): Ctrl/⌘+Shift+C. */
export function isCiteKey(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && e.shiftKey && !e.altKey && e.key.toLowerCase() === 'c';
}

/** A context menu with *Copy with citation* for one quote, at the pointer. */
export function citeMenu(e: MouseEvent, quoteId: number): void {
  e.preventDefault();
  openMenu(new DOMRect(e.clientX, e.clientY, 0, 0), t('cite.copy'), [{ label: t('cite.copy'), run: () => void copyWithCitation(quoteId) }]);
}
