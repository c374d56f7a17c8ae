import { t } from '../i18n/i18n';
import type { Catalog } from '../catalog';
import { call } from '../client';
import { h } from '../dom';
import type { SearchHit } from '../search/snippet';
import { ask } from '../widgets/dialog';

const LIMIT = 50;
const DELAY_MS = 120;

/** What the picker lists of a quote. */
type Candidate = Pick<SearchHit, 'type' | 'id' | 'articleId' | 'text' | 'tags'>;

/** The newest quotes when nothing is typed, else the quotes the search finds; at most {@link LIMIT} either way. */
async function candidates(text: string): Promise<{ hits: Candidate[]; any: boolean }> {
  const query = text.trim();
  if (query) return { hits: (await call('search:query', { query, in: ['quotes'], limit: LIMIT })).results, any: true };
  const { quotes, total } = await call('quotes:list', { limit: LIMIT });
  return { hits: quotes.map((q) => ({ type: 'quote' as const, id: q.id, articleId: q.articleId, text: q.exact, tags: q.tags })), any: total > 0 };
}

/**
 * Asks which quote to embed: a search field over the library's quotes (the same
 * search as everywhere, so it costs what it finds, not what the library holds), with
 * the matches as a listbox (arrow keys choose, Enter embeds). Resolves with the quote
 * id, or null when cancelled.
 */
export function pickQuote(catalog: Catalog): Promise<number | null> {
  let matches: Candidate[] = [];
  let any = true;
  let active = 0;
  let ticket = 0;
  let timer: number | undefined;
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
  const load = async () => {
    const mine = ++ticket;
    try {
      const found = await candidates(input.value);
      if (mine !== ticket) return;
      matches = found.hits.filter((hit) => hit.type === 'quote');
      any = found.any;
    } catch {
      if (mine === ticket) matches = [];
    }
    render();
  };
  const render = () => {
    active = Math.min(active, Math.max(0, matches.length - 1));
    list.replaceChildren(
      ...(matches.length
        ? matches.map((q, i) => {
            const article = q.articleId === null ? undefined : catalog.article(q.articleId);
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
              h('span', { class: 'picker-text', lang: article?.lang ?? null }, q.text),
              h('span', { class: 'picker-meta', lang: article?.lang ?? null }, [article?.title, ...q.tags.map((tag) => `#${tag}`)].filter(Boolean).join('  ')),
            );
          })
        : [h('li', { class: 'picker-empty' }, any ? t('picker.noMatch') : t('picker.none'))]),
    );
    const current = matches[active];
    if (current) input.setAttribute('aria-activedescendant', `quote-pick-${current.id}`);
    else input.removeAttribute('aria-activedescendant');
    list.children[active]?.scrollIntoView({ block: 'nearest' });
  };
  input.addEventListener('input', () => {
    active = 0;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void load(), DELAY_MS);
  });
  input.addEventListener('keydown', (e) => {
    const step = { ArrowDown: 1, ArrowUp: -1 }[e.key];
    if (!step || !matches.length) return;
    e.preventDefault();
    active = (active + step + matches.length) % matches.length;
    render();
  });
  render();
  void load();
  return ask({
    title: t('picker.title'),
    fields: [input, list],
    confirm: t('picker.confirm'),
    className: 'picker-dialog',
    read: () => matches[active]?.id,
  });
}
