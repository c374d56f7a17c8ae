import type { Response } from '../../api/channels';
import type { Revision } from '../../core/model';
import { formatDate, h } from '../dom';
import { STATUS_TEXT, STATUSES } from './status';

/** How many quotes of an article are in each state, and how many wait for review. */
export type RevisionCounts = Response<'revisions:status'>['counts'];

/** What the banner asks the app to do. */
export interface BannerActions {
  /** Shows an older revision read-only, or the current one (null). */
  view(revision: number | null): void;
  review(): void;
  compare(): void;
}

/** A revision as the switcher names it. */
export function revisionName(r: Revision): string {
  return `Revision ${r.revision}${r.current ? ' (current)' : ''} · ${formatDate(r.importedAt)}`;
}

/**
 * The revision banner at the top of the reader: shown when an article has more
 * than one revision or quotes to review. It counts the quotes per anchoring status,
 * offers the review and the comparison, and switches the reader to an older
 * revision (read-only, without highlights) and back.
 */
export class RevisionBanner {
  readonly el: HTMLElement;

  constructor(private readonly actions: BannerActions) {
    this.el = h('section', { class: 'revision-banner', 'aria-label': 'Revisions', hidden: true });
  }

  /** Shows the state of the open article; `viewing` is the older revision on screen, if any. */
  show(revisions: Revision[], counts: RevisionCounts, viewing: number | null): void {
    const current = revisions.find((r) => r.current);
    this.el.hidden = !current || (revisions.length < 2 && counts.unreviewed === 0);
    if (this.el.hidden || !current) return this.el.replaceChildren();
    this.el.classList.toggle('viewing-old', viewing !== null);
    const select = h('select', { class: 'select-small', 'aria-label': 'Revision shown', onchange: () => this.actions.view(Number(select.value) === current.revision ? null : Number(select.value)) });
    for (const r of [...revisions].reverse()) select.append(h('option', { value: String(r.revision) }, revisionName(r)));
    select.value = String(viewing ?? current.revision);
    const compare = revisions.length > 1 && h('button', { type: 'button', class: 'button button-small', onclick: () => this.actions.compare() }, 'Compare revisions…');
    if (viewing !== null) {
      this.el.replaceChildren(
        h(
          'div',
          { class: 'banner-line' },
          h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '⟲'),
          h('p', { class: 'banner-text' }, h('strong', {}, `You are reading revision ${viewing} of ${revisions.length}.`), ' It is read-only; quotes are shown on the current revision.'),
        ),
        h(
          'div',
          { class: 'banner-tools' },
          select,
          compare,
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'button button-small button-primary', onclick: () => this.actions.view(null) }, 'Back to the current revision'),
        ),
      );
      return;
    }
    const total = STATUSES.reduce((n, s) => n + counts[s], 0);
    this.el.replaceChildren(
      h(
        'div',
        { class: 'banner-line' },
        h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '↻'),
        h(
          'p',
          { class: 'banner-text' },
          h('strong', {}, revisions.length > 1 ? `Revision ${current.revision} of ${revisions.length}` : 'Quotes to review'),
          revisions.length > 1 ? `, imported ${formatDate(current.importedAt)}. ` : '. ',
          total ? (counts.unreviewed ? `${counts.unreviewed} of ${total} quotes need a look.` : `All ${total} quotes are placed or reviewed.`) : 'No quotes yet.',
        ),
      ),
      h(
        'ul',
        { class: 'status-counts', 'aria-label': 'Quotes by status' },
        ...STATUSES.map((s) =>
          h('li', { class: `status-count status-${s}${counts[s] ? '' : ' none'}`, title: STATUS_TEXT[s].hint }, h('span', { class: 'status-dot', 'aria-hidden': 'true' }), `${counts[s]} ${STATUS_TEXT[s].label.toLowerCase()}`),
        ),
      ),
      h(
        'div',
        { class: 'banner-tools' },
        select,
        compare,
        h('span', { class: 'spacer' }),
        (counts.unreviewed > 0 || counts.orphaned > 0) &&
          h('button', { type: 'button', class: 'button button-small button-primary', onclick: () => this.actions.review() }, counts.unreviewed ? `Review ${counts.unreviewed} ${counts.unreviewed === 1 ? 'quote' : 'quotes'}` : 'Show orphaned quotes'),
      ),
    );
  }
}
