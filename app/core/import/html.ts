import { DomUtils, parseDocument } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import { parseArticle, titleFromLine, type ParsedArticle } from '../articleText';
import { assertMarkupDepth } from './markupDepth';
import { textOf, walkTree, type DomNode } from './domWalk';
import { pageMeta } from './pageMeta';

const BLOCKS = [
  'address',
  'article',
  'blockquote',
  'caption',
  'dd',
  'div',
  'dl',
  'dt',
  'figcaption',
  'figure',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
];
const INLINE = ['a', 'abbr', 'b', 'br', 'cite', 'code', 'em', 'i', 'mark', 'q', 's', 'small', 'span', 'strong', 'sub', 'sup', 'time', 'u'];

/**
 * The sanitiser keeps only text-bearing structure: no attributes (so no event handlers,
 * styles or links), no scripts, styles, embedded or remote resources, and none of a
 * page's chrome (navigation, forms, asides, footers).
 */
const SANITIZE: sanitizeHtml.IOptions = {
  allowedTags: [...BLOCKS, ...INLINE],
  allowedAttributes: {},
  allowedSchemes: [],
  disallowedTagsMode: 'discard',
  nonTextTags: [
    'script',
    'style',
    'textarea',
    'option',
    'noscript',
    'head',
    'title',
    'template',
    'nav',
    'aside',
    'footer',
    'form',
    'button',
    'select',
    'svg',
    'math',
    'iframe',
    'object',
    'embed',
    'canvas',
    'video',
    'audio',
    'picture',
    'dialog',
    // Ruby annotations (furigana, bopomofo) are readings, not text: only the base text is kept.
    'rt',
    'rp',
    'rtc',
  ],
};

/** Characters CSS calls East Asian wide (Han, kana, CJK and full-width punctuation), between which a line break in the source is no space. */
const WIDE = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\u30fb\\u30fc\\uff01-\\uff60\\uffe0-\\uffe6]';
/** Stands in for collapsible whitespace that held a line break, until the characters around it are known. */
const BREAK = '\ue000';
const SEGMENT_BREAK = new RegExp(`(?<=${WIDE})[ ${BREAK}]*${BREAK}[ ${BREAK}]*(?=${WIDE})`, 'gu');

/**
 * Collapses whitespace as a browser lays out text: runs become one space, except that a
 * line break in the source between two East Asian wide characters disappears (CSS Text's
 * segment break rule), so CJK text wrapped in the markup gets no invented spaces.
 */
function collapseSpace(line: string): string {
  return line.replace(SEGMENT_BREAK, '').replace(new RegExp(BREAK, 'g'), ' ');
}

/** Readable blocks of sanitised HTML: headings, paragraphs, list items, cells, preformatted text. */
function blocksOf(nodes: DomNode[]): string[] {
  const blocks: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let line = '';
  const flush = () => {
    const clean = collapseSpace(line)
      .replace(/[ \t\r\f\u00a0]*\n[ \t\r\f\u00a0]*/g, '\n')
      .replace(/[ \t\r\f]+/g, ' ')
      .trim();
    if (clean) blocks.push(clean);
    line = '';
  };
  const enter = (node: DomNode): boolean => {
    if (DomUtils.isText(node)) {
      line += node.data.replace(/\s+/g, (s) => (s.includes('\u3000') ? s : /[\n\r]/.test(s) ? BREAK : ' '));
      return false;
    }
    if (!DomUtils.isTag(node)) return false;
    if (node.name === 'br') {
      line += '\n';
      return false;
    }
    if (node.name === 'pre') {
      flush();
      const code = textOf(node).replace(/\n+$/, '');
      if (code.trim()) blocks.push(code);
      return false;
    }
    if (!BLOCKS.includes(node.name)) return true;
    flush();
    if (node.name === 'ul' || node.name === 'ol') {
      lists.push({ ordered: node.name === 'ol', n: 1 });
    } else if (node.name === 'li' && lists.length) {
      const top = lists[lists.length - 1]!;
      line = `${'  '.repeat(lists.length - 1)}${top.ordered ? `${top.n++}.` : '•'} `;
    }
    return true;
  };
  const leave = (node: DomNode) => {
    if (!DomUtils.isTag(node) || !BLOCKS.includes(node.name)) return;
    if (node.name === 'ul' || node.name === 'ol') lists.pop();
    flush();
  };
  walkTree(nodes, enter, leave);
  flush();
  return blocks;
}

/** The readable blocks of an HTML fragment or page, after sanitising: headings, paragraphs, list items, cells, preformatted text. */
export function htmlBlocks(html: string): string[] {
  const clean = parseDocument(sanitizeHtml(html, SANITIZE));
  const root = DomUtils.findOne((e) => e.name === 'article', clean.children) ?? DomUtils.findOne((e) => e.name === 'main', clean.children);
  return blocksOf(root ? [root] : clean.children);
}

/**
 * Reads an article from a whole HTML page: the sanitiser removes everything but text
 * structure, the main content (`<article>`, else `<main>`, else the body) becomes
 * paragraphs, and the title, language and date come from the page's markup. Markup
 * nested deeper than browsers render is refused before any tree is built.
 */
export function parseHtmlArticle(name: string, raw: string): ParsedArticle {
  assertMarkupDepth(name, raw);
  const meta = pageMeta(raw);
  const body = htmlBlocks(raw).join('\n\n');
  const parsed = parseArticle(name, meta.date ? `date ${meta.date}\n${body}` : body, 'text');
  return { ...parsed, title: meta.title ? titleFromLine(meta.title) : parsed.title, lang: meta.lang ?? parsed.lang, url: meta.url };
}
