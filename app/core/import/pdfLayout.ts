/** One piece of text on a PDF page, as PDF.js reports it (position in PDF units, y upwards). */
export interface PdfItem {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  hasEOL: boolean;
  /** The direction of the text's baseline in degrees, anticlockwise (0 for ordinary text; 90 on a page whose text runs up). */
  angle?: number;
}

/** A line of text on a page: its text, where it sits, and how large its type is. */
interface Line {
  text: string;
  y: number;
  left: number;
  right: number;
  size: number;
}

/** The text of a PDF rebuilt into paragraphs, and where each page starts in it. */
export interface PdfText {
  /** Paragraphs separated by one blank line. */
  body: string;
  /** The UTF-16 offset in `body` at which each page's text starts (page n at index n − 1). */
  pageStarts: number[];
}

/** Characters between which no space is written: Han, kana, Hangul, CJK and full-width punctuation. */
const WIDE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u3000-\u303f\u30fb\u30fc\uff01-\uff60]/u;
const SENTENCE_END = /[.!?。！？」』”"’:：)）]$/u;
/** A line-end hyphen (ASCII, U+2010 or a soft hyphen) after a Latin letter, with a lower-case continuation. */
const HYPHEN_END = /(\p{Script=Latin})[-\u2010\u00ad]$/u;
const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+)?#+(?:\s*(?:of|\/)\s*#+)?(?:\s*[-–—])?$|^第#+頁$/iu;

/**
 * Kangxi and supplementary radicals that some PDF fonts map ideographs to, folded to the
 * ideographs, and the vertical presentation forms of punctuation (`︑`, `︒`, `︵`…) that
 * vertical text is drawn with, folded to the ordinary marks (NFKC, for those blocks only).
 */
function foldRadicals(text: string): string {
  return text.replace(/[\u2e80-\u2eff\u2f00-\u2fdf\ufe10-\ufe19\ufe30-\ufe4f]/gu, (c) => c.normalize('NFKC')).replace(/\u00ad/g, '');
}

/** The quarter turn (0, 90, 180 or 270) nearest an angle, or 0 when the text is not drawn close to one. */
function quarterTurn(angle: number): number {
  const turn = (((Math.round(angle / 90) * 90) % 360) + 360) % 360;
  return Math.abs(angle - Math.round(angle / 90) * 90) < 10 ? turn : 0;
}

/** An item turned by `-turn` degrees about the origin, so text drawn at that angle reads left to right. */
function turnBack(item: PdfItem, turn: number): PdfItem {
  const r = (turn * Math.PI) / 180;
  const [cos, sin] = [Math.round(Math.cos(r)), Math.round(Math.sin(r))];
  return { ...item, x: item.x * cos + item.y * sin, y: -item.x * sin + item.y * cos, angle: (item.angle ?? 0) - turn };
}

/** Whether consecutive glyphs of a page mostly stand one below the other (vertical CJK text) rather than side by side; a line drawn as one piece is not a glyph. */
function isVertical(items: readonly PdfItem[]): boolean {
  const shown = items.filter((i) => i.str.trim() !== '');
  let down = 0;
  let across = 0;
  shown.slice(1).forEach((next, k) => {
    const prev = shown[k]!;
    const size = Math.max(prev.height, next.height, 1);
    const drop = prev.y - next.y;
    const glyph = prev.width < size * 1.6;
    if (glyph && Math.abs(next.x - prev.x) < size * 0.2 && drop > size * 0.5 && drop < size * 1.6) down++;
    else if (Math.abs(next.y - prev.y) < size * 0.2 && next.x > prev.x) across++;
  });
  return down >= 3 && down > across * 2;
}

/**
 * A glyph of vertical text laid on its side, so that a column (read top to bottom, columns
 * right to left) becomes a line (left to right, lines top to bottom): its place down the
 * column becomes its place along the line, and its column's place its line's. The page's
 * line ends are left to the geometry (PDF.js ends a line at every glyph of such text).
 */
function onItsSide(item: PdfItem): PdfItem {
  const along = Math.max(item.width, item.height);
  const size = Math.min(item.width || item.height, item.height || item.width);
  return { ...item, x: -item.y, y: item.x, width: along, height: size, hasEOL: false };
}

/**
 * A page's items as ordinary horizontal text: text drawn rotated (a page printed on its
 * side) turned back to the quarter turn most of its characters are drawn at, and vertical
 * CJK text (columns right to left, each read top to bottom) laid on its side.
 */
function upright(items: readonly PdfItem[]): readonly PdfItem[] {
  const weight = new Map<number, number>();
  for (const i of items) weight.set(quarterTurn(i.angle ?? 0), (weight.get(quarterTurn(i.angle ?? 0)) ?? 0) + i.str.length);
  const turn = [...weight].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
  const turned = turn ? items.map((i) => turnBack(i, turn)) : items;
  return isVertical(turned) ? turned.map(onItsSide) : turned;
}

function isWide(ch: string | undefined): boolean {
  return ch !== undefined && WIDE.test(ch);
}

