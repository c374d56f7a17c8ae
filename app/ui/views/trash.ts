import { t } from '../i18n/i18n';
import type { NoteSummary, Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { formatDate, h } from '../dom';
import { DisposableStore } from '../model/lifecycle';
import { restoreQuote } from '../quoteActions';
import { toast, toastError } from '../toast';
import { tagChip } from '../widgets/tagInput';
import { QuoteRows } from './quoteRows';
import type { Place, View, ViewContext } from './view';

/** A Restore button that stays disabled while its restore runs, and enables again if it failed. */
function restoreButton(label: string, run: () => Promise<unknown>): HTMLButtonElement {
  const b = h(
    'button',
    {
      type: 'button',
      class: 'button button-small',
      'aria-label': label,
      onclick: () => {
        b.disabled = true;
        void run().catch(() => (b.disabled = false));
      },
    },
    t('trash.restore'),
  );
  return b;
}

/** One deleted quote in the Trash, with Restore. */
function trashedQuote(q: Quote, catalog: Catalog, restore: (id: number) => Promise<unknown>) {
  const el = h('li', { class: 'trash-item', 'data-quote-id': q.id });
  const update = (quote: Quote) => {
    const article = catalog.article(quote.articleId);
    el.replaceChildren(
      h('blockquote', { class: 'trash-text', lang: article?.lang ?? null }, quote.exact),
      h(
        'div',
        { class: 'trash-meta' },
        h('span', { class: 'trash-source', lang: article?.lang ?? null }, article?.title ?? ''),
        ...quote.tags.map((tag) => tagChip(tag, catalog.tagColor(tag))),
        quote.comment && h('span', { class: 'trash-comment' }, quote.comment),
      ),
      h(
        'div',
        { class: 'trash-foot' },
        h('span', {}, t('trash.deletedAt', { date: formatDate(quote.deletedAt ?? quote.updatedAt, true) })),
        restoreButton(t('trash.restoreQuote', { text: quote.exact.slice(0, 30) }), () => restore(quote.id)),
      ),
    );
  };
  update(q);
  return { el, update, dispose: () => undefined };
}

/**
 * The Trash: deleted quotes (read a window at a time, however many) and deleted
 * notes, each with Restore. Nothing is ever hard-deleted from the interface.
 */
export class TrashView implements View {
  readonly el = h('section', { class: 'view', 'aria-label': t('section.trash'), hidden: true });
  private readonly owned = new DisposableStore();
  private readonly rows: QuoteRows;
  private readonly count: HTMLElement;
  private readonly quotesTitle: HTMLElement;
  private readonly notesTitle: HTMLElement;
  private readonly notesList: HTMLElement;
  private readonly quoteList: HTMLElement;
  private readonly empty: HTMLElement;
  private shown = false;

  constructor(private readonly ctx: ViewContext) {
    this.count = h('span', { class: 'pane-count' });
    this.quotesTitle = h('h2', { class: 'section-title' });
    this.notesTitle = h('h2', { class: 'section-title' });
    this.notesList = h('ol', { class: 'trash-list', 'aria-label': t('trash.notes') });
    this.empty = h('div', { class: 'empty-state', hidden: true }, h('strong', {}, t('trash.empty')), h('p', {}, t('trash.empty.text')));
    const quoteList = (this.quoteList = h('ol', { class: 'trash-list virtual', 'aria-label': t('trash.quotes') }));
    const scroller = h(
      'div',
      { class: 'view-scroll' },
      h('div', { class: 'view-body trash-body' }, this.empty, this.quotesTitle, quoteList, this.notesTitle, this.notesList),
    );
    this.el.append(
      h(
        'div',
        { class: 'view-header' },
        h('h1', { class: 'view-title' }, t('section.trash')),
        this.count,
        h('span', { class: 'spacer' }),
        h('span', { class: 'view-hint' }, t('trash.hint')),
      ),
      scroller,
    );
    const { model } = ctx;
    this.rows = this.owned.add(
      new QuoteRows(
        async (offset, limit) => {
          const page = await model.quotes.page({ state: 'trash' }, offset, limit);
          return { ids: page.quotes.map((q) => q.id), total: page.total };
        },
        {
          store: model.quotes,
          scroller,
          list: quoteList,
          estimate: 120,
          create: (q) => trashedQuote(q, ctx.catalog, (id) => restoreQuote(model.commands, id)),
          empty: () => h('li', { hidden: true }),
          onTotal: () => this.renderCounts(),
          leaves: (q) => q.deletedAt === null,
        },
      ),
    );
    this.owned.add(model.notes.onDidChange(() => this.renderNotes()));
    this.owned.add(model.counts.onDidChange(() => this.renderCounts()));
  }

  title(): string {
    return t('section.trash');
  }

  async show(_place: Place): Promise<void> {
    this.shown = true;
    this.rows.setVisible(true);
    await Promise.all([this.rows.reload(), this.ctx.model.notes.loadTrash(), this.ctx.model.counts.refresh()]);
    this.renderNotes();
  }

  async leave(): Promise<void> {
    this.shown = false;
    this.rows.setVisible(false);
  }

  private renderCounts(): void {
    const quotes = this.rows.total ?? 0;
    const notes = this.ctx.model.notes.trash.length;
    this.count.textContent = String(quotes + notes);
    this.quotesTitle.hidden = quotes === 0;
    this.quotesTitle.textContent = t('trash.quotes.count', { count: quotes });
    this.notesTitle.hidden = notes === 0;
    this.notesList.hidden = notes === 0;
    this.quoteList.hidden = quotes === 0;
    this.notesTitle.textContent = t('trash.notes.count', { count: notes });
    this.empty.hidden = quotes + notes > 0 || !this.shown;
  }

  private renderNotes(): void {
    const notes: readonly NoteSummary[] = this.ctx.model.notes.trash;
    this.notesList.replaceChildren(
      ...notes.map((n) =>
        h(
          'li',
          { class: 'trash-item', 'data-note-id': n.id },
          h('strong', { class: 'trash-note-title' }, n.title || t('note.untitled')),
          n.excerpt && h('p', { class: 'trash-comment' }, n.excerpt),
          h(
            'div',
            { class: 'trash-foot' },
            h('span', {}, t('trash.deletedAt', { date: formatDate(n.deletedAt ?? n.updatedAt, true) })),
            restoreButton(t('trash.restoreNote', { title: n.title || t('note.untitled') }), () => this.restoreNote(n.id)),
          ),
        ),
      ),
    );
    this.renderCounts();
  }

  private async restoreNote(id: number): Promise<void> {
    try {
      await this.ctx.model.commands.restoreNote(id);
      toast(t('note.restored'));
    } catch (err) {
      toastError(err, t('error.restoreNote'));
      throw err;
    }
  }

  dispose(): void {
    this.owned.dispose();
  }
}
