import { fetchPage, type FetchPolicy } from '../fetchPage';
import { nowIso } from '../text';
import type { ImportInput } from './detect';
import { readAhead } from './index';
import { decodePage } from './pageDecode';

/**
 * Fetches an address under a policy and makes it an import input: an HTML page decoded
 * in its declared character set (read as HTML whatever it starts with), or a PDF read
 * ahead. The input carries the address it came from, so the article is watched.
 */
export async function readUrl(url: string, policy: FetchPolicy, wholePage = false): Promise<ImportInput> {
  const fetched = await fetchPage(url, policy);
  const base = { name: fetched.finalUrl, url: fetched.finalUrl, fetchedAt: nowIso(), wholePage };
  if (fetched.kind === 'pdf') return readAhead({ ...base, bytes: fetched.bytes });
  return { ...base, text: decodePage(fetched.bytes, fetched.charset, fetched.finalUrl), asHtml: true };
}
