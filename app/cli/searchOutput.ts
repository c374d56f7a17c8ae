import type { SearchHit, SearchResult } from '../core/search/types';
import { utf16ToCodePoint } from '../core/text';

/** A search hit as the CLI prints it; highlight offsets count Unicode code points of `snippet`. */
export interface SearchHitJson {
  type: SearchHit['type'];
  id: number;
  articleId: number | null;
  text: string;
  snippet: string;
  highlights: [number, number][];
  tags: string[];
}

/** The public shape of a search result. */
export interface SearchJson {
  total: number;
  counts: SearchResult['counts'];
  results: SearchHitJson[];
  notices: string[];
}

function snippetText(hit: SearchHit): string {
  return `${hit.snippet.cutStart ? '…' : ''}${hit.snippet.text}${hit.snippet.cutEnd ? '…' : ''}`;
}

/** Converts a search result to its public shape (code-point offsets, `…` where the snippet was cut). */
export function searchJson(result: SearchResult): SearchJson {
  return {
    total: result.total,
    counts: result.counts,
    results: result.results.map((hit) => {
      const shift = hit.snippet.cutStart ? 1 : 0;
      const cp = (i: number) => shift + utf16ToCodePoint(hit.snippet.text, i);
      return {
        type: hit.type,
        id: hit.id,
        articleId: hit.articleId,
        text: hit.text,
        snippet: snippetText(hit),
        highlights: hit.snippet.highlights.map(([s, e]) => [cp(s), cp(e)] as [number, number]),
        tags: hit.tags,
      };
    }),
    notices: result.notices,
  };
}

/** The snippet with its highlights in 【】, for people. */
export function markedSnippet(hit: SearchHitJson): string {
  const chars = Array.from(hit.snippet);
  let out = '';
  let at = 0;
  for (const [s, e] of hit.highlights) {
    out += `${chars.slice(at, s).join('')}【${chars.slice(s, e).join('')}】`;
    at = e;
  }
  return out + chars.slice(at).join('');
}

/** Search results for people: a count line, then one block per hit. */
export function searchLines(result: SearchJson): string {
  const counts = Object.entries(result.counts)
    .map(([kind, n]) => `${n} ${kind}`)
    .join(', ');
  const lines = [...result.notices.map((n) => `note: ${n}`), `${result.total} found (${counts || 'nothing searched'}), showing ${result.results.length}`];
  for (const hit of result.results) {
    const where = hit.type === 'quote' ? `  article ${hit.articleId}` : hit.type === 'article' ? `  「${hit.text}」` : hit.text ? `  「${hit.text}」` : '';
    const tags = hit.tags.length ? `  [${hit.tags.join(', ')}]` : '';
    lines.push(`#${hit.id}  ${hit.type}${where}${tags}`, `    ${markedSnippet(hit)}`);
  }
  return lines.join('\n');
}
