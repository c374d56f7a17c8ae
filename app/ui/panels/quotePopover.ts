import { t } from '../i18n/i18n';
import type { Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { h } from '../dom';
import { toastError } from '../toast';
import { colorPicker } from '../widgets/palette';
import { Popover } from '../widgets/popover';
import { TagEditor } from '../widgets/tagInput';
import type { QuoteActions } from './quoteCard';

/** A quote popover on screen. */
export interface QuotePopoverHandle {
  /** Shows a newer version of its quote (tags changed elsewhere, or by its own actions). */
  update(quote: Quote): void;
  /** The quote it edits. */
  readonly quoteId: number;
  readonly isOpen: boolean;
}

/**
 * The popover that follows keeping a quote: tags with autocomplete (Enter adds,
 * `parent/child` nests, new names create tags), a comment (Enter saves and closes,
 * Shift+Enter breaks the line) and a colour, all reachable with Tab; Escape or
 * Done closes it, keeping the comment, and focus goes back to the text.
 */
export function openQuotePopover(
  quote: Quote,
  anchor: DOMRect,
  opts: {
    catalog: Catalog;
    actions: QuoteActions;
    returnFocus: HTMLElement | null;
    /** Keeps a comment that failed to save where it can be retried; false when there is no such place. */
    keepDraft(quoteId: number, text: string): boolean;
  },
): QuotePopoverHandle {
  let current = quote;
  const { actions, catalog } = opts;
  const tags = new TagEditor({
    label: t('section.tags'),
    placeholder: t('quote.tags.placeholder'),
    tags: () => catalog.tags,
    colorOf: (p) => catalog.tagColor(p),
    onAdd: (paths) => actions.tag(current.id, paths),
    onRemove: (path) => actions.untag(current.id, path),
    onSubmitEmpty: () => comment.focus(),
  });
  tags.setTags(quote.tags);
  const comment = h('textarea', { class: 'popover-comment', rows: 2, placeholder: t('popover.comment.placeholder'), 'aria-label': t('quote.comment') });
  comment.value = quote.comment;
  comment.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      popover.close('done');
    }
  });
  const palette = colorPicker(t('quote.colour.label'), quote.color, (color) => void actions.color(current.id, color));
  const excerpt = quote.exact.length > 60 ? `${quote.exact.slice(0, 60)}…` : quote.exact;
  const article = catalog.article(quote.articleId);
  const content = [
    h(
      'div',
      { class: 'popover-head' },
      h('span', { class: 'popover-kicker' }, t('popover.kept')),
      h('span', { class: 'popover-excerpt', lang: article?.lang ?? null }, excerpt),
    ),
    h('div', { class: 'popover-field' }, h('span', { class: 'field-label', 'aria-hidden': 'true' }, t('section.tags')), tags.el),
    h('label', { class: 'popover-field' }, h('span', { class: 'field-label' }, t('quote.comment')), comment),
    h('div', { class: 'popover-field' }, h('span', { class: 'field-label', 'aria-hidden': 'true' }, t('quote.colour.label')), palette),
    h(
      'div',
      { class: 'popover-foot' },
      h(
        'span',
        { class: 'popover-hint' },
        h('kbd', {}, t('key.enter')),
        t('popover.hint.enter'),
        h('kbd', {}, t('key.tab')),
        t('popover.hint.tab'),
        h('kbd', {}, t('key.esc')),
        t('popover.hint.esc'),
      ),
      h('button', { type: 'button', class: 'button button-small button-primary', onclick: () => popover.close('done') }, t('action.done')),
    ),
  ];
  const popover = new Popover(content, {
    anchor,
    label: t('popover.label'),
    className: 'quote-popover',
    returnFocus: opts.returnFocus,
    onClose: (reason) => {
      // Done adds a tag still being typed; Escape or a click elsewhere drops it (it was a search). The comment is always kept.
      if (reason === 'done') void tags.field.commitPending();
      const text = comment.value;
      if (text === current.comment) return;
      void actions.comment(current.id, text).catch((err: unknown) => {
        if (opts.keepDraft(current.id, text)) return;
        toastError(err, t('error.comment'));
      });
    },
  });
  popover.open(tags.field.input);
  return {
    update(q: Quote) {
      current = q;
      tags.setTags(q.tags);
    },
    quoteId: quote.id,
    get isOpen() {
      return popover.isOpen;
    },
  };
}
