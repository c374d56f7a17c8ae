import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/** The intake fixtures: saved pages and PDFs, each made for these tests. */
export const INTAKE = resolve('tests/unit/fixtures/intake');

/** A page server on a free 127.0.0.1 port serving the intake fixtures, and the failures a fetch must tell. */
export interface PageServer {
  origin: string;
  /** Serves `body` (HTML) at `path` from now on, replacing what was there. */
  set(path: string, body: string): void;
  /** From now on answers `path` with a 404 (`missing`) or never (`hang`), until it is `set` again. */
  fail(path: string, how: 'missing' | 'hang'): void;
  close(): Promise<void>;
}

const page = (name: string) => readFileSync(resolve(INTAKE, 'pages', name));

/**
 * Starts a page server: `/news`, `/ruby`, `/vertical` (fixture pages), `/report.pdf`,
 * `/missing` (404), `/image` (PNG), `/huge` (declares 30 MB), `/endless` (streams past
 * any limit), `/slow` (never answers), `/redirect` (to `/news`), `/loop` (redirects forever),
 * `/big5` (a page in Big5). Every connection is ended when it closes.
 */
export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, Buffer>([
    ['/news', page('news-zh-hant.html')],
    ['/ruby', page('ruby-ja.html')],
    ['/vertical', page('vertical.html')],
  ]);
  const failures = new Map<string, 'missing' | 'hang'>();
  const html = (res: ServerResponse, body: Buffer, type = 'text/html; charset=utf-8') =>
    res.writeHead(200, { 'content-type': type, 'content-length': body.length }).end(body);
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    const failing = failures.get(path);
    if (failing === 'hang') return;
    if (failing === 'missing') return res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    const known = pages.get(path);
    if (known) return html(res, known);
    switch (path) {
      case '/report.pdf':
        return html(res, readFileSync(resolve(INTAKE, 'report.pdf')), 'application/pdf');
      case '/image':
        return html(res, Buffer.from('89504e470d0a1a0a', 'hex'), 'image/png');
      case '/huge':
        return res.writeHead(200, { 'content-type': 'text/html', 'content-length': 30 * 1024 * 1024 }).end();
      case '/endless': {
        res.writeHead(200, { 'content-type': 'text/html' });
        const chunk = Buffer.alloc(1024 * 1024, 0x61);
        let sent = 0;
        const more = () => {
          while (sent < 40 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', more);
          }
          res.end();
        };
        return more();
      }
      case '/slow':
        return; // never answers; the fetch's time limit must end it
      case '/redirect':
        return res.writeHead(302, { location: '/news' }).end();
      case '/loop':
        return res.writeHead(302, { location: '/loop' }).end();
      case '/big5':
        return html(
          res,
          Buffer.from('3c68746d6c3e3c626f64793e3c703ea4a4a4e5a4e5a672a141a457a6e6a4e5a672a143' + '3c2f703e3c2f626f64793e3c2f68746d6c3e', 'hex'),
          'text/html; charset=big5',
        );
      default:
        res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>');
    }
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    set: (path, body) => {
      failures.delete(path);
      pages.set(path, Buffer.from(body));
    },
    fail: (path, how) => failures.set(path, how),
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}
