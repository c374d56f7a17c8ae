import { unzipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parseArticle, titleFromLine, type ParsedArticle } from '../articleText';
import { ApostilError } from '../errors';
import { MAX_IMPORT_BYTES } from '../limits';
import { assertMarkupDepth } from './markupDepth';
import { textOf, walkTree, type DomNode } from './domWalk';

const DOCUMENT = 'word/document.xml';
/** Largest unpacked `document.xml` accepted: guards against ZIP bombs. */
const MAX_XML_BYTES = 8 * MAX_IMPORT_BYTES;

function bad(name: string, problem: string): never {
  throw new ApostilError('bad_file', `${name} ${problem} Nothing was imported.`);
}

/** The XML of the main document part of a Word file. */
function documentXml(name: string, bytes: Uint8Array): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name !== DOCUMENT) return false;
        if (f.originalSize > MAX_XML_BYTES) bad(name, `unpacks to more than ${MAX_XML_BYTES} bytes of text.`);
        return true;
      },
    });
  } catch (err) {
    if (err instanceof ApostilError) throw err;
    return bad(name, 'is a damaged or unsupported ZIP archive.');
  }
  const xml = files[DOCUMENT];
  if (!xml) bad(name, 'is a ZIP archive but not a Word (.docx) document.');
  if (xml.byteLength > MAX_XML_BYTES) bad(name, `unpacks to more than ${MAX_XML_BYTES} bytes of text.`);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(xml);
  } catch {
    return bad(name, 'contains a document that is not valid UTF-8.');
  }
}

/** The text of a paragraph's runs: text, tabs and breaks; tracked deletions, field codes and fallbacks are skipped. */
function runText(nodes: DomNode[]): string {
  let out = '';
  walkTree(nodes, (node) => {
    if (!DomUtils.isTag(node)) return false;
    switch (node.name) {
      case 'w:t':
        out += textOf(node);
        return false;
      case 'w:tab':
        out += '\t';
        return false;
      case 'w:br':
      case 'w:cr':
        out += '\n';
        return false;
      case 'w:noBreakHyphen':
        out += '\u2011';
        return false;
      case 'w:del':
      case 'w:delText':
      case 'w:instrText':
      case 'w:pPr':
      case 'w:rPr':
      case 'mc:Fallback':
        return false;
      default:
        return true;
    }
  });
  return out;
}

/** The paragraphs of a WordprocessingML body, each with its style id; tracked deletions and fallbacks are skipped. */
function paragraphs(name: string, xml: string): { style: string; text: string }[] {
  assertMarkupDepth(name, xml, true);
  const doc = parseDocument(xml, { xmlMode: true });
  const out: { style: string; text: string }[] = [];
  walkTree(doc.children, (node) => {
    if (!DomUtils.isTag(node) || node.name === 'mc:Fallback' || node.name === 'w:del') return false;
    if (node.name !== 'w:p') return true;
    const pPr = node.children.find((c) => DomUtils.isTag(c) && c.name === 'w:pPr');
    const styleNode = pPr && DomUtils.findOne((e) => e.name === 'w:pStyle', [pPr]);
    const listed = pPr && DomUtils.findOne((e) => e.name === 'w:numPr', [pPr]);
    const text = runText(node.children);
    out.push({ style: (styleNode && DomUtils.getAttributeValue(styleNode, 'w:val')) ?? '', text: listed && text.trim() ? `• ${text}` : text });
    return false;
  });
  return out;
}

/** Reads an article from a Word `.docx` file: its paragraphs as text, the Title or first Heading 1 as title. */
export function parseDocxArticle(name: string, bytes: Uint8Array): ParsedArticle {
  const paras = paragraphs(name, documentXml(name, bytes));
  const body = paras
    .map((p) => p.text.replace(/[ \t]+\n/g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
  const titled = paras.find((p) => /^(title|heading ?1|1)$/i.test(p.style) && p.text.trim());
  const parsed = parseArticle(name, body, 'text');
  return titled ? { ...parsed, title: titleFromLine(titled.text) } : parsed;
}
