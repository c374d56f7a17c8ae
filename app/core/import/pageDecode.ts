import { ApostilError } from '../errors';
import { decodeTextFile } from '../textDecoding';

/** The character set a page declares in its first bytes (`<meta charset>` or `http-equiv` Content-Type). */
function metaCharset(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  return /<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)/i.exec(head)?.[1]?.toLowerCase() ?? null;
}

/**
 * Decodes a fetched web page: in the character set its server or its markup declares
 * (Big5, GBK, Shift_JIS, EUC-KR… as browsers read them), else as a text file is decoded
 * (UTF-8, or UTF-16 with a byte-order mark). A page that is not valid in its declared
 * character set, or declares one no browser knows, is refused naming the page.
 */
export function decodePage(bytes: Uint8Array, declared: string | null, name: string): string {
  const label = declared ?? metaCharset(bytes);
  let decoder: InstanceType<typeof TextDecoder> | null = null;
  if (label) {
    try {
      decoder = new TextDecoder(label, { fatal: true });
    } catch {
      throw new ApostilError('bad_file', `${name} declares the character set "${label.slice(0, 40)}", which Apostil cannot read. Nothing was imported.`);
    }
  }
  if (!decoder || decoder.encoding === 'utf-8' || decoder.encoding.startsWith('utf-16')) return decodeTextFile(bytes, name);
  try {
    return decoder.decode(bytes);
  } catch {
    throw new ApostilError('bad_file', `${name} is not valid ${decoder.encoding} text, though it says it is. Nothing was imported.`);
  }
}
