import { t } from '../i18n/i18n';
import type { ArticleSummary } from '../../core/model';
import { h } from '../dom';
import { snippetNodes, type SearchHit } from './snippet';

/** The glyph in front of each kind of hit. */
const GLYPHS: Record<SearchHit['type'], string> = { quote: '❝', article: '▤', note: '✎' };

/**
 * What one search result shows, inside its option: a quote's text (or its comment,
 * when that is what matched) with its article and tags; an article's or note's title
 * with the matching passage. The language of the article marks the text for fonts
 * and screen readers.
 */
export function hitContent(hit: SearchHit, article: ArticleSummary | undefined): Node[] {
  const lang = article?.lang ?? null;
  const snippet = h('span', { class: 'search-snippet', lang }, ...snippetNodes(hit.snippet));
  let body: (HTMLElement | false)[];
  if (hit.type === 'quote') {
    body = [
      hit.field === 'comment' ? h('span', { class: 'search-hit-text', lang }, hit.text) : h('span', { class: 'search-hit-text', lang }, snippet),
      hit.field === 'comment' && h('span', { class: 'search-hit-comment' }, h('span', { class: 'search-field-label' }, t('search.commentLabel')), snippet),
      h(
        'span',
        { class: 'search-hit-meta' },
        h('span', { class: 'search-hit-source', lang }, article?.title ?? ''),
        ...hit.tags.map((tag) => h('span', { class: 'search-hit-tag' }, `#${tag}`)),
      ),
    ];
  } else {
    const title = hit.text || (hit.type === 'note' ? t('note.untitled') : t('search.untitled'));
    const textLang = hit.type === 'article' ? lang : null;
    body = [
      h('span', { class: 'search-hit-title', lang: textLang }, hit.field === 'title' ? snippet : title),
      hit.field !== 'title' && h('span', { class: 'search-hit-text search-hit-passage', lang: textLang }, snippet),
    ];
  }
  return [
    h('span', { class: 'search-hit-glyph', 'aria-hidden': 'true' }, GLYPHS[hit.type]),
    h('span', { class: 'search-hit-body' }, ...body.filter((n): n is HTMLElement => !!n)),
  ];
}
