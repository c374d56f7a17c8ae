import { ApostilError } from './errors';

function refuse(name: string, problem: string): never {
  throw new ApostilError('bad_file', `${name} ${problem} Nothing was imported.`);
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);

/** True when zero bytes sit at every other position of the start, as in UTF-16 text without a byte-order mark. */
function looksLikeUtf16(bytes: Uint8Array): boolean {
  const sample = bytes.subarray(0, 512);
  let even = 0;
  let odd = 0;
  sample.forEach((b, i) => {
    if (b !== 0) return;
    if (i % 2) odd++;
    else even++;
  });
  const half = sample.length / 2;
  return half >= 8 && (even >= half * 0.4 || odd >= half * 0.4) && Math.min(even, odd) === 0;
}

/**
 * Decodes the bytes of a text file: UTF-8 (with or without a byte-order mark) or UTF-16
 * with a byte-order mark (LE or BE). Empty files, binary data, PDFs and other encodings are
 * refused with a message naming the file and saying what to do.
 */
export function decodeTextFile(bytes: Uint8Array, name: string): string {
  if (bytes.byteLength === 0) refuse(name, 'is empty.');
  if (startsWith(bytes, [0x25, 0x50, 0x44, 0x46, 0x2d])) {
    refuse(name, 'is a PDF; Apostil imports text, Markdown, HTML and Word (.docx) articles. Copy the text out of the PDF and paste it instead.');
  }
  const utf16 = startsWith(bytes, [0xff, 0xfe]) ? 'utf-16le' : startsWith(bytes, [0xfe, 0xff]) ? 'utf-16be' : null;
  let text: string;
  if (utf16) {
    try {
      text = new TextDecoder(utf16, { fatal: true }).decode(bytes);
    } catch {
      return refuse(name, 'starts like UTF-16 text but is not valid UTF-16. Save it as UTF-8 and try again.');
    }
  } else {
    if (bytes.includes(0)) {
      refuse(
        name,
        looksLikeUtf16(bytes) ? 'looks like UTF-16 text without a byte-order mark. Save it as UTF-8 and try again.' : 'looks like a binary file, not text.',
      );
    }
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return refuse(
        name,
        'is not valid UTF-8 text (it may be in a legacy encoding such as Big5, GBK, Shift_JIS or Windows-1252). Save it as UTF-8 and try again.',
      );
    }
  }
  text = text.replace(/^\uFEFF/, '');
  if (text.trim() === '') refuse(name, 'is empty.');
  return text;
}
