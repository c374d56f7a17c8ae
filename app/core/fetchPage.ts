import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { fileURLToPath } from 'node:url';
import { ApostilError } from './errors';
import { readImportFile } from './import/readFile';

/** Which addresses a shell may fetch, and how long and how much it waits for. */
export interface FetchPolicy {
  /** `file:` addresses (the desktop app and the CLI; never the web host). */
  allowFile: boolean;
  /** Loopback, private, link-local and other non-public addresses (the desktop app and the CLI). */
  allowPrivate: boolean;
  /** Host names or addresses allowed even when private (the web host's `--allow-fetch`). */
  allowHosts: readonly string[];
  /** Whole fetch, redirects included, in milliseconds. */
  timeoutMs: number;
  /** Largest response body read, in bytes. */
  maxBytes: number;
}

/** A fetched page or document. */
export interface Fetched {
  /** The address asked for. */
  url: string;
  /** The address it came from after redirects. */
  finalUrl: string;
  kind: 'html' | 'pdf';
  bytes: Uint8Array;
  /** The `charset` the server declared, if any. */
  charset: string | null;
}

/** Most redirects followed for one fetch. */
export const MAX_REDIRECTS = 5;
/** The default time limit of one fetch. */
export const FETCH_TIMEOUT_MS = 20_000;
/** The default size limit of one fetched page or PDF. */
export const MAX_FETCH_BYTES = 20 * 1024 * 1024;

/** What the desktop app and the CLI may fetch: anything the user types, files and local servers included. */
export const OPEN_POLICY: FetchPolicy = { allowFile: true, allowPrivate: true, allowHosts: [], timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_FETCH_BYTES };
/** What the web host may fetch: public http(s) addresses only, plus hosts allowed on its command line. */
export const PUBLIC_POLICY: FetchPolicy = { allowFile: false, allowPrivate: false, allowHosts: [], timeoutMs: FETCH_TIMEOUT_MS, maxBytes: MAX_FETCH_BYTES };

/** Addresses that are not on the public internet: loopback, private, link-local, carrier-grade NAT, multicast, reserved. */
const NON_PUBLIC = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  NON_PUBLIC.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['::ffff:0:0', 96],
  ['64:ff9b::', 96],
] as const) {
  NON_PUBLIC.addSubnet(net, bits, 'ipv6');
}

/** Whether an IP address is outside the public internet. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  return NON_PUBLIC.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

function fail(code: 'invalid_request' | 'forbidden' | 'not_found' | 'too_large' | 'unsupported', message: string): never {
  throw new ApostilError(code, `${message} Nothing was imported.`);
}

/** Checks an address before anything is fetched: a well-formed http(s) URL, or a file: URL where files are allowed. */
export function checkAddress(raw: string, policy: FetchPolicy): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return fail('invalid_request', `"${raw.slice(0, 200)}" is not a web address; give one starting with http:// or https://.`);
  }
  if (url.protocol === 'file:') {
    if (!policy.allowFile) fail('forbidden', `${url.href} is a file on this computer; the web host fetches only http and https addresses.`);
  } else if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    fail('invalid_request', `${url.protocol.replace(/:$/, '')}: addresses cannot be imported; give one starting with http:// or https://.`);
  }
  if (url.username || url.password) fail('invalid_request', `${url.protocol}//${url.host}: addresses with a user name or password are not fetched.`);
  return url;
}

function allowedHost(host: string, policy: FetchPolicy): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return policy.allowPrivate || policy.allowHosts.some((h) => h.toLowerCase() === bare);
}

/**
 * A DNS lookup that refuses non-public addresses unless the policy allows them; it runs
 * as the connection is made, so the address checked is the address connected to.
 */
function guardedLookup(host: string, policy: FetchPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
      if (err) return callback(err, '', 0);
      const ok = allowedHost(host, policy) ? addresses : addresses.filter((a) => !isPrivateAddress(a.address));
      if (!ok.length) {
        const refused = new Error(`private address ${addresses[0]?.address ?? ''}`) as NodeJS.ErrnoException;
        refused.code = 'APOSTIL_PRIVATE';
        return callback(refused, '', 0);
      }
      if ((options as { all?: boolean }).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, ok);
      return callback(null, ok[0]!.address, ok[0]!.family);
    });
  };
}

/** A network failure in words: the host, and whether it does not exist, refused, or could not be reached (offline). */
function networkFailure(url: URL, err: NodeJS.ErrnoException, policy: FetchPolicy): never {
  const host = url.host;
  switch (err.code) {
    case 'APOSTIL_PRIVATE':
      return fail(
        'forbidden',
        `${host} is a local or private network address; the web host fetches only public addresses (start it with --allow-fetch ${url.hostname} to allow this one).`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return fail('not_found', `Cannot reach ${host}: the name does not resolve. Check the address, or whether this computer is offline.`);
    case 'ECONNREFUSED':
      return fail('not_found', `Cannot reach ${host}: the connection was refused (the site is down or the address is wrong).`);
    case 'APOSTIL_TIMEOUT':
      return fail('not_found', `${host} did not send the page within ${Math.round(policy.timeoutMs / 1000)} s; try again later.`);
    default:
      return fail('not_found', `Cannot reach ${host} (${err.code ?? err.message}); check the address, or whether this computer is offline.`);
  }
}

/** The kind of document a response holds, by its declared type, else by its first bytes. */
function kindOf(type: string, head: Uint8Array): 'html' | 'pdf' | null {
  if (type === 'application/pdf' || Buffer.from(head.subarray(0, 5)).toString('latin1') === '%PDF-') return 'pdf';
  if (type === 'text/html' || type === 'application/xhtml+xml') return 'html';
  if (type === '' || type === 'application/octet-stream') {
    return /^\s*(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(Buffer.from(head.subarray(0, 512)).toString('latin1')) ? 'html' : null;
  }
  return null;
}

interface Answer {
  response: IncomingMessage;
  url: URL;
}

/** Sends one GET and resolves with the response head, or the failure in words. */
function get(url: URL, policy: FetchPolicy, signal: AbortSignal): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, {
      method: 'GET',
      headers: {
        'user-agent': 'Apostil (research notebook; +https://github.com/apostil/apostil)',
        accept: 'text/html,application/xhtml+xml,application/pdf;q=0.9,*/*;q=0.1',
        'accept-encoding': 'identity',
      },
      lookup: guardedLookup(url.hostname, policy),
      signal,
    });
    req.once('response', (response) => resolve({ response, url }));
    req.once('error', (err: NodeJS.ErrnoException) => {
      if (signal.aborted) err.code = 'APOSTIL_TIMEOUT';
      reject(err);
    });
    req.end();
  });
}

