import { unzipSync } from 'fflate';
import { DomUtils, parseDocument } from 'htmlparser2';
import { parseArticle, titleFromLine, type ParsedArticle } from '../articleText';
import { ApostilError } from '../errors';
import { MAX_IMPORT_BYTES } from '../limits';

type AnyNode = ReturnType<typeof parseDocument>['children'][number];

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

/** The paragraphs of a WordprocessingML body, each with its style id; tracked deletions and fallbacks are skipped. */
function paragraphs(xml: string): { style: string; text: string }[] {
  const doc = parseDocument(xml, { xmlMode: true });
  const out: { style: string; text: string }[] = [];
  const runText = (node: AnyNode): string => {
    if (!DomUtils.isTag(node)) return '';
    switch (node.name) {
      case 'w:t':
        return DomUtils.textContent(node);
      case 'w:tab':
        return '\t';
      case 'w:br':
      case 'w:cr':
        return '\n';
      case 'w:noBreakHyphen':
        return '\u2011';
      case 'w:del':
      case 'w:delText':
      case 'w:instrText':
      case 'w:pPr':
      case 'w:rPr':
      case 'mc:Fallback':
        return '';
      default:
        return node.children.map(runText).join('');
    }
  };
  const walk = (node: AnyNode) => {
    if (!DomUtils.isTag(node) || node.name === 'mc:Fallback' || node.name === 'w:del') return;
    if (node.name === 'w:p') {
      const pPr = node.children.find((c) => DomUtils.isTag(c) && c.name === 'w:pPr');
      const styleNode = pPr && DomUtils.findOne((e) => e.name === 'w:pStyle', [pPr]);
      const listed = pPr && DomUtils.findOne((e) => e.name === 'w:numPr', [pPr]);
      const text = node.children.map(runText).join('');
      out.push({ style: (styleNode && DomUtils.getAttributeValue(styleNode, 'w:val')) ?? '', text: listed && text.trim() ? `• ${text}` : text });
      return;
    }
    node.children.forEach(walk);
  };
  doc.children.forEach(walk);
  return out;
}

/** Reads an article from a Word `.docx` file: its paragraphs as text, the Title or first Heading 1 as title. */
export function parseDocxArticle(name: string, bytes: Uint8Array): ParsedArticle {
  const paras = paragraphs(documentXml(name, bytes));
  const body = paras
    .map((p) => p.text.replace(/[ \t]+\n/g, '\n').trim())
    .filter(Boolean)
    .join('\n\n');
  const titled = paras.find((p) => /^(title|heading ?1|1)$/i.test(p.style) && p.text.trim());
  const parsed = parseArticle(name, body, 'text');
  return titled ? { ...parsed, title: titleFromLine(titled.text) } : parsed;
}
