import MarkdownIt from 'markdown-it';
import { ApostilError } from './errors';
import { MAX_ARTICLE_CHARS, MAX_IMPORT_BYTES } from './limits';
import { canonicalLang, detectScriptLang } from './script';
import { codePointLength, firstCodePoints } from './text';
import { decodeTextFile } from './textDecoding';

/** An article as read from a file, before it is stored. */
export interface ParsedArticle {
  title: string;
  /** Readable text: blocks separated by one blank line. Quote offsets index into it. */
  body: string;
  /** `YYYY-MM-DD` from a leading `date` header, if any. */
  date: string | null;
  lang: string | null;
  /** The article's address (http or https), from a `url` header or the page's canonical link. */
  url?: string | null;
}

/** Formats Apostil reads articles from. */
export type ArticleFormat = 'text' | 'markdown';

const DATE_HEADER = /^date[ \t]+(\d{4}-\d{2}-\d{2})(?:[ \t]*\n|[ \t]+)/i;
const URL_HEADER = /^url[ \t]+(https?:\/\/[^\s]+)[ \t]*\n/i;
const TITLE_MAX = 100;

/** Decodes file bytes as text (UTF-8, or UTF-16 with a byte-order mark), refusing empty, binary, otherwise encoded and oversized files. */
export function decodeText(bytes: Uint8Array, name: string): string {
  if (bytes.byteLength > MAX_IMPORT_BYTES) {
    throw new ApostilError('too_large', `${name} is ${bytes.byteLength} bytes; Apostil imports files up to ${MAX_IMPORT_BYTES} bytes.`);
  }
  return decodeTextFile(bytes, name);
}

/** Picks the format from the file name, falling back to content sniffing. */
export function detectFormat(name: string, text: string): ArticleFormat {
  if (/\.(md|markdown)$/i.test(name)) return 'markdown';
  if (/\.txt$/i.test(name)) return 'text';
  return /^(#{1,6} |date [0-9-]+\s*\n#{1,6} )/i.test(text) ? 'markdown' : 'text';
}

/** Language tag from a file name such as `story.zh-Hant.txt`, else guessed from the script. */
export function detectLang(name: string, body: string): string | null {
  const tagged = /\.([a-z]{2,3}(?:-[A-Za-z]{4})?(?:-[A-Z]{2})?)\.(?:txt|md|markdown)$/.exec(name);
  if (tagged) return canonicalLang(tagged[1]!) ?? tagged[1]!;
  return detectScriptLang(body);
}

function normalizeLines(text: string): string {
  return text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.replace(/[ \t\u00a0]+$/u, ''))
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** A title from the first line: whole when short, else its first sentence or a cut with an ellipsis. */
export function titleFromLine(line: string): string {
  const clean = line.replace(/\s+/g, ' ').trim();
  if (codePointLength(clean) <= TITLE_MAX) return clean;
  const sentence = /^(.+?[。！？!?]|.+?\.\s)/u.exec(clean)?.[1]?.trim();
  if (sentence && codePointLength(sentence) <= TITLE_MAX) return sentence;
  return `${firstCodePoints(clean, TITLE_MAX - 1)}…`;
}

/** Block nesting at which markdown-it stops reading the rest of a document; reaching it is refused instead. */
const MARKDOWN_NESTING = 100;
const markdown = new MarkdownIt({ html: false, linkify: false, maxNesting: MARKDOWN_NESTING });

type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];

function inlineText(token: Token): string {
  return (token.children ?? [])
    .map((c) => {
      if (c.type === 'softbreak' || c.type === 'hardbreak') return '\n';
      if (c.type === 'image') return c.content;
      return c.type === 'text' || c.type === 'code_inline' ? c.content : '';
    })
    .join('');
}

