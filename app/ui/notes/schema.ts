import { t } from '../i18n/i18n';
import { Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { marks, nodes } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';
import { safeLink } from '../dom';

/** The node type of a quote embedded in a note; the core finds embeds by this name and `attrs.quoteId`. */
export const QUOTE_EMBED = 'quote_embed';

/**
 * A quote embedded in a note: an atom block that carries only the quote id, so it
 * always shows the quote's current text and citation, and survives the quote being
 * deleted (it then shows as a removed quote).
 */
const quoteEmbed: NodeSpec = {
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  attrs: { quoteId: { validate: 'number' } },
  toDOM: (node) => ['figure', { class: 'quote-embed', 'data-quote-id': String(node.attrs.quoteId) }],
  parseDOM: [
    {
      tag: 'figure.quote-embed[data-quote-id]',
      getAttrs: (dom) => {
        const id = Number((dom as HTMLElement).dataset.quoteId);
        return Number.isSafeInteger(id) && id > 0 ? { quoteId: id } : false;
      },
    },
  ],
};

/** Schemes a note link may point to; anything else (`javascript:`, `data:` …) is kept as text, never as an address. */
export const LINK_SCHEMES = ['http:', 'https:', 'mailto:'] as const;

/**
 * A link that does not grow as you type at its edges, and whose address is only
 * ever written into the page when it is a web or mail address: a note pasted or
 * imported with a `javascript:` link shows the text, not a clickable link.
 */
const link: MarkSpec = {
  attrs: { href: { validate: 'string' }, title: { default: null } },
  inclusive: false,
  parseDOM: [
    {
      tag: 'a[href]',
      getAttrs: (dom) => {
        const href = safeLink((dom as HTMLElement).getAttribute('href'), LINK_SCHEMES);
        return href ? { href: href.href, title: (dom as HTMLElement).getAttribute('title') } : false;
      },
    },
  ],
  toDOM: (mark) => {
    const href = safeLink(mark.attrs.href as string, LINK_SCHEMES);
    return href
      ? ['a', { href: href.href, title: mark.attrs.title as string | null, rel: 'noopener noreferrer nofollow' }, 0]
      : ['span', { class: 'unsafe-link', title: t('note.unsafeLink', { href: String(mark.attrs.href) }) }, 0];
  },
};

/** A note's Bibliography block: an atom that lists the works the note cites, in the chosen citation style. */
const bibliography: NodeSpec = {
  group: 'block',
  atom: true,
  selectable: true,
  draggable: true,
  toDOM: () => ['section', { class: 'note-bibliography' }],
  parseDOM: [{ tag: 'section.note-bibliography' }],
};

const { image: _image, ...basicNodes } = nodes;
const base = new Schema({ nodes: { ...basicNodes, [QUOTE_EMBED]: quoteEmbed, bibliography } });

/** The notes editor's schema: prose basics (no images), lists, safe links that do not grow as you type, quote embeds and Bibliography blocks. */
export const noteSchema = new Schema({
  nodes: addListNodes(base.spec.nodes, 'paragraph block*', 'block'),
  marks: { ...marks, link },
});
