import { Schema, type Node as PMNode } from 'prosemirror-model';
import type { Article } from '../../core/model';

/**
 * The reader's document schema: a title and the article's blocks. Each textblock
 * records in `start` the body offset its text begins at (null for a title that is
 * not part of the body), so positions and body offsets convert without search.
 */
export const readerSchema = new Schema({
  nodes: {
    doc: { content: 'title? block+' },
    title: {
      content: 'text*',
      attrs: { start: { default: null } },
      defining: true,
      toDOM: () => ['h1', { class: 'reader-title' }, 0],
    },
    heading: {
      group: 'block',
      content: 'text*',
      attrs: { start: { default: null } },
      defining: true,
      toDOM: () => ['h2', 0],
    },
    paragraph: {
      group: 'block',
      content: 'text*',
      attrs: { start: { default: null } },
      toDOM: () => ['p', 0],
    },
    text: {},
  },
});

/** Builds the reader document for an article. The first block becomes the title when it says the same thing. */
export function articleDoc(article: Pick<Article, 'title' | 'body' | 'blocks'>): PMNode {
  const { nodes } = readerSchema;
  const textOf = (s: string) => (s ? [readerSchema.text(s)] : []);
  const blocks = article.blocks.map((b) => ({ ...b, text: article.body.slice(b.start, b.end) }));
  const children: PMNode[] = [];
  const first = blocks[0];
  if (first && first.text.trim() === article.title.trim()) {
    children.push(nodes.title.create({ start: first.start }, textOf(first.text)));
    blocks.shift();
  } else {
    children.push(nodes.title.create({ start: null }, textOf(article.title)));
  }
  for (const b of blocks) {
    const type = b.kind === 'heading' ? nodes.heading : nodes.paragraph;
    children.push(type.create({ start: b.start }, textOf(b.text)));
  }
  if (children.length === 1) children.push(nodes.paragraph.create({ start: null }));
  return nodes.doc.create(null, children);
}
