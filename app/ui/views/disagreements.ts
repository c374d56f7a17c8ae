import type { Response } from '../../api/channels';
import { call } from '../client';
import { h } from '../dom';
import { t, tn } from '../i18n/i18n';
import { toastError } from '../toast';

type DisagreementResult = Response<'agreement:disagreements'>['disagreements'];
type DisagreementSpan = DisagreementResult['spans'][number];

/** Spans asked for at a time: the list grows by this many when the user asks for more. */
const PAGE = 100;
/** Characters of a coder's quote shown beside a span; the whole quote is in the tooltip. */
const QUOTE_PREVIEW = 160;

/** What the list compares: the subtree's root, the tag whose spans it shows, the articles and coders of the table. */
export interface DisagreementScope {
  root: string;
  focus: string;
  articleIds: number[];
  coders: string[];
}

/** Cuts `text` to `n` characters (code points) with an ellipsis. */
function preview(text: string, n: number): string {
  const chars = Array.from(text);
  return chars.length > n ? `${chars.slice(0, n).join('')}…` : text;
}

/**
 * The passages where coders disagree on one tag, side by side: each span with its context
 * and, per coder, whether they coded it and with which quote. Spans arrive a page at a
 * time (`agreement:disagreements`), however many there are; choosing one opens it in the reader.
 */
export class DisagreementList {
  readonly el = h('section', { class: 'disagreements', hidden: true });
  private readonly heading = h('h2', { class: 'section-title', tabindex: '-1' });
  private readonly summary = h('p', { class: 'view-hint disagreements-summary', role: 'status' });
  private readonly list = h('ol', { class: 'disagreement-list' });
  private readonly more = h('button', { type: 'button', class: 'button disagreements-more', hidden: true });
  private scope: DisagreementScope | undefined;
  private loaded = 0;
  private total = 0;
  /** Bumped by every new scope, so an answer for an older one is dropped. */
  private generation = 0;

  constructor(
    private readonly lang: (articleId: number) => string | null,
    private readonly open: (span: DisagreementSpan) => void,
  ) {
    this.more.onclick = () => void this.load();
    this.el.append(this.heading, this.summary, this.list, this.more);
  }

  /** Shows the spans of `scope` (its first page), or hides the list when there is none. */
  async show(scope: DisagreementScope | undefined, focusHeading = false): Promise<void> {
    this.generation++;
    this.scope = scope;
    this.loaded = 0;
    this.total = 0;
    this.list.replaceChildren();
    this.more.hidden = true;
    this.el.hidden = !scope;
    if (!scope) return;
    this.el.setAttribute('aria-label', t('agreement.disagreements.title', { tag: scope.focus }));
    this.heading.textContent = t('agreement.disagreements.title', { tag: scope.focus });
    this.summary.textContent = t('agreement.loading');
    await this.load();
    if (focusHeading) this.heading.focus();
  }

  private async load(): Promise<void> {
    const scope = this.scope;
    if (!scope) return;
    const generation = this.generation;
    this.more.disabled = true;
    try {
      const { disagreements } = await call('agreement:disagreements', {
        tag: scope.root,
        focus: scope.focus,
        articleIds: scope.articleIds,
        coders: scope.coders,
        offset: this.loaded,
        limit: PAGE,
      });
      if (generation !== this.generation) return;
      this.append(disagreements);
    } catch (err) {
      if (generation !== this.generation) return;
      this.summary.textContent = t('agreement.disagreements.failed');
      toastError(err, t('agreement.disagreements.failed'));
    } finally {
      this.more.disabled = false;
    }
  }

  private append(r: DisagreementResult): void {
    this.total = r.total;
    this.summary.textContent = r.total
      ? t('agreement.disagreements.summary', { spans: tn('agreement.spans', r.total), chars: tn('agreement.chars', r.characters) })
      : t('agreement.disagreements.none');
    const start = this.loaded;
    this.list.append(...r.spans.map((s, i) => this.row(s, r.coders, start + i + 1)));
    this.loaded += r.spans.length;
    const left = this.total - this.loaded;
    this.more.hidden = left <= 0;
    this.more.textContent = t('agreement.disagreements.more', { count: Math.min(PAGE, left), left });
  }

  private row(span: DisagreementSpan, coders: string[], n: number): HTMLElement {
    const lang = this.lang(span.articleId);
    const sides = h(
      'div',
      { class: 'disagreement-sides' },
      ...coders.map((coder, i) => {
        const side = span.coders[i]!;
        const quote = side.quotes.map((q) => q.exact).join(' … ');
        return h(
          'div',
          { class: `disagreement-side${side.coded ? ' coded' : ''}` },
          h('span', { class: 'disagreement-coder' }, coder),
          h('span', { class: 'disagreement-verdict' }, side.coded ? t('agreement.coded') : t('agreement.notCoded')),
          quote ? h('q', { class: 'disagreement-quote', lang, title: quote }, preview(quote, QUOTE_PREVIEW)) : null,
        );
      }),
    );
    const label = t('agreement.disagreements.open', { n, title: span.title, text: preview(span.text, 40) });
    return h(
      'li',
      { class: 'disagreement', 'data-start': span.start, 'data-article-id': span.articleId },
      h(
        'button',
        { type: 'button', class: 'disagreement-open', 'aria-label': label, title: t('agreement.disagreements.openHint'), onclick: () => this.open(span) },
        h('span', { class: 'disagreement-where', lang }, span.title, ' · ', tn('agreement.chars', span.characters)),
        h(
          'span',
          { class: 'disagreement-text', lang },
          span.before && h('span', { class: 'disagreement-context' }, `…${span.before}`),
          h('mark', { class: 'disagreement-span' }, span.text),
          span.after && h('span', { class: 'disagreement-context' }, `${span.after}…`),
        ),
      ),
      sides,
    );
  }
}
