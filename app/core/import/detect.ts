import { detectFormat } from '../articleText';
import { CSL_TYPES } from '../cslItem';
import { ApostilError } from '../errors';
import { MAX_BACKUP_BYTES, MAX_IMPORT_BYTES } from '../limits';
import { BACKUP_FORMAT } from '../export/backup';
import { assertJsonDepth } from '../nesting';
import { decodeTextFile } from '../textDecoding';
import { looksLikePdf, MAX_PDF_BYTES, type PdfArticle } from './pdf';

/** A file whose format has been recognised, with its content in the form its reader needs. */
export type Detected =
  | { format: 'apostil' | 'w3c' | 'csl-json'; json: unknown }
  | { format: 'bibtex' | 'ris' | 'html' | 'text' | 'markdown'; text: string }
  | { format: 'docx' | 'pdf'; bytes: Uint8Array };

/** A file as it arrives: its name and either its bytes or its text, and how it was fetched when it came from an address. */
export interface ImportInput {
  name: string;
  bytes?: Uint8Array;
  text?: string;
  /** The address a page or PDF was fetched from; the article is then watched for new versions. */
  url?: string;
  /** When it was fetched (ISO date-time), the source's `accessed`. */
  fetchedAt?: string;
  /** Read a page's whole text rather than its extracted article. */
  wholePage?: boolean;
  /** The text is an HTML page whatever it starts with (it was served as one). */
  asHtml?: boolean;
  /** A PDF already read (PDF.js is asynchronous, so PDFs are read before the import's transaction). */
  pdf?: PdfArticle;
}

const ZIP = [0x50, 0x4b, 0x03, 0x04];
const BACKUP_HEAD = new RegExp(`^\\s*\\{\\s*"format"\\s*:\\s*"${BACKUP_FORMAT}"`);

function badFile(name: string, problem: string): never {
  throw new ApostilError('bad_file', `${name} ${problem} Nothing was imported.`);
}

function tooLarge(name: string, size: number, limit: number): never {
  throw new ApostilError(
    'too_large',
    `${name} is ${size} bytes; Apostil imports files up to ${limit} bytes (Apostil backups up to ${MAX_BACKUP_BYTES}). Nothing was imported.`,
  );
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function asList(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [v];
}

const ANNOTATION_TYPES = ['Annotation', 'AnnotationCollection', 'AnnotationPage'];

function isAnnotationDoc(v: unknown): boolean {
  if (!isRecord(v)) return false;
  const context = asList(v['@context']).some((c) => typeof c === 'string' && c.includes('anno.jsonld'));
  return context || asList(v.type).some((t) => typeof t === 'string' && ANNOTATION_TYPES.includes(t));
}

function isCslItem(v: unknown): boolean {
  return isRecord(v) && typeof v.type === 'string' && (CSL_TYPES as readonly string[]).includes(v.type);
}

function classifyJson(json: unknown, name: string): Detected {
  if (isRecord(json) && typeof json.format === 'string') {
    if (json.format === BACKUP_FORMAT) return { format: 'apostil', json };
    badFile(name, `declares the format "${json.format.slice(0, 60)}", which Apostil does not read.`);
  }
  const items = asList(json);
  if (items.length > 0 && items.every(isAnnotationDoc)) return { format: 'w3c', json };
  if (items.length > 0 && items.every(isCslItem)) return { format: 'csl-json', json };
  return badFile(name, 'is JSON, but neither an Apostil backup, W3C Web Annotations, nor CSL-JSON items.');
}

/** Recognises what a file holds by its content (the name only breaks ties), refusing bad files with a clear message. */
export function detect(input: ImportInput): Detected {
  const { name } = input;
  let text: string;
  if (input.bytes) {
    const { bytes } = input;
    if (bytes.byteLength > MAX_BACKUP_BYTES) tooLarge(name, bytes.byteLength, MAX_IMPORT_BYTES);
    if (looksLikePdf(bytes)) {
      if (bytes.byteLength > MAX_PDF_BYTES) tooLarge(name, bytes.byteLength, MAX_PDF_BYTES);
      return { format: 'pdf', bytes };
    }
    if (ZIP.every((b, i) => bytes[i] === b)) {
      if (bytes.byteLength > MAX_IMPORT_BYTES) tooLarge(name, bytes.byteLength, MAX_IMPORT_BYTES);
      return { format: 'docx', bytes };
    }
    if (bytes.byteLength > MAX_IMPORT_BYTES && !BACKUP_HEAD.test(new TextDecoder().decode(bytes.subarray(0, 200)).replace(/^\uFEFF/, ''))) {
      tooLarge(name, bytes.byteLength, MAX_IMPORT_BYTES);
    }
    text = decodeTextFile(bytes, name);
  } else {
    text = input.text ?? '';
    const size = Buffer.byteLength(text, 'utf8');
    if (size > MAX_BACKUP_BYTES || (size > MAX_IMPORT_BYTES && !BACKUP_HEAD.test(text.slice(0, 200).replace(/^\uFEFF/, '')))) {
      tooLarge(name, size, MAX_IMPORT_BYTES);
    }
    if (text.includes('\0')) badFile(name, 'looks like a binary file, not text.');
    text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') badFile(name, 'is empty.');
  }
  if (input.asHtml) return { format: 'html', text };
  const head = text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) {
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (err) {
      return badFile(name, `looks like JSON but cannot be read (${(err as Error).message}); it may be truncated or damaged.`);
    }
    assertJsonDepth(name, json);
    return classifyJson(json, name);
  }
  if (/\.json(ld)?$/i.test(name)) badFile(name, 'is named like JSON but does not contain JSON.');
  if (/^(?:%[^\n]*\n|\s)*@[A-Za-z]+\s*[{(]/.test(text)) return { format: 'bibtex', text };
  if (/^\s*TY {2}- /.test(text)) return { format: 'ris', text };
  if (/\.(html?|xhtml)$/i.test(name) || /^(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|article|main)\b/i.test(head)) {
    return { format: 'html', text };
  }
  return { format: detectFormat(name, text), text };
}
