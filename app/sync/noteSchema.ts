import { Schema, type MarkSpec, type NodeSpec } from 'prosemirror-model';
import { marks, nodes } from 'prosemirror-schema-basic';
import { addListNodes } from 'prosemirror-schema-list';

/**
 * The notes editor's schema (app/ui/notes/schema.ts) without its DOM parts, for
 * converting notes to and from Yjs in Node. The node and mark names, attributes and
 * content expressions are the editor's (a unit test compares them); the one difference is
 * that a quote embed carries the quote's `uuid` in the document that travels, because
 * quote ids are local to each device.
 */
const quoteEmbed: NodeSpec = {
  group: 'block',
  atom: true,
  attrs: { quote: { validate: 'string' } },
};

const link: MarkSpec = {
  attrs: { href: { validate: 'string' }, title: { default: null } },
  inclusive: false,
};

const { image: _image, ...basicNodes } = nodes;
const base = new Schema({ nodes: { ...basicNodes, quote_embed: quoteEmbed } });

/** The note schema sync converts with (quote embeds by uuid). */
export const syncNoteSchema = new Schema({
  nodes: addListNodes(base.spec.nodes, 'paragraph block*', 'block'),
  marks: { ...marks, link },
});