/** Converts Markdown to readable blocks (headings, paragraphs, list items, code); returns them and the first heading. */
function markdownBlocks(name: string, src: string): { blocks: string[]; heading: string | null } {
  const tokens = markdown.parse(src, {});
  if (tokens.some((t) => t.level >= MARKDOWN_NESTING - 1)) {
    throw new ApostilError(
      'bad_file',
      `${name} nests quotes or lists more than ${MARKDOWN_NESTING - 2} levels deep, which Apostil does not read. Nothing was imported.`,
    );
  }
  const blocks: string[] = [];
  let heading: string | null = null;
  const lists: { ordered: boolean; n: number }[] = [];
  let itemPrefix = '';
  tokens.forEach((t, i) => {
    if (t.type === 'bullet_list_open' || t.type === 'ordered_list_open') {
      lists.push({ ordered: t.type === 'ordered_list_open', n: Number(t.attrGet('start') ?? 1) });
    } else if (t.type === 'bullet_list_close' || t.type === 'ordered_list_close') {
      lists.pop();
    } else if (t.type === 'list_item_open') {
      const list = lists[lists.length - 1]!;
      itemPrefix = `${'  '.repeat(lists.length - 1)}${list.ordered ? `${list.n++}.` : '•'} `;
    } else if (t.type === 'inline') {
      const text = inlineText(t).trim();
      if (!text) return;
      const open = tokens[i - 1];
      if (open?.type === 'heading_open' && heading === null) heading = text;
      blocks.push(itemPrefix + text);
      itemPrefix = '';
    } else if (t.type === 'fence' || t.type === 'code_block') {
      const code = t.content.replace(/\n+$/, '');
      if (code) blocks.push(code);
    }
  });
  return { blocks, heading };
}

/**
 * Reads an article from text: optional leading `date YYYY-MM-DD` and `url https://…`
 * headers, then the body. The title is the first Markdown heading or the first line. The body
 * keeps every paragraph (the first line included) so that any passage can be quoted.
 */
export function parseArticle(name: string, raw: string, format: ArticleFormat = detectFormat(name, raw)): ParsedArticle {
  let text = raw
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .replace(/^\s+/, '');
  let date: string | null = null;
  let url: string | null = null;
  for (let header = URL_HEADER.exec(text) ?? DATE_HEADER.exec(text); header; header = URL_HEADER.exec(text) ?? DATE_HEADER.exec(text)) {
    if (header[0].toLowerCase().startsWith('url')) {
      if (url !== null) break;
      url = header[1]!;
    } else {
      if (date !== null) break;
      date = header[1]!;
      if (Number.isNaN(Date.parse(`${date}T00:00:00Z`))) throw new ApostilError('bad_file', `${name}: "${date}" is not a valid date.`);
    }
    text = text.slice(header[0].length).replace(/^[ \t]*\n?/, '');
  }
  let body: string;
  let title: string;
  if (format === 'markdown') {
    const { blocks, heading } = markdownBlocks(name, text);
    body = normalizeLines(blocks.join('\n\n'));
    title = heading ? titleFromLine(heading) : titleFromLine(body.split('\n', 1)[0] ?? '');
  } else {
    body = normalizeLines(text);
    title = titleFromLine(body.split('\n', 1)[0] ?? '');
  }
  if (!body) throw new ApostilError('bad_file', `${name} contains no text to import.`);
  if (body.length > MAX_ARTICLE_CHARS) {
    throw new ApostilError('too_large', `${name} has ${body.length} characters of text; the limit is ${MAX_ARTICLE_CHARS}.`);
  }
  return { title: title || name, body, date, lang: detectLang(name, body), url };
}

/** A paragraph-level piece of an article body, with its UTF-16 range in the body. */
export interface ArticleBlock {
  kind: 'paragraph' | 'heading';
  start: number;
  end: number;
}

const SENTENCE_END = /[。！？!?.．…:：；;」』"）)]$/u;

/**
 * Splits a body into blocks at blank lines. Short standalone lines without closing
 * punctuation (news subheadings such as 「搶在日韓峰會前 中國意在拉攏首爾」) are headings.
 */
export function articleBlocks(body: string): ArticleBlock[] {
  const blocks: ArticleBlock[] = [];
  const re = /\n\n/g;
  let start = 0;
  const push = (end: number) => {
    const text = body.slice(start, end);
    const heading = blocks.length > 0 && !text.includes('\n') && codePointLength(text) <= 40 && !SENTENCE_END.test(text);
    blocks.push({ kind: heading ? 'heading' : 'paragraph', start, end });
  };
  for (let m = re.exec(body); m; m = re.exec(body)) {
    push(m.index);
    start = m.index + 2;
  }
  push(body.length);
  return blocks;
}
