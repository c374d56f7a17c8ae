import { Schema, type NodeSpec } from 'prosemirror-model';
import { marks, nodes } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';

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

const { image: _image, ...basicNodes } = nodes;
const base = new Schema({ nodes: { ...basicNodes, [QUOTE_EMBED]: quoteEmbed } });

/** The notes editor's schema: prose basics (no images), lists, links that do not grow as you type, and quote embeds. */
export const noteSchema = new Schema({
  nodes: addListNodes(base.spec.nodes, 'paragraph block*', 'block'),
  marks: { ...marks, link: { ...marks.link, inclusive: false } },
});