/** Groups a page's items into lines, in the order the page draws them, with spaces only where the gap between pieces is one. */
function linesOf(items: readonly PdfItem[]): Line[] {
  const lines: Line[] = [];
  let line: Line | null = null;
  for (const item of upright(items)) {
    const str = item.str.replace(/\u00ad(?=.)/gu, '');
    if (str === '' && !item.hasEOL) continue;
    const size: number = item.height || line?.size || 10;
    if (line && str !== '' && Math.abs(item.y - line.y) > Math.max(size, line.size) * 0.5) {
      lines.push(line);
      line = null;
    }
    if (str !== '') {
      if (!line) line = { text: '', y: item.y, left: item.x, right: item.x, size };
      const gap = item.x - line.right;
      const needsSpace = line.text !== '' && !/\s$/.test(line.text) && !/^\s/.test(str) && gap > size * 0.2 && !(isWide(line.text.at(-1)) && isWide(str[0]));
      line.text += (needsSpace ? ' ' : '') + str;
      line.right = Math.max(line.right, item.x + item.width);
      line.size = Math.max(line.size, item.height);
    }
    if (item.hasEOL && line) {
      lines.push(line);
      line = null;
    }
  }
  if (line) lines.push(line);
  return lines.map((l) => ({ ...l, text: foldRadicals(l.text).replace(/\s+/g, ' ').trim() })).filter((l) => l.text !== '');
}

/** A line with its digits masked, so "Page 3 of 9" and "Page 4 of 9" compare equal. */
function shape(text: string): string {
  return text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim();
}

/**
 * Drops running headers and footers: lines among the first or last two of a page whose
 * shape (digits masked) recurs at the same place on most pages, and bare page numbers.
 */
function dropRunning(pages: Line[][]): Line[][] {
  const edge = (lines: Line[]) => [...lines.slice(0, 2), ...lines.slice(-2)];
  const seen = new Map<string, number>();
  for (const lines of pages) for (const s of new Set(edge(lines).map((l) => shape(l.text)))) seen.set(s, (seen.get(s) ?? 0) + 1);
  const enough = pages.length >= 3 ? Math.ceil(pages.length * 0.5) : pages.length;
  return pages.map((lines) => {
    const edges = new Set(edge(lines));
    return lines.filter((l) => !edges.has(l) || (!PAGE_NUMBER.test(shape(l.text)) && (pages.length < 2 || (seen.get(shape(l.text)) ?? 0) < enough)));
  });
}

/** How two lines of one paragraph join: a hyphenated Latin word rejoined, CJK without a space, anything else with one. */
function joinLines(a: string, b: string): string {
  if (HYPHEN_END.test(a) && /^\p{Ll}/u.test(b)) return a.slice(0, -1) + b;
  if (isWide(a.at(-1)) || isWide(b[0])) return a + b;
  return `${a} ${b}`;
}

/** The usual distance between consecutive lines of body text on a page, for telling paragraph gaps from line spacing. */
function usualPitch(lines: Line[]): number {
  const pitches = lines
    .slice(1)
    .map((l, i) => lines[i]!.y - l.y)
    .filter((d) => d > 0)
    .sort((x, y) => x - y);
  return pitches[Math.floor(pitches.length / 2)] ?? 0;
}

/** Whether `next` starts a new paragraph after `prev` (same page): a larger gap, another type size, a new column after a finished sentence, or an indent after one. */
function startsParagraph(prev: Line, next: Line, pitch: number): boolean {
  const gap = prev.y - next.y;
  const finished = SENTENCE_END.test(prev.text);
  if (Math.abs(next.size - prev.size) > Math.max(prev.size, next.size) * 0.15) return true;
  if (gap <= 0 || next.left > prev.right) return finished; // a new column
  if (pitch > 0 && gap > pitch * 1.4) return true;
  return finished && next.left > prev.left + prev.size * 0.8;
}

/**
 * Rebuilds the text of a PDF from its pages' items: lines in drawing order (a page drawn
 * rotated is turned back first, and vertical CJK text is read column by column, right to
 * left and top to bottom, with its vertical punctuation as the ordinary marks), running
 * headers and footers dropped, paragraphs from gaps, type size and short finished lines,
 * Latin words hyphenated at a line end rejoined, no spaces invented between CJK
 * characters, and the offset where each page starts kept. A paragraph that runs over a
 * page break stays one paragraph.
 */
export function layoutPdfText(pages: readonly (readonly PdfItem[])[]): PdfText {
  const paragraphs: string[] = [];
  const pageStarts: number[] = [];
  let length = 0;
  let current: string | null = null;
  let prev: Line | null = null;
  const close = () => {
    if (current === null) return;
    paragraphs.push(current);
    length += current.length + 2;
    current = null;
  };
  for (const lines of dropRunning(pages.map(linesOf))) {
    const pitch = usualPitch(lines);
    let pageStart: number | null = null;
    lines.forEach((line, i) => {
      const newParagraph =
        current === null ||
        prev === null ||
        (i === 0 ? SENTENCE_END.test(prev.text) || Math.abs(line.size - prev.size) > prev.size * 0.15 : startsParagraph(prev, line, pitch));
      if (newParagraph) {
        close();
        pageStart ??= length;
        current = line.text;
      } else {
        const joined = joinLines(current!, line.text);
        pageStart ??= length + joined.length - line.text.length;
        current = joined;
      }
      prev = line;
    });
    pageStarts.push(pageStart ?? (current === null ? length : length + (current as string).length));
  }
  close();
  return { body: paragraphs.join('\n\n'), pageStarts: pageStarts.map((s) => Math.min(s, Math.max(0, length - 2))) };
}
