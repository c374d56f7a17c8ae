import { clamp, h } from '../dom';

const SHOW_DELAY_MS = 350;
const GAP = 8;

/**
 * The tooltip of quote highlights: shown while the pointer rests on a highlight or
 * a highlight has keyboard focus, hidden by Escape, leaving or blurring. Its content
 * comes from `describe`; highlights point at it with `aria-describedby`.
 */
export class HighlightTooltip {
  /** The id highlights reference in `aria-describedby`. */
  static readonly id = 'quote-tooltip';
  private readonly el: HTMLElement;
  private timer: number | undefined;
  private shownFor: Element | null = null;

  constructor(
    root: HTMLElement,
    private readonly describe: (quoteId: number) => Node[] | null,
  ) {
    this.el = document.getElementById(HighlightTooltip.id) ?? h('div', { id: HighlightTooltip.id, class: 'quote-tooltip', role: 'tooltip', hidden: true });
    if (!this.el.isConnected) document.body.append(this.el);
    const highlightOf = (e: Event) => (e.target as Element | null)?.closest?.('[data-quote-id]') ?? null;
    root.addEventListener('mouseover', (e) => {
      const hl = highlightOf(e);
      if (hl === this.shownFor) return;
      window.clearTimeout(this.timer);
      if (!hl) return this.hide();
      this.timer = window.setTimeout(() => this.show(hl), this.shownFor ? 0 : SHOW_DELAY_MS);
    });
    root.addEventListener('mouseleave', () => this.hide());
    root.addEventListener('focusin', (e) => {
      const hl = highlightOf(e);
      if (hl && hl === e.target) this.show(hl);
    });
    root.addEventListener('focusout', () => this.hide());
    root.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && this.shownFor) {
        e.preventDefault();
        this.hide();
      }
    });
    root.addEventListener('mousedown', () => this.hide());
  }

  private show(highlight: Element): void {
    window.clearTimeout(this.timer);
    const content = this.describe(Number((highlight as HTMLElement).dataset.quoteId));
    if (!content) return this.hide();
    this.shownFor = highlight;
    this.el.replaceChildren(...content);
    this.el.hidden = false;
    const rects = [...highlight.getClientRects()];
    const a = rects[0] ?? highlight.getBoundingClientRect();
    const { width, height } = this.el.getBoundingClientRect();
    const above = a.top - GAP - height >= 8;
    this.el.style.left = `${clamp(a.left, 8, window.innerWidth - width - 8)}px`;
    this.el.style.top = `${above ? a.top - GAP - height : (rects[rects.length - 1] ?? a).bottom + GAP}px`;
  }

  /** Hides it. */
  hide(): void {
    window.clearTimeout(this.timer);
    this.shownFor = null;
    this.el.hidden = true;
  }
}
