import type { Response } from '../../api/channels';
import { h } from '../dom';

/** One search result as the api answers it. */
export type SearchHit = Response<'search:query'>['results'][number];

/** A passage of a hit with the ranges that matched. */
export type Snippet = SearchHit['snippet'];

/**
 * A snippet as DOM nodes: its text with each matched range in a `<mark>`, and an
 * ellipsis where the passage was cut. Text only, never markup.
 */
export function snippetNodes(snippet: Snippet): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  if (snippet.cutStart) nodes.push(document.createTextNode('…'));
  for (const [start, end] of snippet.highlights) {
    if (start > at) nodes.push(document.createTextNode(snippet.text.slice(at, start)));
    nodes.push(h('mark', { class: 'search-mark' }, snippet.text.slice(start, end)));
    at = end;
  }
  if (at < snippet.text.length) nodes.push(document.createTextNode(snippet.text.slice(at)));
  if (snippet.cutEnd) nodes.push(document.createTextNode('…'));
  return nodes;
}

/**
 * Where a snippet's first match sits in the text it was taken from (an article body),
 * as a UTF-16 range; null when it cannot be placed. Snippets show line breaks as
 * spaces, one for one, so the passage is found in the body with the same substitution.
 */
export function matchInText(text: string, snippet: Snippet): { start: number; end: number } | null {
  const flat = text.replace(/[\r\n\t\f\v]/g, ' ');
  const at = flat.indexOf(snippet.text);
  const first = snippet.highlights[0];
  if (at < 0 || !first) return null;
  return { start: at + first[0], end: at + first[1] };
}
