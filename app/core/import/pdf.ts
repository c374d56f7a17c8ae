import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { titleFromLine, type ParsedArticle } from '../articleText';
import type { CslItem } from '../cslItem';
import { ApostilError } from '../errors';
import { MAX_ARTICLE_CHARS } from '../limits';
import { detectScriptLang } from '../script';
import { layoutPdfText, type PdfItem } from './pdfLayout';
import { cslName } from './pageMeta';

/** An article read from a PDF: its text, where each page starts, and what the PDF says about itself. */
export interface PdfArticle {
  parsed: ParsedArticle;
  /** UTF-16 offsets in the body where pages 1, 2, … start. */
  pageStarts: number[];
  source: Omit<CslItem, 'id'>;
}

/** Largest PDF accepted, in bytes (fonts and pictures make PDFs larger than their text). */
export const MAX_PDF_BYTES = 64 * 1024 * 1024;
/** Most pages read from one PDF. */
export const MAX_PDF_PAGES = 2000;
/** Fewest characters (spaces aside) per page below which a PDF counts as having no text layer. */
const MIN_CHARS_PER_PAGE = 5;

/** Whether bytes are a PDF: they start with its `%PDF-` header. */
export function looksLikePdf(bytes: Uint8Array | undefined): boolean {
  return bytes !== undefined && bytes.byteLength >= 5 && Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';
}

function refuse(name: string, problem: string): never {
  throw new ApostilError('bad_file', `${name} ${problem} Nothing was imported.`);
}

interface TextItemLike {
  str?: unknown;
  transform?: unknown;
  width?: unknown;
  height?: unknown;
  hasEOL?: unknown;
}

/** PDF.js's text items as plain {@link PdfItem}s; marked-content markers carry no text and are skipped. */
function toItems(items: readonly TextItemLike[]): PdfItem[] {
  return items
    .filter((i): i is TextItemLike & { str: string; transform: number[] } => typeof i.str === 'string' && Array.isArray(i.transform))
    .map((i) => ({
      str: i.str,
      x: i.transform[4] ?? 0,
      y: i.transform[5] ?? 0,
      width: typeof i.width === 'number' ? i.width : 0,
      height: typeof i.height === 'number' ? i.height : 0,
      hasEOL: i.hasEOL === true,
      angle: (Math.atan2(i.transform[1] ?? 0, i.transform[0] ?? 1) * 180) / Math.PI,
    }));
}

/** A PDF date (`D:20260305…`) as `YYYY-MM-DD`. */
function pdfDate(value: unknown): string | null {
  const m = typeof value === 'string' ? /^D:(\d{4})(\d{2})(\d{2})/.exec(value) : null;
  return m ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Loads PDF.js's Node build on first use (it is an ES module, kept outside the bundles). */
async function loadPdfJs(): Promise<typeof PdfJs> {
  return import('pdfjs-dist/legacy/build/pdf.mjs');
}

/**
 * Reads a PDF's text layer with PDF.js: text in reading order rebuilt into paragraphs,
 * running headers and footers dropped, page starts kept. Refuses with a message naming
 * the file a PDF that is damaged, encrypted with a password, has no text layer (scanned),
 * or is longer than Apostil reads. Nothing in the PDF is run (no scripts, no eval, no fonts loaded).
 */
export async function readPdf(name: string, bytes: Uint8Array): Promise<PdfArticle> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    enableXfa: false,
    stopAtErrors: false,
    verbosity: pdfjs.VerbosityLevel.ERRORS,
  });
  let doc: Awaited<typeof task.promise>;
  try {
    doc = await task.promise;
  } catch (err) {
    const kind = (err as { name?: string } | null)?.name;
    if (kind === 'PasswordException') refuse(name, 'is encrypted with a password; open it in a PDF reader, save a copy without the password, and import that.');
    refuse(name, 'is not a PDF Apostil can read (it is damaged or not really a PDF).');
  }
  try {
    if (doc.numPages > MAX_PDF_PAGES) refuse(name, `has ${doc.numPages} pages; Apostil reads PDFs of up to ${MAX_PDF_PAGES} pages.`);
    const pages: PdfItem[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      pages.push(toItems((await page.getTextContent()).items as TextItemLike[]));
      page.cleanup();
    }
    const { body, pageStarts } = layoutPdfText(pages);
    if (body.replace(/\s+/g, '').length < MIN_CHARS_PER_PAGE * doc.numPages) {
      refuse(
        name,
        'has no text layer: its pages are pictures (a scan). Apostil cannot read text from pictures yet (OCR is planned); import a PDF with text, or the text itself.',
      );
    }
    if (body.length > MAX_ARTICLE_CHARS)
      throw new ApostilError('too_large', `${name} has ${body.length} characters of text; the limit is ${MAX_ARTICLE_CHARS}. Nothing was imported.`);
    const info = ((await doc.getMetadata().catch(() => null))?.info ?? {}) as Record<string, unknown>;
    const infoTitle =
      typeof info.Title === 'string' && info.Title.trim() && !/^untitled|\.(?:docx?|pdf|html?)$/i.test(info.Title.trim()) ? info.Title.trim() : '';
    const title = titleFromLine(infoTitle || body.split('\n', 1)[0] || name);
    const lang = detectScriptLang(body);
    const date = pdfDate(info.CreationDate);
    const author = typeof info.Author === 'string' && info.Author.trim() ? [cslName(info.Author.trim())] : undefined;
    const source: Omit<CslItem, 'id'> = { type: 'document', title, ...(author ? { author } : {}), ...(lang ? { language: lang } : {}) };
    return { parsed: { title, body, date, lang, url: null }, pageStarts, source };
  } finally {
    await doc.destroy();
  }
}

/** The page (1-based) on which a UTF-16 offset of a PDF article's body lies (kept here for the PDF tests; see `core/pages`). */
export { pageAt } from '../pages';
