import { t } from '../i18n/i18n';
import { h, isMac, QUOTE_KEY } from '../dom';
import { spellKey } from '../keyNames';
import { SEARCH_KEY } from '../search/searchBox';
import { openModal } from '../widgets/dialog';
import { caretKeyLabels, SELECT_ALL_KEY, type CaretMove } from './caretKeys';

/** The catalogue key naming each caret move. */
const MOVE_LABELS = {
  char: 'keys.move.char',
  word: 'keys.move.word',
  sentence: 'keys.move.sentence',
  paragraph: 'keys.move.paragraph',
  line: 'keys.move.line',
  lineEdge: 'keys.move.lineEdge',
  docEdge: 'keys.move.docEdge',
} as const satisfies Record<CaretMove, string>;

/** Key caps for one or more alternatives, each a single key or a backward/forward pair. */
function caps(alternatives: readonly (readonly string[])[]): (Node | string)[] {
  return alternatives.flatMap((keys, i) => [...(i ? [` ${t('keys.or')} `] : []), ...keys.flatMap((key, j) => [...(j ? [' / '] : []), h('kbd', {}, key)])]);
}

function row(action: string, alternatives: readonly (readonly string[])[]): HTMLTableRowElement {
  return h('tr', {}, h('th', { scope: 'row' }, action), h('td', {}, ...caps(alternatives)));
}

/**
 * The keyboard help: the reader's caret keys for this platform, from the same
 * table the reader binds, and the few keys around them (quote, search, panes,
 * highlights).
 */
export function openKeysDialog(): void {
  const spell = (key: string) => spellKey(key, isMac);
  const caret = caretKeyLabels(isMac).map((m) => row(t(MOVE_LABELS[m.move]), m.keys));
  const table = h(
    'table',
    { class: 'keys-table' },
    h('caption', {}, t('keys.caption')),
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('keys.column.action')), h('th', { scope: 'col' }, t('keys.column.keys')))),
    h(
      'tbody',
      {},
      ...caret,
      row(t('keys.selectAll'), [[spell(SELECT_ALL_KEY)]]),
      row(t('keys.highlights'), [[spell('Tab'), spell('Shift-Tab')]]),
      row(t('keys.quote'), [[spell(QUOTE_KEY)]]),
      row(t('keys.search'), [[spell(SEARCH_KEY)]]),
      row(t('keys.panes'), [[spell('F6'), spell('Shift-F6')]]),
    ),
  );
  openModal({ title: t('keys.title'), className: 'keys-dialog', content: [table] });
}