/** Reads a response body up to the policy's size limit, refusing more. */
async function readBody(answer: Answer, policy: FetchPolicy): Promise<Uint8Array> {
  const declared = Number(answer.response.headers['content-length']);
  const tooLarge = () =>
    fail('too_large', `${answer.url.href} is larger than ${Math.round(policy.maxBytes / (1024 * 1024))} MB, the most Apostil fetches for one page.`);
  if (Number.isFinite(declared) && declared > policy.maxBytes) {
    answer.response.destroy();
    tooLarge();
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of answer.response as AsyncIterable<Buffer>) {
    size += chunk.byteLength;
    if (size > policy.maxBytes) {
      answer.response.destroy();
      tooLarge();
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** An HTTP error status in words. */
function statusFailure(url: URL, status: number, text: string | undefined): never {
  if (status === 404 || status === 410) fail('not_found', `${url.href} was not found (HTTP ${status}); the page may have moved or been removed.`);
  if (status === 401 || status === 403) fail('forbidden', `${url.href} refused access (HTTP ${status}); the page may need a login or a subscription.`);
  return fail('not_found', `${url.href} answered HTTP ${status}${text ? ` (${text})` : ''}; try again later.`);
}

async function fetchHttp(start: URL, policy: FetchPolicy, signal: AbortSignal): Promise<Fetched> {
  let url = start;
  for (let hop = 0; ; hop++) {
    let answer: Answer;
    try {
      answer = await get(url, policy, signal);
    } catch (err) {
      return networkFailure(url, err as NodeJS.ErrnoException, policy);
    }
    const { response } = answer;
    const status = response.statusCode ?? 0;
    if (status >= 300 && status < 400 && response.headers.location) {
      response.resume();
      if (hop >= MAX_REDIRECTS)
        fail('not_found', `${start.href} redirects more than ${MAX_REDIRECTS} times; open it in a browser and import the address it ends at.`);
      url = checkAddress(new URL(response.headers.location, url).href, policy);
      if (url.protocol === 'file:') fail('forbidden', `${start.href} redirects to a file on this computer, which is not fetched.`);
      continue;
    }
    if (status < 200 || status >= 300) {
      response.resume();
      statusFailure(url, status, response.statusMessage);
    }
    const [type = '', ...params] = (response.headers['content-type'] ?? '').split(';').map((s) => s.trim().toLowerCase());
    const charset =
      params
        .find((p) => p.startsWith('charset='))
        ?.slice(8)
        .replace(/^"|"$/g, '') ?? null;
    if (type && !['text/html', 'application/xhtml+xml', 'application/pdf', 'application/octet-stream'].includes(type)) {
      response.resume();
      fail('unsupported', `${url.href} is not a web page or a PDF (it is ${type}); Apostil imports HTML pages and PDFs from the web.`);
    }
    let bytes: Uint8Array;
    try {
      bytes = await readBody(answer, policy);
    } catch (err) {
      if (err instanceof ApostilError) throw err;
      return networkFailure(url, signal.aborted ? Object.assign(new Error('timeout'), { code: 'APOSTIL_TIMEOUT' }) : (err as NodeJS.ErrnoException), policy);
    }
    const kind = kindOf(type, bytes);
    if (!kind) fail('unsupported', `${url.href} is not a web page or a PDF; Apostil imports HTML pages and PDFs from the web.`);
    return { url: start.href, finalUrl: url.href, kind, bytes, charset };
  }
}

/**
 * Fetches a page or a PDF for import under a policy: http(s) with a time limit, a size
 * limit and at most {@link MAX_REDIRECTS} redirects (each checked again), `file:` where
 * files are allowed, and private addresses only where the policy allows them (checked on
 * the address actually connected to). Every failure is an {@link ApostilError} that says
 * what happened in plain words: offline, not found, not HTML, too large, too slow.
 */
export async function fetchPage(raw: string, policy: FetchPolicy): Promise<Fetched> {
  const url = checkAddress(raw, policy);
  if (url.protocol === 'file:') {
    const bytes = readImportFile(fileURLToPath(url));
    const kind = kindOf(/\.x?html?$/i.test(url.pathname) ? 'text/html' : '', bytes) ?? fail('unsupported', `${url.href} is not an HTML page or a PDF.`);
    return { url: url.href, finalUrl: url.href, kind, bytes, charset: null };
  }
  if (!allowedHost(url.hostname, policy) && isIP(url.hostname.replace(/^\[|\]$/g, '')) && isPrivateAddress(url.hostname.replace(/^\[|\]$/g, ''))) {
    networkFailure(url, Object.assign(new Error('private'), { code: 'APOSTIL_PRIVATE' }), policy);
  }
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), policy.timeoutMs);
  try {
    return await fetchHttp(url, policy, controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
