import type { Response } from '../../api/channels';
import { ApiCallError, call } from '../client';
import { h } from '../dom';
import { saveFile } from '../export/save';
import { intlLocale, t, tn } from '../i18n/i18n';
import { DisposableStore, toDisposable } from '../model/lifecycle';
import { toast, toastError } from '../toast';
import { DisagreementList } from './disagreements';
import type { Place, View, ViewContext } from './view';

type AgreementResult = Response<'agreement:compute'>['agreement'];
type DisagreementSpan = Response<'agreement:disagreements'>['disagreements']['spans'][number];

/** How long the view waits after a change of scope (or of the library) before comparing again. */
const RECOMPUTE_MS = 250;

/** What the agreement view asks of the window: opening a passage of an article in the reader. */
export interface AgreementHost {
  showPassage(articleId: number, range: { start: number; end: number }): void;
}

/** A statistic with three decimals, or a dash with the reason in the tooltip when it is undefined. */
function statCell(value: number | null | undefined): HTMLElement {
  if (value === null || value === undefined) return h('td', { class: 'agreement-num', title: t('agreement.undefined') }, '—');
  const text = new Intl.NumberFormat(intlLocale(), { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(value);
  return h('td', { class: `agreement-num${value < 0.667 ? ' low' : ''}` }, text);
}

/** A share (0–1) as a percentage with one decimal. */
function percent(value: number | null): string {
  return value === null ? '—' : new Intl.NumberFormat(intlLocale(), { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
}

/**
 * Coding agreement: choose a tag subtree, the articles (all by default) and the coders;
 * the table gives, per tag, percent agreement, Cohen's kappa (two coders) or
 * Krippendorff's alpha, and the characters each coder coded (`agreement:compute`),
 * exportable as CSV (`agreement:export`); choosing a tag lists the passages where the
 * coders disagree on it, side by side.
 */
export class AgreementView implements View {
  readonly el = h('section', { class: 'view agreement-view', 'aria-label': t('section.agreement'), hidden: true });
  private readonly owned = new DisposableStore();
  private readonly root = h('select', { id: 'agreement-root', class: 'field-input' });
  private readonly allArticles = h('input', { type: 'checkbox', id: 'agreement-all-articles', checked: true });
  private readonly articles = h('select', { id: 'agreement-articles', class: 'field-input', multiple: true, size: '6', disabled: true });
  private readonly coders = h('fieldset', { class: 'agreement-coders' });
  private readonly exportButton = h('button', { type: 'button', class: 'button', disabled: true }, t('agreement.export'));
  private readonly status = h('p', { class: 'view-hint agreement-status', role: 'status' });
  private readonly table = h('div', { class: 'agreement-table-slot' });
  private readonly disagreements: DisagreementList;
  private result: AgreementResult | undefined;
  /** Coders the user turned off, kept across recomputations of the same root. */
  private readonly excluded = new Set<string>();
  /** Every coder found for the current root (the checkboxes), whether chosen or not. */
  private known: string[] = [];
  private focus: string | undefined;
  private timer: number | undefined;
  private generation = 0;
  private shown = false;

  constructor(
    private readonly ctx: ViewContext,
    private readonly host: AgreementHost,
  ) {
    this.disagreements = new DisagreementList(
      (id) => ctx.catalog.article(id)?.lang ?? null,
      (span) => this.openSpan(span),
    );
    this.root.onchange = () => {
      this.excluded.clear();
      this.known = [];
      this.focus = undefined;
      this.schedule();
    };
    this.allArticles.onchange = () => {
      this.articles.disabled = this.allArticles.checked;
      this.schedule();
    };
    this.articles.onchange = () => this.schedule();
    this.exportButton.onclick = () => void this.exportCsv();
    const field = (label: string, forId: string, ...controls: Node[]) =>
      h('div', { class: 'field' }, h('label', { class: 'field-label', for: forId }, label), ...controls);
    const form = h(
      'form',
      { class: 'agreement-form', onsubmit: (e: Event) => e.preventDefault() },
      field(t('agreement.root'), 'agreement-root', this.root, h('span', { class: 'field-hint' }, t('agreement.root.hint'))),
      h(
        'div',
        { class: 'field' },
        h('label', { class: 'field-label', for: 'agreement-articles' }, t('agreement.articles')),
        h('label', { class: 'check-row' }, this.allArticles, t('agreement.articles.all')),
        this.articles,
      ),
      this.coders,
    );
    const scroller = h(
      'div',
      { class: 'view-scroll' },
      h(
        'div',
        { class: 'view-body agreement-body' },
        form,
        this.status,
        this.table,
        h('p', { class: 'field-hint' }, t('agreement.how')),
        this.disagreements.el,
      ),
    );
    this.el.append(
      h('div', { class: 'view-header' }, h('h1', { class: 'view-title' }, t('section.agreement')), h('span', { class: 'spacer' }), this.exportButton),
      scroller,
    );
    this.owned.add(ctx.catalog.onTags(() => this.fillRoots()));
    this.owned.add(ctx.model.articles.onDidChange(() => this.fillArticles()));
    // Quotes made, retagged or deleted here or by others change the figures: compare again while shown.
    this.owned.add(
      ctx.model.counts.onDidChange(() => {
        if (this.shown && this.result) this.schedule();
      }),
    );
    this.owned.add(toDisposable(() => window.clearTimeout(this.timer)));
  }

  title(): string {
    return t('section.agreement');
  }

  async show(_place: Place): Promise<void> {
    this.shown = true;
    await Promise.all([this.ctx.model.tags.load(), this.ctx.model.articles.load()]);
    this.fillRoots();
    this.fillArticles();
    if (!this.result) this.schedule();
  }

  async leave(): Promise<void> {
    this.shown = false;
  }

  /** The root choices: every tag by path (a root compares its whole subtree), the previous choice kept. */
  private fillRoots(): void {
    const chosen = this.root.value;
    const tags = [...this.ctx.catalog.tags].sort((a, b) => a.path.localeCompare(b.path, intlLocale()));
    this.root.replaceChildren(...tags.map((tag) => h('option', { value: tag.path }, tag.path)));
    if (tags.some((tag) => tag.path === chosen)) this.root.value = chosen;
    this.root.disabled = !tags.length;
    if (!tags.length) this.showMessage(t('agreement.noTags'));
  }

  private fillArticles(): void {
    const chosen = new Set(Array.from(this.articles.selectedOptions, (o) => o.value));
    this.articles.replaceChildren(
      ...this.ctx.model.articles.all.map((a) => h('option', { value: String(a.id), lang: a.lang ?? null, selected: chosen.has(String(a.id)) }, a.title)),
    );
  }

  private drawCoders(): void {
    const boxes = this.known.map((name, i) => {
      const box = h('input', { type: 'checkbox', id: `agreement-coder-${i}`, checked: !this.excluded.has(name) });
      box.onchange = () => {
        if (box.checked) this.excluded.delete(name);
        else this.excluded.add(name);
        this.schedule();
      };
      return h('label', { class: 'check-row' }, box, name);
    });
    this.coders.replaceChildren(h('legend', { class: 'field-label' }, t('agreement.coders')), ...boxes);
    this.coders.hidden = !this.known.length;
  }

  private schedule(): void {
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(() => void this.compute(), RECOMPUTE_MS);
  }

  /** The request for the current choices, or a reason it cannot be made. */
  private request(): { tag: string; articleIds?: number[]; coders?: string[] } | string {
    const tag = this.root.value;
    if (!tag) return t('agreement.noTags');
    const req: { tag: string; articleIds?: number[]; coders?: string[] } = { tag };
    if (!this.allArticles.checked) {
      req.articleIds = Array.from(this.articles.selectedOptions, (o) => Number(o.value));
      if (!req.articleIds.length) return t('agreement.chooseArticles');
    }
    if (this.known.length) {
      req.coders = this.known.filter((c) => !this.excluded.has(c));
      if (req.coders.length < 2) return t('agreement.chooseCoders');
    }
    return req;
  }

  private async compute(): Promise<void> {
    const generation = ++this.generation;
    const req = this.request();
    if (typeof req === 'string') return this.showMessage(req);
    this.status.textContent = t('agreement.loading');
    try {
      const { agreement } = await call('agreement:compute', req);
      if (generation !== this.generation) return;
      if (!this.known.length) {
        this.known = agreement.coders;
        this.drawCoders();
      }
      this.result = agreement;
      this.drawTable(agreement, req.tag);
      const focus = this.focus && agreement.tags.some((row) => row.tag === this.focus) ? this.focus : undefined;
      this.focus = focus;
      await this.disagreements.show(focus ? { root: req.tag, focus, articleIds: agreement.articles, coders: agreement.coders } : undefined);
    } catch (err) {
      if (generation !== this.generation) return;
      // Too few coders is the usual case of a library that was never shared: say it in the person's language.
      const fewCoders = err instanceof ApiCallError && err.code === 'invalid_request' && /two coders/.test(err.message);
      if (fewCoders) {
        this.known = [];
        this.drawCoders();
      }
      this.showMessage(fewCoders ? t('agreement.fewCoders') : t('agreement.failed', { reason: err instanceof Error ? err.message : String(err) }));
    }
  }

  private showMessage(text: string): void {
    this.result = undefined;
    this.status.textContent = text;
    this.table.replaceChildren();
    this.exportButton.disabled = true;
    void this.disagreements.show(undefined);
  }

  private drawTable(r: AgreementResult, root: string): void {
    const two = r.coders.length === 2;
    this.status.textContent = t('agreement.summary', {
      chars: tn('agreement.chars', r.units),
      articles: tn('agreement.articleCount', r.articles.length),
      coders: r.coders.join(t('agreement.coderSeparator')),
    });
    this.exportButton.disabled = false;
    const head = h(
      'tr',
      {},
      h('th', { scope: 'col' }, t('agreement.col.tag')),
      h('th', { scope: 'col', class: 'agreement-num' }, t('agreement.col.agreement')),
      two ? h('th', { scope: 'col', class: 'agreement-num', title: t('agreement.col.kappa.title') }, t('agreement.col.kappa')) : null,
      h('th', { scope: 'col', class: 'agreement-num', title: t('agreement.col.alpha.title') }, t('agreement.col.alpha')),
      ...r.coders.map((c) => h('th', { scope: 'col', class: 'agreement-num' }, t('agreement.col.coded', { coder: c }))),
      h('th', { scope: 'col' }, h('span', { class: 'visually-hidden' }, t('agreement.col.passages'))),
    );
    const rows = r.tags.map((row) => {
      const disagree = row.agreement !== null && row.agreement < 1;
      const button = h(
        'button',
        {
          type: 'button',
          class: 'button button-small',
          'aria-pressed': String(this.focus === row.tag),
          disabled: !disagree,
          'aria-label': t('agreement.showPassages', { tag: row.tag }),
          title: disagree ? null : t('agreement.noPassages'),
        },
        t('agreement.passages'),
      );
      button.onclick = () => {
        this.focus = row.tag;
        for (const b of this.table.querySelectorAll('button[aria-pressed]')) b.setAttribute('aria-pressed', String(b === button));
        void this.disagreements.show({ root, focus: row.tag, articleIds: r.articles, coders: r.coders }, true);
      };
      return h(
        'tr',
        { 'data-tag': row.tag },
        h('th', { scope: 'row', class: 'agreement-tag' }, row.tag),
        h('td', { class: 'agreement-num' }, percent(row.agreement)),
        two ? statCell(row.kappa) : null,
        statCell(row.alpha),
        ...row.coded.map((n) => h('td', { class: 'agreement-num' }, tn('agreement.chars', n))),
        h('td', {}, button),
      );
    });
    this.table.replaceChildren(
      h(
        'div',
        { class: 'agreement-table-scroll' },
        h('table', { class: 'agreement-table', 'aria-label': t('agreement.table') }, h('thead', {}, head), h('tbody', {}, ...rows)),
      ),
    );
  }

  private async exportCsv(): Promise<void> {
    const req = this.request();
    if (typeof req === 'string') return void toast(req, { kind: 'error' });
    this.exportButton.disabled = true;
    try {
      const file = await call('agreement:export', { ...req, bom: true });
      const where = await saveFile(file);
      if (where) toast(t('export.done', { name: file.filename }));
    } catch (err) {
      toastError(err, t('agreement.exportFailed'));
    } finally {
      this.exportButton.disabled = !this.result;
    }
  }

  private openSpan(span: DisagreementSpan): void {
    this.host.showPassage(span.articleId, { start: span.start, end: span.end });
  }

  dispose(): void {
    this.owned.dispose();
  }
}
