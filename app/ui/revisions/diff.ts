import { t } from '../i18n/i18n';
import type { Response } from '../../api/channels';
import type { Revision } from '../../core/model';
import { call } from '../client';
import { h } from '../dom';
import { openModal } from '../widgets/dialog';
import { revisionName } from './banner';

type DiffPart = Response<'revisions:diff'>['parts'][number];

/** Unchanged characters kept on each side of a change when only the changes are shown. */
const CONTEXT = 60;

/** A word segmenter for the article's language (the default locale's when it has none or an unknown one). */
function wordSegmenter(lang: string | null): Intl.Segmenter {
  try {
    return new Intl.Segmenter(lang ?? undefined, { granularity: 'word' });
  } catch {
    return new Intl.Segmenter(undefined, { granularity: 'word' });
  }
}

function codePoints(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** About the first `n` UTF-16 units of `text`, ending between two words and before the space there (a longer first word is kept whole). */
function headOf(text: string, n: number, words: Intl.Segmenter): string {
  if (text.length <= n) return text;
  const word = words.segment(text).containing(n);
  const cut = !word || word.index === n ? n : word.index > 0 ? word.index : word.index + word.segment.length;
  return text.slice(0, cut).trimEnd();
}

/** About the last `n` UTF-16 units of `text`, starting between two words and after the space there (a longer last word is kept whole). */
function tailOf(text: string, n: number, words: Intl.Segmenter): string {
  const at = text.length - n;
  if (at <= 0) return text;
  const word = words.segment(text).containing(at);
  const end = word ? word.index + word.segment.length : at;
  const cut = !word || word.index === at ? at : end < text.length ? end : word.index;
  return text.slice(cut).trimStart();
}

/** The diff as DOM nodes: `<ins>` and `<del>` for changes, plain text for the rest (shortened around changes when `collapse`, cut between words). */
function diffNodes(parts: DiffPart[], collapse: boolean, words: Intl.Segmenter): Node[] {
  return parts.flatMap((part, i): Node[] => {
    if (part.kind === 'insert') return [h('ins', { class: 'diff-ins' }, part.text)];
    if (part.kind === 'delete') return [h('del', { class: 'diff-del' }, part.text)];
    const first = i === 0;
    const last = i === parts.length - 1;
    const keep = (first ? 0 : CONTEXT) + (last ? 0 : CONTEXT);
    if (!collapse || part.text.length <= keep + CONTEXT) return [document.createTextNode(part.text)];
    const head = first ? '' : headOf(part.text, CONTEXT, words);
    const tail = last ? '' : tailOf(part.text, CONTEXT, words);
    const skipped = part.text.length - head.length - tail.length;
    return [
      document.createTextNode(head),
      h('span', { class: 'diff-skip' }, t('diff.unchanged', { count: codePoints(part.text.slice(head.length, head.length + skipped)) })),
      document.createTextNode(tail),
    ];
  });
}

/**
 * The comparison of two revisions of an article: insertions and deletions marked
 * in the text (built as text nodes, `<ins>` and `<del>`), with counts, and only
 * the changes with some context unless the whole text is asked for.
 */
export function openDiffDialog(opts: { articleId: number; revisions: Revision[]; lang: string | null; from?: number; to?: number }): void {
  const { revisions } = opts;
  const pick = (label: string, value: number) => {
    const select = h('select', { class: 'select-small', 'aria-label': label, onchange: () => void load() });
    for (const r of revisions) select.append(h('option', { value: String(r.revision) }, revisionName(r)));
    select.value = String(value);
    return select;
  };
  const current = revisions.find((r) => r.current) ?? revisions[revisions.length - 1]!;
  const from = pick(t('diff.from'), opts.from ?? revisions[revisions.length - 2]?.revision ?? current.revision);
  const to = pick(t('diff.to'), opts.to ?? current.revision);
  const whole = h('input', { type: 'checkbox', onchange: () => render() });
  const stats = h('div', { class: 'diff-stats', role: 'status' });
  const text = h('div', { class: 'diff-text', lang: opts.lang, tabindex: '0', role: 'document', 'aria-label': t('diff.label') });
  let parts: DiffPart[] = [];
  const words = wordSegmenter(opts.lang);

  openModal({
    title: t('diff.title'),
    className: 'diff-dialog',
    content: [
      h(
        'div',
        { class: 'diff-controls' },
        h('label', { class: 'diff-pick' }, h('span', { class: 'field-label' }, t('diff.from')), from),
        h('span', { class: 'diff-arrow', 'aria-hidden': 'true' }, '→'),
        h('label', { class: 'diff-pick' }, h('span', { class: 'field-label' }, t('diff.to')), to),
        h('span', { class: 'spacer' }),
        h('label', { class: 'check-row' }, whole, t('diff.whole')),
      ),
      stats,
      text,
    ],
  });

  function render(): void {
    text.replaceChildren(...diffNodes(parts, !whole.checked, words));
    const added = parts.filter((p) => p.kind === 'insert').reduce((n, p) => n + codePoints(p.text), 0);
    const removed = parts.filter((p) => p.kind === 'delete').reduce((n, p) => n + codePoints(p.text), 0);
    stats.replaceChildren(
      h('span', { class: 'diff-stat-ins' }, t('diff.inserted', { count: added })),
      h('span', { class: 'diff-stat-del' }, t('diff.deleted', { count: removed })),
      added + removed === 0 ? h('span', {}, t('diff.same')) : '',
    );
  }

  async function load(): Promise<void> {
    try {
      parts = (await call('revisions:diff', { articleId: opts.articleId, from: Number(from.value), to: Number(to.value) })).parts;
      text.classList.remove('diff-error');
      render();
    } catch (err) {
      parts = [];
      stats.replaceChildren();
      text.classList.add('diff-error');
      text.textContent = err instanceof Error ? err.message : String(err);
    }
  }

  void load();
}
