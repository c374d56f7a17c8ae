import { ApostilError } from '../errors';

/** Largest user style accepted, in characters (the largest official styles are about 200 kB). */
export const MAX_STYLE_CHARS = 2_000_000;

const CSL_NS = /<style\b[^>]*\bxmlns\s*=\s*["']http:\/\/purl\.org\/net\/xbiblio\/csl["']/;

/** A style id from a file name: `My Journal.csl` → `my-journal`. */
export function styleIdFromName(fileName: string): string {
  const base = fileName.replace(/^.*[/\\]/, '').replace(/\.csl$/i, '');
  const id = base
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 100);
  if (!id) throw new ApostilError('invalid_request', `${fileName} needs a file name made of letters or digits to name the style.`);
  return id;
}

function decodeXmlText(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos);/g, (_, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" })[e]!).trim();
}

/**
 * Checks that `xml` is an independent CSL 1.0 style a processor can run, refusing
 * with a sentence that says what is wrong: not CSL, a dependent style (which only
 * points at another), no citation layout, document type declarations, or too large.
 */
export function checkStyle(xml: string, name = 'The style'): { title: string } {
  if (xml.length > MAX_STYLE_CHARS) throw new ApostilError('too_large', `${name} is larger than ${MAX_STYLE_CHARS} characters; a CSL style is much smaller.`);
  if (/<!DOCTYPE|<!ENTITY/i.test(xml))
    throw new ApostilError('invalid_request', `${name} declares a document type or entities, which a CSL style never needs.`);
  if (!CSL_NS.test(xml)) throw new ApostilError('invalid_request', `${name} is not a CSL style (no <style> element in the CSL namespace).`);
  const parent = /<link\b[^>]*rel=["']independent-parent["'][^>]*>/.exec(xml)?.[0];
  if (parent && !/<citation\b/.test(xml)) {
    const href = /href=["']([^"']+)["']/.exec(parent)?.[1] ?? '';
    throw new ApostilError(
      'invalid_request',
      `${name} is a dependent style that only points to ${href.replace(/^.*\//, '') || 'another style'}; add that style instead.`,
    );
  }
  if (!/<citation\b/.test(xml)) throw new ApostilError('invalid_request', `${name} has no <citation> layout, so it cannot format citations.`);
  const info = /<info>([\s\S]*?)<\/info>/.exec(xml)?.[1] ?? '';
  const title = decodeXmlText(/<title>([\s\S]*?)<\/title>/.exec(info)?.[1] ?? '');
  if (!title) throw new ApostilError('invalid_request', `${name} has no <title> in its <info>.`);
  return { title };
}
