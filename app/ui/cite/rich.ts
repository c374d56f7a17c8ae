import type { Response } from '../../api/channels';
import { h } from '../dom';

/** A formatted citation as the api hands it out: runs of text with emphasis. */
export type RichText = Response<'cite:quote'>['citationRich'];

/** Draws formatted citation text as elements (never as HTML markup): italics, bold, small capitals, super/subscripts. */
export function richNodes(runs: RichText): Node[] {
  return runs.map((r) => {
    let node: Node = document.createTextNode(r.text);
    if (r.smallCaps) node = h('span', { class: 'small-caps' }, node);
    if (r.sup) node = h('sup', {}, node);
    if (r.sub) node = h('sub', {}, node);
    if (r.bold) node = h('b', {}, node);
    if (r.italic) node = h('i', {}, node);
    return node;
  });
}
