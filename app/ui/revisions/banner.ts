import { t, tn } from '../i18n/i18n';
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
  return t(r.current ? 'revision.name.current' : 'revision.name', { n: String(r.revision), date: formatDate(r.importedAt) });
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
    this.el = h('section', { class: 'revision-banner', 'aria-label': t('revision.banner'), hidden: true });
  }

  /** Shows the state of the open article; `viewing` is the older revision on screen, if any. */
  show(revisions: Revision[], counts: RevisionCounts, viewing: number | null): void {
    const current = revisions.find((r) => r.current);
    this.el.hidden = !current || (revisions.length < 2 && counts.unreviewed === 0);
    if (this.el.hidden || !current) return this.el.replaceChildren();
    this.el.classList.toggle('viewing-old', viewing !== null);
    const select = h('select', {
      class: 'select-small',
      'aria-label': t('revision.shown'),
      onchange: () => this.actions.view(Number(select.value) === current.revision ? null : Number(select.value)),
    });
    for (const r of [...revisions].reverse()) select.append(h('option', { value: String(r.revision) }, revisionName(r)));
    select.value = String(viewing ?? current.revision);
    const compare =
      revisions.length > 1 && h('button', { type: 'button', class: 'button button-small', onclick: () => this.actions.compare() }, t('articleMenu.compare'));
    if (viewing !== null) {
      this.el.replaceChildren(
        h(
          'div',
          { class: 'banner-line' },
          h('span', { class: 'banner-icon', 'aria-hidden': 'true' }, '⟲'),
          h('p', { class: 'banner-text' }, h('strong', {}, t('revision.reading', { n: String(viewing), total: revisions.length })), t('revision.readOnly')),
        ),
        h(
          'div',
          { class: 'banner-tools' },
          select,
          compare,
          h('span', { class: 'spacer' }),
          h('button', { type: 'button', class: 'button button-small button-primary', onclick: () => this.actions.view(null) }, t('revision.back')),
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
          h('strong', {}, revisions.length > 1 ? t('revision.of', { n: String(current.revision), total: revisions.length }) : t('revision.toReview')),
          revisions.length > 1 ? t('revision.imported', { date: formatDate(current.importedAt) }) : t('revision.stop'),
          total
            ? counts.unreviewed
              ? t('revision.needLook', { count: counts.unreviewed, total })
              : t('revision.allPlaced', { total })
            : t('revision.noQuotes'),
        ),
      ),
      h(
        'ul',
        { class: 'status-counts', 'aria-label': t('revision.byStatus') },
        ...STATUSES.map((s) =>
          h(
            'li',
            { class: `status-count status-${s}${counts[s] ? '' : ' none'}`, title: t(STATUS_TEXT[s].hint) },
            h('span', { class: 'status-dot', 'aria-hidden': 'true' }),
            t(STATUS_TEXT[s].count, { count: counts[s] }),
          ),
        ),
      ),
      h(
        'div',
        { class: 'banner-tools' },
        select,
        compare,
        h('span', { class: 'spacer' }),
        (counts.unreviewed > 0 || counts.orphaned > 0) &&
          h(
            'button',
            { type: 'button', class: 'button button-small button-primary', onclick: () => this.actions.review() },
            counts.unreviewed ? t('revision.review', { quotes: tn('quotes.count', counts.unreviewed) }) : t('revision.showOrphans'),
          ),
      ),
    );
  }
}
