import { h } from '../dom';
import { t } from '../i18n/i18n';

/**
 * A choice of quote author ("Everyone" or one display name) for the quote lists. It is
 * hidden while no quote has an author, so a library that never synced shows nothing of it.
 */
export class AuthorFilter {
  readonly el: HTMLSelectElement;

  constructor(onChange: (author: string | null) => void) {
    this.el = h('select', {
      class: 'select-small author-filter',
      'aria-label': t('quotes.author.filter'),
      title: t('quotes.author.filter'),
      hidden: true,
      onchange: () => onChange(this.value),
    });
  }

  /** The chosen display name, or null for everyone. */
  get value(): string | null {
    return this.el.value || null;
  }

  /** Offers these names (in the order given); a chosen name that is no longer offered falls back to everyone. */
  setAuthors(names: string[]): boolean {
    const chosen = this.el.value;
    const unique = [...new Map(names.map((n) => [n.toLowerCase(), n])).values()];
    this.el.replaceChildren(h('option', { value: '' }, t('quotes.author.all')), ...unique.map((n) => h('option', { value: n }, n)));
    const kept = unique.some((n) => n === chosen);
    this.el.value = kept ? chosen : '';
    this.el.hidden = unique.length === 0;
    return kept || chosen === '';
  }
}
