import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import type { Envelope } from '../api/channels';
import { CONTENT_SECURITY_POLICY, CONTENT_TYPES } from '../api/serving';
import type { Service } from '../api/service';
import type { ErrorCode } from '../core/errors';

/** How to run the loopback web host. */
export interface WebHostOptions {
  service: Service;
  /** Folder with the built renderer (`dist/ui`). */
  uiDir: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Per-launch secret; random when omitted. */
  token?: string;
  /** Largest request body accepted; {@link MAX_BODY_BYTES} when omitted. */
  maxBodyBytes?: number;
  /** Where each refused or failed request is told, in one line without a stack; stderr when omitted. */
  log?: (line: string) => void;
}

/** A running web host. */
export interface WebHost {
  /** Full URL to open, token included in the fragment (never sent to the server or in a Referer). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Largest api request body accepted, in bytes. */
export const MAX_BODY_BYTES = 256 * 1024 * 1024;

const LOOPBACK = '127.0.0.1';

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=(), usb=(), serial=(), hid=(), payment=()',
};

/** The HTTP status of every error code: the client's mistakes are 4xx, the library's state 409 or 5xx. */
export const HTTP_STATUS: Record<ErrorCode, number> = {
  invalid_request: 400,
  bad_file: 422,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  cancelled: 409,
  newer_database: 409,
  too_large: 413,
  unsupported: 415,
  corrupt_database: 500,
  internal: 500,
  busy: 503,
  read_only: 503,
  disk_full: 507,
};

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares a presented token with the real one in constant time. */
export function tokenMatches(presented: string | undefined, token: string): boolean {
  return presented !== undefined && timingSafeEqual(digest(presented), digest(token));
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': Buffer.byteLength(body), ...extra });
  res.end(body);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope<unknown>): void {
  const status = envelope.ok ? 200 : (HTTP_STATUS[envelope.error.code as ErrorCode] ?? 500);
  send(res, status, JSON.stringify(envelope), 'application/json; charset=utf-8', { 'cache-control': 'no-store' });
}

/**
 * Reads a request body; null when it is larger than `limit`, `aborted` when the client went
 * away mid-upload. An oversized body is read to its end and dropped, so the client receives
 * the refusal instead of a broken connection.
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null | 'aborted'> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks.length = 0;
    });
    req.on('end', () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on('aborted', () => resolve('aborted'));
    req.on('error', () => resolve('aborted'));
  });
}

/**
 * Serves the renderer and the api channel table over HTTP on 127.0.0.1 only.
 * Every api call needs the per-launch token; a foreign Host (DNS rebinding) or
 * Origin (cross-site request) is refused before anything else happens.
 */
export function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  /** Answers with a structured error and tells the log in one line. */
  const refuse = (res: ServerResponse, code: ErrorCode, message: string): void => {
    const req = res.req;
    log(`apostil web host: ${req.method ?? '?'} ${(req.url ?? '').slice(0, 200)} → ${HTTP_STATUS[code]} ${code}: ${message}`);
    sendEnvelope(res, { ok: false, error: { code, message } });
  };
  let port = options.port ?? 0;
  const allowedHosts = () => [`${LOOPBACK}:${port}`, `localhost:${port}`];

  async function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 'invalid_request', 'Only GET is allowed here.');
    let rel: string;
    try {
      rel = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).replace(/^\/+/, '');
    } catch {
      return refuse(res, 'invalid_request', 'Malformed URL.');
    }
    const file = normalize(join(options.uiDir, rel));
    if (!file.startsWith(normalize(options.uiDir) + sep) || rel.includes('\0')) return refuse(res, 'not_found', 'Not found.');
    try {
      const body = await readFile(file);
      send(res, 200, req.method === 'HEAD' ? '' : body, CONTENT_TYPES[extname(file)] ?? 'application/octet-stream', { 'cache-control': 'no-cache' });
    } catch {
      refuse(res, 'not_found', 'Not found.');
    }
  }

  async function serveApi(req: IncomingMessage, res: ServerResponse, rawChannel: string): Promise<void> {
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!tokenMatches(auth, token)) return refuse(res, 'unauthorized', 'Missing or wrong token: open the URL Apostil printed.');
    if (req.method !== 'POST') return refuse(res, 'invalid_request', 'Api calls use POST.');
    if (!/^application\/json\b/i.test(req.headers['content-type'] ?? '')) {
      return refuse(res, 'unsupported', 'Api calls send JSON (content-type: application/json).');
    }
    const limit = options.maxBodyBytes ?? MAX_BODY_BYTES;
    const body = await readBody(req, limit);
    if (body === 'aborted') {
      log(`apostil web host: ${req.method} ${(req.url ?? '').slice(0, 200)}: the client closed the connection during the upload; nothing was changed.`);
      res.destroy();
      return;
    }
    if (body === null) return refuse(res, 'too_large', `A request is limited to ${limit} bytes; nothing was changed.`);
    let payload: unknown;
    try {
      payload = body.length === 0 ? {} : JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body));
    } catch {
      return refuse(res, 'invalid_request', 'The request body is not valid UTF-8 JSON.');
    }
    let channel: string;
    try {
      channel = decodeURIComponent(rawChannel);
    } catch {
      return refuse(res, 'invalid_request', 'Malformed channel name.');
    }
    sendEnvelope(res, options.service.call(channel, payload));
  }

  const server: Server = createServer((req, res) => {
    const host = req.headers.host ?? '';
    if (!allowedHosts().includes(host)) return refuse(res, 'forbidden', `Requests for host "${host.slice(0, 100)}" are refused.`);
    const origin = req.headers.origin;
    if (origin !== undefined && !allowedHosts().some((h) => origin === `http://${h}`)) {
      return refuse(res, 'forbidden', 'Cross-origin requests are refused.');
    }
    let pathname: string;
    try {
      pathname = new URL(req.url ?? '/', `http://${host}`).pathname;
    } catch {
      return refuse(res, 'invalid_request', 'Malformed URL.');
    }
    const api = /^\/api\/([^/]+)$/.exec(pathname);
    const work = api ? serveApi(req, res, api[1]!) : serveStatic(req, res, pathname);
    work.catch((err: unknown) => {
      log(`apostil web host: ${req.method} ${pathname.slice(0, 200)}: unexpected error: ${(err as Error)?.message ?? String(err)}`);
      if (!res.headersSent) sendEnvelope(res, { ok: false, error: { code: 'internal', message: 'Unexpected error.' } });
      else res.destroy();
    });
  });
  server.headersTimeout = 30_000;
  server.requestTimeout = 120_000;

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, LOOPBACK, () => {
      port = (server.address() as AddressInfo).port;
      server.off('error', reject);
      resolve({
        url: `http://${LOOPBACK}:${port}/#token=${token}`,
        port,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}
