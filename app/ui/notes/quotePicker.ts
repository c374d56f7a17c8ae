import { t } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { h } from '../dom';
import { matchesText } from '../panels/quoteFilter';
import { ask } from '../widgets/dialog';

const LIMIT = 50;

/**
 * Asks which quote to embed: a search field over the text, comment and tags of
 * every live quote, with the matches as a listbox (arrow keys choose, Enter
 * embeds). Resolves with the quote id, or null when cancelled.
 */
export function pickQuote(quotes: Quote[], catalog: Catalog): Promise<number | null> {
  let matches: Quote[] = [];
  let active = 0;
  const input = h('input', {
    type: 'search',
    class: 'field-input',
    role: 'combobox',
    'aria-label': t('picker.search'),
    'aria-expanded': 'true',
    'aria-controls': 'quote-picker-list',
    'aria-autocomplete': 'list',
    placeholder: t('picker.placeholder'),
    autocomplete: 'off',
  });
  const list = h('ul', { class: 'picker-list', role: 'listbox', id: 'quote-picker-list', 'aria-label': t('quotes.title') });
  const render = () => {
    matches = quotes.filter((q) => matchesText(q, input.value)).slice(0, LIMIT);
    active = Math.min(active, Math.max(0, matches.length - 1));
    list.replaceChildren(
      ...(matches.length
        ? matches.map((q, i) => {
            const article = catalog.article(q.articleId);
            return h(
              'li',
              {
                id: `quote-pick-${q.id}`,
                role: 'option',
                class: 'picker-option',
                'aria-selected': String(i === active),
                onmousedown: (e: Event) => e.preventDefault(),
                onclick: () => {
                  active = i;
                  input.form?.requestSubmit();
                },
              },
              h('span', { class: 'picker-text', lang: article?.lang ?? null }, q.exact),
              h('span', { class: 'picker-meta', lang: article?.lang ?? null }, [article?.title, ...q.tags.map((tag) => `#${tag}`)].filter(Boolean).join('  ')),
            );
          })
        : [h('li', { class: 'picker-empty' }, quotes.length ? t('picker.noMatch') : t('picker.none'))]),
    );
    const current = matches[active];
    if (current) input.setAttribute('aria-activedescendant', `quote-pick-${current.id}`);
    else input.removeAttribute('aria-activedescendant');
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  };
  input.addEventListener('input', () => {
    active = 0;
    render();
  });
  input.addEventListener('keydown', (e) => {
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (!step || !matches.length) return;
    e.preventDefault();
    active = (active + step + matches.length) % matches.length;
    render();
  });
  render();
  return ask({
    title: t('picker.title'),
    fields: [input, list],
    confirm: t('picker.confirm'),
    className: 'picker-dialog',
    read: () => matches[active]?.id,
  });
}
