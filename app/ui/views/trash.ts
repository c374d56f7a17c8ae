import { t } from '../i18n/i18n';
import type { NoteSummary, Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { call } from '../client';
import { formatDate, h } from '../dom';
import { tagChip } from '../widgets/tagInput';

/** What the trash view asks of the app; each resolves once the api has answered. */
export interface TrashActions {
  restoreQuote(id: number): Promise<void>;
  restoreNote(id: number): Promise<void>;
}

/**
 * The Trash: deleted quotes and notes, newest first, each with Restore. Nothing is
 * ever hard-deleted from the interface.
 */
export class TrashView {
  private readonly body: HTMLElement;
  private readonly count: HTMLElement;

  constructor(
    root: HTMLElement,
    private readonly catalog: Catalog,
    private readonly actions: TrashActions,
  ) {
    this.count = h('span', { class: 'pane-count' });
    this.body = h('div', { class: 'view-body trash-body' });
    root.append(
      h('div', { class: 'view-header' }, h('h1', { class: 'view-title' }, t('section.trash')), this.count, h('span', { class: 'spacer' }), h('span', { class: 'view-hint' }, t('trash.hint'))),
      h('div', { class: 'view-scroll' }, this.body),
    );
  }

  /** Loads what is in the trash and draws it. */
  async load(): Promise<void> {
    const [{ quotes }, { notes }] = await Promise.all([call('quotes:list', { state: 'trash' }), call('notes:list', { state: 'trash' })]);
    this.render(quotes, notes);
  }

  private render(quotes: Quote[], notes: NoteSummary[]): void {
    const newest = <T extends { deletedAt: string | null }>(a: T, b: T) => (b.deletedAt ?? '').localeCompare(a.deletedAt ?? '');
    this.count.textContent = String(quotes.length + notes.length);
    if (!quotes.length && !notes.length) {
      this.body.replaceChildren(h('div', { class: 'empty-state' }, h('strong', {}, t('trash.empty')), h('p', {}, t('trash.empty.text'))));
      return;
    }
    const restoreButton = (label: string, run: () => Promise<void>) => {
      const b = h('button', {
        type: 'button',
        class: 'button button-small',
        'aria-label': label,
        onclick: () => {
          b.disabled = true;
          void run().then(() => this.load(), () => (b.disabled = false));
        },
      }, t('trash.restore'));
      return b;
    };
    this.body.replaceChildren(
      quotes.length ? h('h2', { class: 'section-title' }, `Quotes · ${quotes.length}`) : '',
      h(
        'ol',
        { class: 'trash-list', 'aria-label': t('trash.quotes') },
        ...[...quotes].sort(newest).map((q) => {
          const article = this.catalog.article(q.articleId);
          return h(
            'li',
            { class: 'trash-item', 'data-quote-id': q.id },
            h('blockquote', { class: 'trash-text', lang: article?.lang ?? null }, q.exact),
            h(
              'div',
              { class: 'trash-meta' },
              h('span', { class: 'trash-source', lang: article?.lang ?? null }, article?.title ?? ''),
              ...q.tags.map((tag) => tagChip(tag, this.catalog.tagColor(tag))),
              q.comment && h('span', { class: 'trash-comment' }, q.comment),
            ),
            h('div', { class: 'trash-foot' }, h('span', {}, t('trash.deletedAt', { date: formatDate(q.deletedAt!, true) })), restoreButton(t('trash.restoreQuote', { text: q.exact.slice(0, 30) }), () => this.actions.restoreQuote(q.id))),
          );
        }),
      ),
      notes.length ? h('h2', { class: 'section-title' }, `Notes · ${notes.length}`) : '',
      h(
        'ol',
        { class: 'trash-list', 'aria-label': t('trash.notes') },
        ...[...notes].sort(newest).map((n) =>
          h(
            'li',
            { class: 'trash-item', 'data-note-id': n.id },
            h('strong', { class: 'trash-note-title' }, n.title || t('note.untitled')),
            n.excerpt && h('p', { class: 'trash-comment' }, n.excerpt),
            h('div', { class: 'trash-foot' }, h('span', {}, t('trash.deletedAt', { date: formatDate(n.deletedAt!, true) })), restoreButton(t('trash.restoreNote', { title: n.title || t('note.untitled') }), () => this.actions.restoreNote(n.id))),
          ),
        ),
      ),
    );
  }
}
