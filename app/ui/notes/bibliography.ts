import type { Node as PMNode } from 'prosemirror-model';
import type { NodeView } from 'prosemirror-view';
import { richNodes } from '../cite/rich';
import type { BibliographyState } from '../cite/noteCitations';
import { h } from '../dom';
import { t } from '../i18n/i18n';

/** The node type of a note's Bibliography block; the core's exports know it by the same name. */
export const BIBLIOGRAPHY = 'bibliography';

/** Where Bibliography blocks get the works cited in their note. */
export interface BibliographyHost {
  bibliography(): BibliographyState;
}

/** Draws a Bibliography block: a heading and the works the note cites, in the chosen style, redrawn when they change. */
export class BibliographyView implements NodeView {
  readonly dom: HTMLElement;

  constructor(
    private readonly host: BibliographyHost,
    private readonly views: Set<BibliographyView>,
  ) {
    this.dom = h('section', { class: 'note-bibliography', contenteditable: 'false', 'aria-label': t('cite.bibliography') });
    views.add(this);
    this.render();
  }

  /** Redraws from the host's current citations. */
  render(): void {
    const state = this.host.bibliography();
    const heading = h('h2', { class: 'note-bibliography-heading' }, t('cite.bibliography'));
    this.dom.setAttribute('aria-busy', String(state.kind === 'loading'));
    if (state.kind === 'loading') return this.dom.replaceChildren(heading, h('p', { class: 'embed-loading' }, t('cite.bibliography.loading')));
    if (state.kind === 'failed') return this.dom.replaceChildren(heading, h('p', { class: 'field-error' }, state.message));
    if (!state.entries.length) return this.dom.replaceChildren(heading, h('p', { class: 'note-bibliography-empty' }, t('cite.bibliography.empty')));
    this.dom.replaceChildren(
      heading,
      h('ol', { class: 'note-bibliography-list' }, ...state.entries.map((e) => h('li', { class: 'csl-entry' }, ...richNodes(e)))),
    );
  }

  update(node: PMNode): boolean {
    return node.type.name === BIBLIOGRAPHY;
  }

  selectNode(): void {
    this.dom.classList.add('selected');
  }

  deselectNode(): void {
    this.dom.classList.remove('selected');
  }

  ignoreMutation(): boolean {
    return true;
  }

  destroy(): void {
    this.views.delete(this);
  }
}

/** The `nodeViews` entry for Bibliography blocks, registering each view in `views` so they can be redrawn. */
export function bibliographyViews(host: BibliographyHost, views: Set<BibliographyView>) {
  return () => new BibliographyView(host, views);
}
