import { t } from '../i18n/i18n';
import type { Node as PMNode } from 'prosemirror-model';
import type { EditorView, NodeView } from 'prosemirror-view';
import { richNodes, type RichText } from '../cite/rich';
import { h } from '../dom';

/** What an embed shows about its quote. */
export interface EmbedInfo {
  text: string;
  /** Source and date, e.g. `中央社 · 2026年1月2日`. */
  citation: string;
  /** The citation in the chosen CSL style, once formatted; shown instead of {@link citation}. */
  styled?: RichText;
  lang: string | null;
  /** True when the quote is in the trash. */
  deleted: boolean;
  /** The quote's highlight colour (its own or its tag's), drawn as the embed's bar; absent for the default. */
  color?: string | null;
}

/** Where embeds get their quote data and what activating one does. */
export interface EmbedHost {
  /** The quote's current text and citation; undefined when no such quote exists (any more), 'loading' while it is being fetched. */
  info(quoteId: number): EmbedInfo | 'loading' | undefined;
  /** Show the quote in its article. */
  activate(quoteId: number): void;
}

/**
 * Draws a `quote_embed` node from the quote's current data: its text and
 * citation, or a "removed quote" card (with the text while the quote is in the
 * trash) so nothing silently disappears. A click opens the quote in its article.
 */
export class QuoteEmbedView implements NodeView {
  readonly dom: HTMLElement;

  constructor(
    private node: PMNode,
    private readonly host: EmbedHost,
    private readonly views: Set<QuoteEmbedView>,
  ) {
    this.dom = h('figure', { class: 'quote-embed', contenteditable: 'false' });
    this.dom.addEventListener('click', (e) => {
      if ((e.target as HTMLElement).closest('.embed-open')) this.host.activate(this.quoteId);
    });
    this.dom.addEventListener('dblclick', () => this.host.activate(this.quoteId));
    views.add(this);
    this.render();
  }

  private get quoteId(): number {
    return this.node.attrs.quoteId as number;
  }

  /** Redraws from the host's current data. */
  render(): void {
    const info = this.host.info(this.quoteId);
    this.dom.dataset.quoteId = String(this.quoteId);
    this.dom.setAttribute('aria-busy', String(info === 'loading'));
    if (info === 'loading') {
      this.dom.classList.remove('removed');
      this.dom.removeAttribute('aria-label');
      this.dom.replaceChildren(h('div', { class: 'embed-loading' }, t('embed.loading')));
      return;
    }
    this.dom.classList.toggle('removed', !info || info.deleted);
    if (!info || info.deleted) {
      this.dom.setAttribute('aria-label', t('embed.removed'));
      this.dom.replaceChildren(
        h('div', { class: 'embed-removed' }, h('strong', {}, t('embed.removed')), info ? t('embed.removed.trash') : t('embed.removed.gone')),
        ...(info ? [h('blockquote', { class: 'embed-text', lang: info.lang }, info.text)] : []),
      );
      return;
    }
    if (info.color) this.dom.style.setProperty('--quote-color', info.color);
    else this.dom.style.removeProperty('--quote-color');
    this.dom.setAttribute('aria-label', t('embed.label', { text: info.text.slice(0, 80) }));
    this.dom.replaceChildren(
      h('blockquote', { class: 'embed-text', lang: info.lang }, info.text),
      h(
        'figcaption',
        { class: 'embed-citation' },
        h('span', { lang: info.lang }, '— ', ...(info.styled ? richNodes(info.styled) : [info.citation])),
        h('button', { type: 'button', class: 'embed-open', tabindex: '-1', title: t('embed.open.title') }, t('embed.open')),
      ),
    );
  }

  update(node: PMNode): boolean {
    if (node.type !== this.node.type) return false;
    const changed = node.attrs.quoteId !== this.node.attrs.quoteId;
    this.node = node;
    if (changed) this.render();
    return true;
  }

  selectNode(): void {
    this.dom.classList.add('selected');
  }

  deselectNode(): void {
    this.dom.classList.remove('selected');
  }

  stopEvent(e: Event): boolean {
    return e.type === 'click' && !!(e.target as HTMLElement).closest('.embed-open');
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.views.delete(this);
  }
}

/** The `nodeViews` entry for quote embeds, registering each view in `views` so they can be redrawn. */
export function quoteEmbedViews(host: EmbedHost, views: Set<QuoteEmbedView>) {
  return (node: PMNode, _view: EditorView) => new QuoteEmbedView(node, host, views);
}
