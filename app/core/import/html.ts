import { DomUtils, parseDocument } from 'htmlparser2';
import sanitizeHtml from 'sanitize-html';
import { parseArticle, titleFromLine, type ParsedArticle } from '../articleText';
import { assertMarkupDepth } from './markupDepth';
import { textOf, walkTree, type DomNode } from './domWalk';

const BLOCKS = [
  'address', 'article', 'blockquote', 'caption', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'header', 'hr', 'li', 'main', 'ol', 'p', 'pre', 'section', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
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
    'script', 'style', 'textarea', 'option', 'noscript', 'head', 'title', 'template', 'nav', 'aside', 'footer', 'form',
    'button', 'select', 'svg', 'math', 'iframe', 'object', 'embed', 'canvas', 'video', 'audio', 'picture', 'dialog',
  ],
};

function text(node: DomNode | null): string {
  return node ? textOf(node).replace(/\s+/g, ' ').trim() : '';
}

function isoDate(value: string | undefined): string | null {
  const m = /^(\d{4}-\d{2}-\d{2})/.exec(value?.trim() ?? '');
  return m && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) ? m[1]! : null;
}

/** Title, language, publication date and canonical address from the page's own markup (read, never run). */
function pageMeta(raw: string): { title: string; lang: string | null; date: string | null; url: string | null } {
  const doc = parseDocument(raw);
  const all = DomUtils.getElementsByTagName('meta', doc);
  const meta = (...keys: string[]) =>
    all.find((m) => keys.includes((DomUtils.getAttributeValue(m, 'property') ?? DomUtils.getAttributeValue(m, 'name') ?? '').toLowerCase()));
  const time = DomUtils.findOne((e) => e.name === 'time' && DomUtils.hasAttrib(e, 'datetime'), doc.children);
  const dateMeta = meta('article:published_time', 'date', 'pubdate', 'publishdate', 'dc.date', 'dcterms.date', 'og:published_time');
  const html = DomUtils.findOne((e) => e.name === 'html', doc.children);
  const canonical = DomUtils.getElementsByTagName('link', doc).find((l) => (DomUtils.getAttributeValue(l, 'rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'));
  const ogUrl = meta('og:url');
  const address = (canonical && DomUtils.getAttributeValue(canonical, 'href')) || (ogUrl && DomUtils.getAttributeValue(ogUrl, 'content')) || '';
  return {
    title: text(DomUtils.findOne((e) => e.name === 'h1', doc.children)) || text(DomUtils.findOne((e) => e.name === 'title', doc.children)),
    lang: (html && DomUtils.getAttributeValue(html, 'lang')?.trim()) || null,
    date: isoDate(dateMeta && DomUtils.getAttributeValue(dateMeta, 'content')) ?? isoDate(time ? DomUtils.getAttributeValue(time, 'datetime') : undefined),
    url: /^https?:\/\/\S+$/i.test(address.trim()) ? address.trim() : null,
  };
}

/** Readable blocks of sanitised HTML: headings, paragraphs, list items, cells, preformatted text. */
function blocksOf(nodes: DomNode[]): string[] {
  const blocks: string[] = [];
  const lists: { ordered: boolean; n: number }[] = [];
  let line = '';
  const flush = () => {
    const clean = line.replace(/[ \t\r\f\u00a0]*\n[ \t\r\f\u00a0]*/g, '\n').replace(/[ \t\r\f]+/g, ' ').trim();
    if (clean) blocks.push(clean);
    line = '';
  };
  const enter = (node: DomNode): boolean => {
    if (DomUtils.isText(node)) {
      line += node.data.replace(/\s+/g, (s) => (s.includes('\u3000') ? s : ' '));
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

/**
 * Reads an article from an HTML page: the sanitiser removes everything but text
 * structure, the main content (`<article>`, else `<main>`, else the body) becomes
 * paragraphs, and the title, language and date come from the page's markup. Markup
 * nested deeper than browsers render is refused before any tree is built.
 */
export function parseHtmlArticle(name: string, raw: string): ParsedArticle {
  assertMarkupDepth(name, raw);
  const meta = pageMeta(raw);
  const clean = parseDocument(sanitizeHtml(raw, SANITIZE));
  const root = DomUtils.findOne((e) => e.name === 'article', clean.children) ?? DomUtils.findOne((e) => e.name === 'main', clean.children);
  const body = blocksOf(root ? [root] : clean.children).join('\n\n');
  const parsed = parseArticle(name, meta.date ? `date ${meta.date}\n${body}` : body, 'text');
  return { ...parsed, title: meta.title ? titleFromLine(meta.title) : parsed.title, lang: meta.lang ?? parsed.lang, url: meta.url };
}
