import { t } from '../i18n/i18n';
import { diffText, type Quote } from '../../core/model';
import type { Catalog } from '../catalog';
import { call } from '../client';
import { h } from '../dom';
import type { BodyRange } from '../reader/commands';
import { toastError } from '../toast';
import { tagChip } from '../widgets/tagInput';
import { needsReview, statusBadge } from './status';

/** What the review panel asks the app to do; each resolves once the api has answered. */
export interface ReviewActions {
  /** Accepts a fuzzy anchor, or keeps an orphan as it is. */
  accept(quoteId: number): Promise<void>;
  /** Re-anchors a quote onto a range of the current revision. */
  reselect(quoteId: number, range: BodyRange): Promise<void>;
  /** Scrolls the reader to a quote's highlight. */
  reveal(quoteId: number): void;
  /** The reader's selection, when it holds text. */
  selection(): BodyRange | null;
  close(): void;
}

/** Above this many characters a side-by-side comparison is shown without marking changes. */
const MARK_LIMIT = 2000;

/** The old and new text of a quote with what changed marked: deletions in the old, insertions in the new. */
function compared(before: string, after: string): [Node[], Node[]] {
  if (before.length + after.length > MARK_LIMIT) return [[document.createTextNode(before)], [document.createTextNode(after)]];
  const old: Node[] = [];
  const now: Node[] = [];
  for (const part of diffText(before, after)) {
    if (part.kind === 'insert') now.push(h('ins', {}, part.text));
    else if (part.kind === 'delete') old.push(h('del', {}, part.text));
    else {
      old.push(document.createTextNode(part.text));
      now.push(document.createTextNode(part.text));
    }
  }
  return [old, now];
}

/**
 * The review of quotes after a new revision, in place of the Quotes panel: each
 * fuzzy or orphaned quote with its old text beside its new anchor (changes
 * marked), its tags and comment, and Accept, Adjust (select new text in the
 * reader, then Use selection) or Keep orphaned. Orphans stay listed after review.
 */
export class ReviewPanel {
  readonly el: HTMLElement;
  private readonly list: HTMLOListElement;
  private readonly count: HTMLElement;
  private readonly empty: HTMLElement;
  private quotes: Quote[] = [];
  private history = new Map<number, { revision: number; exact: string }>();
  private current = 0;
  private lang: string | null = null;
  private adjusting: number | null = null;
  private useButton: HTMLButtonElement | null = null;

  constructor(
    private readonly catalog: Catalog,
    private readonly actions: ReviewActions,
  ) {
    this.list = h('ol', { class: 'review-list', 'aria-label': t('review.list') });
    this.count = h('span', { class: 'pane-count' });
    this.empty = h('div', { class: 'empty-note review-empty', hidden: true }, h('strong', {}, t('review.nothing')), h('p', {}, t('review.nothing.text')));
    this.el = h(
      'section',
      { class: 'review-panel', 'aria-label': t('articleMenu.review'), hidden: true },
      h(
        'header',
        { class: 'pane-header' },
        h('h2', { class: 'pane-title' }, t('articleMenu.review')),
        this.count,
        h('span', { class: 'spacer' }),
        h('button', { type: 'button', class: 'button button-small', onclick: () => actions.close() }, t('action.done')),
      ),
      h('p', { class: 'review-intro' }, t('review.intro')),
      this.empty,
      this.list,
    );
  }

  /** True while it is on screen. */
  get isOpen(): boolean {
    return !this.el.hidden;
  }

  /** Shows the fuzzy and orphaned quotes of an article whose current revision is `current`. */
  async show(quotes: Quote[], current: number, lang: string | null): Promise<void> {
    const listed = quotes
      .filter((q) => needsReview(q) || q.status === 'orphaned')
      .sort((a, b) => Number(needsReview(b)) - Number(needsReview(a)) || a.start - b.start || a.id - b.id);
    const missing = listed.filter((q) => !this.history.has(q.id) || this.current !== current);
    if (this.current !== current) this.history.clear();
    this.current = current;
    this.lang = lang;
    const answers = await Promise.all(missing.map(async (q) => [q.id, (await call('quotes:history', { id: q.id })).anchors] as const));
    for (const [id, anchors] of answers) {
      const before = anchors.filter((a) => a.revision < current && a.status !== 'orphaned').at(-1) ?? anchors.filter((a) => a.revision < current).at(-1);
      if (before) this.history.set(id, before);
    }
    this.quotes = listed;
    if (this.adjusting !== null && !listed.some((q) => q.id === this.adjusting)) this.adjusting = null;
    this.el.hidden = false;
    this.render();
  }

  /** Takes it off screen. */
  hide(): void {
    this.adjusting = null;
    this.el.hidden = true;
  }

