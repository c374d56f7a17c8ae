import type { Response } from '../../api/channels';
import { call } from '../client';
import { formatDate, h } from '../dom';
import { t, tn } from '../i18n/i18n';
import { DisposableStore } from '../model/lifecycle';
import { toastError } from '../toast';
import type { Place, View, ViewContext } from './view';

type ActivityList = Response<'activity:list'>['activity'];
type ActivityGroup = ActivityList['groups'][number];
type ActivityEntry = ActivityGroup['entries'][number];

/** What the activity view asks of the window beyond the shared context. */
export interface ActivityHost {
  /** Shows a quote in its article. */
  showQuote(quoteId: number): void;
}

/** Entries one view shows at most (the api's limit). */
const LIMIT = 200;

/** The sentence that says what happened, without the person (who is shown before it). */
function actionText(e: ActivityEntry): string {
  switch (e.kind) {
    case 'quote':
      return t('activity.quote');
    case 'comment':
      return t('activity.comment');
    case 'rename':
      return t('activity.rename', { from: e.detail ?? '', to: e.text });
    case 'merge':
      return t('activity.merge', { from: e.detail ?? '', to: e.text });
    default:
      return t('activity.note');
  }
}

/**
 * Activity: what other people changed since this person last looked — new quotes,
 * comments, tag renames and merges, note edits — grouped by article (then tags and
 * notes), newest first; each entry opens the place. Leaving the view (or Mark as seen)
 * moves the last-looked mark, which the library keeps.
 */
export class ActivityView implements View {
  readonly el = h('section', { class: 'view activity-view', 'aria-label': t('section.activity'), hidden: true });
  private readonly owned = new DisposableStore();
  private readonly count = h('span', { class: 'pane-count' });
  private readonly body = h('div', { class: 'view-body activity-body' });
  private readonly markButton: HTMLButtonElement;
  private readonly earlierButton: HTMLButtonElement;
  private list: ActivityList | null = null;
  private all = false;
  private visible = false;
  private loading: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly ctx: ViewContext,
    private readonly host: ActivityHost,
  ) {
    this.markButton = h('button', { type: 'button', class: 'button button-small', onclick: () => void this.markSeen() }, t('activity.markSeen'));
    this.earlierButton = h(
      'button',
      {
        type: 'button',
        class: 'button button-small',
        'aria-pressed': 'false',
        onclick: () => {
          this.all = !this.all;
          this.earlierButton.setAttribute('aria-pressed', String(this.all));
          void this.reload();
        },
      },
      t('activity.earlier'),
    );
    this.el.append(
      h(
        'div',
        { class: 'view-header' },
        h('h1', { class: 'view-title' }, t('section.activity')),
        this.count,
        h('span', { class: 'spacer' }),
        this.earlierButton,
        this.markButton,
      ),
      h('div', { class: 'view-scroll' }, this.body),
    );
    // Whatever changes the counts (sync projecting others' rows among them) may be news.
    this.owned.add(ctx.model.counts.onDidChange(() => void (this.visible && this.reload())));
  }

  title(): string {
    return t('section.activity');
  }

  async show(_place: Place): Promise<void> {
    this.visible = true;
    await this.reload();
  }

  /** Leaving the view is having looked: the mark moves to the newest entry shown. */
  async leave(): Promise<void> {
    this.visible = false;
    if (this.list && !this.all && this.list.latest > this.list.after) await this.setMark(this.list.latest);
  }

  private async markSeen(): Promise<void> {
    if (!this.list) return;
    await this.setMark(this.list.latest);
    this.all = false;
    this.earlierButton.setAttribute('aria-pressed', 'false');
    await this.reload();
  }

  private async setMark(seq: number): Promise<void> {
    try {
      await call('activity:seen', { seq });
      await this.ctx.model.counts.refresh();
    } catch (err) {
      toastError(err);
    }
  }

  /** Reads the list again; calls during a read fold into one more read after it. */
  private reload(): Promise<void> {
    if (this.loading) {
      this.again = true;
      return this.loading;
    }
    this.loading = (async () => {
      try {
        do {
          this.again = false;
          this.list = (await call('activity:list', { limit: LIMIT, all: this.all })).activity;
          this.render();
        } while (this.again);
      } catch (err) {
        toastError(err);
      } finally {
        this.loading = null;
      }
    })();
    return this.loading;
  }

  private render(): void {
    const list = this.list!;
    this.count.textContent = list.unseen ? tn('activity.new', list.unseen) : '';
    this.markButton.disabled = list.unseen === 0;
    if (!list.groups.length) {
      this.body.replaceChildren(
        h(
          'div',
          { class: 'empty-state' },
          h('strong', {}, t(this.all ? 'activity.none' : 'activity.empty')),
          h('p', {}, t(this.all ? 'activity.none.text' : 'activity.empty.text')),
        ),
      );
      return;
    }
    this.body.replaceChildren(...list.groups.map((g) => this.group(g, list.after)), ...(list.more ? [h('p', { class: 'view-hint' }, t('activity.more'))] : []));
  }

  private group(g: ActivityGroup, after: number): HTMLElement {
    const article = g.articleId === undefined ? undefined : this.ctx.catalog.article(g.articleId);
    const title = g.kind === 'article' ? (g.title ?? '') : t(g.kind === 'tags' ? 'activity.tags' : 'activity.notes');
    return h(
      'section',
      { class: 'activity-group', 'aria-label': title },
      h('h2', { class: g.kind === 'article' ? 'activity-article-title' : 'section-title', lang: article?.lang ?? null }, title),
      h('ol', { class: 'activity-list' }, ...g.entries.map((e) => this.entry(e, article?.lang ?? null, e.seq > after))),
    );
  }

  private entry(e: ActivityEntry, lang: string | null, unseen: boolean): HTMLElement {
    const text = e.kind === 'comment' ? (e.detail ?? '') : e.kind === 'quote' || e.kind === 'note' ? e.text : '';
    const comment = e.kind === 'quote' ? (e.detail ?? '') : '';
    const open = h(
      'button',
      { type: 'button', class: 'activity-entry', 'data-kind': e.kind, onclick: () => void this.open(e) },
      h('span', { class: 'activity-line' }, h('span', { class: 'author-chip' }, e.person.name), h('span', { class: 'activity-action' }, actionText(e))),
      text && h('span', { class: `activity-text${e.kind === 'quote' || e.kind === 'comment' ? ' activity-quote' : ''}`, lang }, text),
      comment && h('span', { class: 'activity-comment', lang }, comment),
      e.kind === 'comment' && h('span', { class: 'activity-context', lang }, t('activity.on', { text: e.text })),
      h('time', { class: 'activity-time', datetime: e.at }, formatDate(e.at, true)),
    );
    return h('li', { class: `activity-item${unseen ? ' unseen' : ''}` }, open);
  }

  private async open(e: ActivityEntry): Promise<void> {
    if (e.quoteId !== undefined) this.host.showQuote(e.quoteId);
    else if (e.noteId !== undefined) await this.ctx.go({ kind: 'note', id: e.noteId });
    else if (e.tagPath !== undefined) await this.ctx.go({ kind: 'quotes', tag: e.tagPath });
  }

  dispose(): void {
    this.owned.dispose();
  }
}