  /** Tells whether the reader has a selection "Use selection" could take. */
  setCanUse(can: boolean): void {
    if (this.useButton) this.useButton.disabled = !can;
  }

  /** Scrolls a quote's entry into view and focuses it. */
  focus(quoteId: number): void {
    const item = this.list.querySelector<HTMLElement>(`[data-quote-id="${quoteId}"]`);
    item?.scrollIntoView({ block: 'nearest' });
    item?.focus({ preventScroll: true });
  }

  private render(): void {
    const open = this.quotes.filter(needsReview).length;
    this.count.textContent = String(open);
    this.count.setAttribute('aria-label', t('review.count', { count: open }));
    this.useButton = null;
    this.empty.hidden = this.quotes.length > 0;
    this.list.replaceChildren(...this.quotes.map((q) => this.item(q)));
  }

  private item(q: Quote): HTMLElement {
    const before = this.history.get(q.id);
    const orphan = q.status === 'orphaned';
    const [oldText, newText] = orphan ? [[document.createTextNode(before?.exact ?? q.exact)], []] : compared(before?.exact ?? q.exact, q.exact);
    const reviewed = !needsReview(q);
    return h(
      'li',
      {
        class: `review-item${reviewed ? ' reviewed' : ''}`,
        'data-quote-id': q.id,
        tabindex: '-1',
        'aria-label': t(orphan ? 'review.item.orphaned' : 'review.item.fuzzy', { text: q.exact.slice(0, 40) }),
      },
      h(
        'div',
        { class: 'review-head' },
        statusBadge(q),
        reviewed && h('span', { class: 'review-done' }, orphan ? t('review.keptOrphaned') : t('review.accepted')),
        h('span', { class: 'review-tags' }, ...q.tags.map((tag) => tagChip(tag, this.catalog.tagColor(tag)))),
      ),
      h(
        'div',
        { class: 'review-compare' },
        h(
          'div',
          { class: 'review-side review-before' },
          h('div', { class: 'review-label' }, before ? t('review.revision', { n: String(before.revision) }) : t('review.before')),
          h('p', { class: 'review-text', lang: this.lang }, ...oldText),
        ),
        h(
          'div',
          { class: 'review-side review-after' },
          h('div', { class: 'review-label' }, t('review.now', { n: String(this.current) })),
          orphan
            ? h('p', { class: 'review-missing' }, t('review.notFound'))
            : h(
                'button',
                { type: 'button', class: 'review-text review-show', lang: this.lang, title: t('review.show'), onclick: () => this.actions.reveal(q.id) },
                ...newText,
              ),
        ),
      ),
      q.comment && h('p', { class: 'review-comment' }, q.comment),
      this.adjusting === q.id ? this.adjustRow(q) : this.actionRow(q, reviewed),
    );
  }

  private actionRow(q: Quote, reviewed: boolean): HTMLElement {
    const orphan = q.status === 'orphaned';
    return h(
      'div',
      { class: 'review-actions' },
      !reviewed &&
        this.busyButton(orphan ? t('review.keepOrphaned') : t('review.accept'), orphan ? 'button' : 'button button-primary', () => this.actions.accept(q.id)),
      h(
        'button',
        {
          type: 'button',
          class: 'button button-small',
          onclick: () => {
            this.adjusting = q.id;
            if (!orphan) this.actions.reveal(q.id);
            this.render();
            this.list.querySelector<HTMLElement>(`[data-quote-id="${q.id}"] .review-adjust-hint`)?.focus();
          },
        },
        t('review.adjust'),
      ),
    );
  }

  private adjustRow(q: Quote): HTMLElement {
    const use = this.busyButton(t('review.useSelection'), 'button button-primary', async () => {
      const range = this.actions.selection();
      if (!range) return;
      await this.actions.reselect(q.id, range);
      this.adjusting = null;
    });
    use.disabled = !this.actions.selection();
    this.useButton = use;
    return h(
      'div',
      { class: 'review-actions adjusting' },
      h('p', { class: 'review-adjust-hint', tabindex: '-1' }, t('review.adjust.hint')),
      use,
      h(
        'button',
        {
          type: 'button',
          class: 'button button-small',
          onclick: () => {
            this.adjusting = null;
            this.render();
          },
        },
        t('action.cancel'),
      ),
    );
  }

  private busyButton(label: string, cls: string, run: () => Promise<void>): HTMLButtonElement {
    const button: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: `${cls} button-small`,
        onclick: () => {
          button.disabled = true;
          run().catch((err: unknown) => {
            toastError(err, t('error.revision.adjust'));
            button.disabled = false;
          });
        },
      },
      label,
    );
    return button;
  }
}
