import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import type { ErrorCode } from '../../app/core/errors';
import { importFile } from '../../app/core/import';
import { readImportFile } from '../../app/core/import/readFile';
import { HTTP_STATUS, startWebHost, type WebHost } from '../../app/web/server';
import { cli, openLibrary, tempDir } from './helpers';

const utf16 = (text: string, bom: 'le' | 'be') => {
  const le = Buffer.from(`\uFEFF${text}`, 'utf16le');
  return bom === 'le' ? le : Buffer.from(le.map((_, i) => le[i ^ 1]!));
};

describe('characters and encodings', () => {
  it('UTF-16 files with a BOM import as text; other encodings, empty files and binary data are refused saying why', () => {
    const lib = openLibrary();
    for (const bom of ['le', 'be'] as const) {
      const report = importFile(lib, { name: `${bom}.txt`, bytes: utf16(`韓中峰會 ${bom}\n\n李在明訪問北京。𠮷`, bom) });
      expect(lib.articles.body(report.articles[0]!.article.id)).toBe(`韓中峰會 ${bom}\n\n李在明訪問北京。𠮷`);
    }
    const refusals: [string, Uint8Array, RegExp][] = [
      ['big5.txt', Uint8Array.from([0xa4, 0xa4, 0xa4, 0xe5]), /big5\.txt is not valid UTF-8 text.*legacy encoding.*Save it as UTF-8/],
      ['nobom.txt', Buffer.from('plain text saved as UTF-16', 'utf16le'), /nobom\.txt looks like UTF-16 text without a byte-order mark\. Save it as UTF-8/],
      ['empty.txt', new Uint8Array(0), /empty\.txt is empty\./],
      ['blank.md', Buffer.from('\uFEFF  \n\n'), /blank\.md is empty\./],
      ['nul.txt', Uint8Array.from([0x41, 0x00, 0x42, 0x43, 0x44, 0x45, 0x00, 0x00]), /nul\.txt looks like a binary file/],
    ];
    for (const [name, bytes, message] of refusals) {
      expect(() => importFile(lib, { name, bytes })).toThrow(message);
    }
    expect(lib.articles.list()).toHaveLength(2);
  });

  it('control characters are refused by one rule in the api, the CLI and every importer; tab, newline and form feed pass', () => {
    const lib = openLibrary();
    const service = new Service(lib);
    const { article } = lib.articles.importText('a.txt', '韓國\n\n李在明\t訪問\f北京。');
    const quote = lib.quotes.create({ articleId: article.id, start: 4, end: 7 });
    const hostile: [string, unknown][] = [
      ['quotes:update', { id: quote.id, comment: 'a\u0000b' }],
      ['quotes:tag', { id: quote.id, tags: ['region/\u0007Korea'] }],
      ['tags:rename', { id: 1, name: 'x\u001b[31m' }],
      ['articles:rename', { id: article.id, title: 'T\u007f' }],
      ['articles:import', { name: 'n.txt', text: '標題\n\n內容\u0085' }],
      ['notes:create', { title: 'n', doc: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x\u0000' }] }] } }],
      ['sources:set', { articleId: article.id, csl: { type: 'article', title: 'S\u0001' } }],
      ['revisions:import', { articleId: article.id, name: 'v2.txt', text: '韓國\u0000' }],
    ];
    for (const [channel, payload] of hostile) {
      expect(service.call(channel, payload)).toMatchObject({
        ok: false,
        error: { code: 'invalid_request', message: expect.stringMatching(/control character U\+00[0-9A-F]{2}/) },
      });
    }
    const files: [string, string][] = [
      ['ctl.txt', '標題\n\n內容\u0001'],
      ['ctl.html', '<html><body><p>內容&#1;</p></body></html>'],
      ['ctl.bib', '@article{k, title = {T\u0002}, doi = {10.1/x}}'],
      ['ctl.json', JSON.stringify([{ type: 'article', title: 'T\u0003' }])],
    ];
    for (const [name, text] of files) {
      expect(() => importFile(lib, { name, text })).toThrow(new RegExp(`${name.replace('.', '\\.')} contains the control character U\\+000[0-9]`));
    }
    expect(lib.quotes.get(quote.id).comment).toBe('');
    expect(lib.articles.list()).toHaveLength(1);
    const dir = tempDir();
    const db = join(dir, 'lib.db');
    writeFileSync(join(dir, 'a.txt'), '韓國\n\n李在明訪問北京。');
    cli(db, 'import', join(dir, 'a.txt'));
    const r = cli(db, 'quote', '1', '--exact', '李在明', '--comment', 'x\u0001y');
    expect(r).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^apostil: Invalid request for quotes:create: the control character U\+0001 in comment/),
    });
  });

  it('only regular files are imported: a FIFO, a folder or a device is refused at once', () => {
    const dir = tempDir();
    const fifo = join(dir, 'pipe.txt');
    execFileSync('mkfifo', [fifo]);
    mkdirSync(join(dir, 'folder.txt'));
    for (const file of [fifo, join(dir, 'folder.txt'), '/dev/zero']) {
      expect(() => readImportFile(file)).toThrow(/is not a regular file/);
    }
  });
});

describe('web host refusals', () => {
  let host: WebHost | undefined;
  afterEach(async () => {
    await host?.close();
    host = undefined;
  });

  it('a malformed URL, a bad request or an aborted upload gets a plain answer and one log line, never a stack', async () => {
    const lines: string[] = [];
    const uiDir = join(tempDir(), 'ui');
    mkdirSync(uiDir);
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Apostil</title>');
    host = await startWebHost({ service: new Service(openLibrary(), () => {}), uiDir, port: 0, log: (l) => lines.push(l) });
    const raw = (request: string) =>
      new Promise<string>((resolve) => {
        const socket = connect(host!.port, '127.0.0.1', () => socket.end(request));
        let got = '';
        socket.on('data', (c) => (got += c.toString()));
        socket.on('close', () => resolve(got));
        socket.on('error', () => resolve(got));
      });
    const hostHeader = `Host: 127.0.0.1:${host.port}`;
    expect(await raw(`GET /%E0%A4%A HTTP/1.1\r\n${hostHeader}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 [\s\S]*Malformed URL/);
    expect(await raw(`GET /%ZZ/..%2F HTTP/1.1\r\n${hostHeader}\r\nConnection: close\r\n\r\n`)).toMatch(/^HTTP\/1\.1 400 /);
    // Without the token nothing else happens: the body is never read, the request refused.
    expect(
      await raw(`POST /api/articles:list HTTP/1.1\r\n${hostHeader}\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{`),
    ).toMatch(/^HTTP\/1\.1 401 /);
    // An upload cut off half-way: the host drops it and says so once.
    await raw(
      `POST /api/articles:list HTTP/1.1\r\n${hostHeader}\r\nAuthorization: Bearer ${new URL(host.url).hash.slice(7)}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"a":`,
    );
    for (let i = 0; i < 50 && !lines.some((l) => l.includes('closed the connection')); i++) await new Promise((done) => setTimeout(done, 20));
    expect(lines.some((l) => l.includes('closed the connection during the upload'))).toBe(true);
    expect(lines.length).toBeGreaterThanOrEqual(4);
    for (const line of lines) {
      expect(line).not.toContain('\n');
      expect(line).toMatch(/^apostil web host: /);
    }
  });

  it('every error code has an HTTP status; the library’s state and a cancelled job never answer 400', () => {
    const states: ErrorCode[] = ['newer_database', 'corrupt_database', 'cancelled', 'busy', 'disk_full', 'read_only', 'internal'];
    for (const code of states) expect(HTTP_STATUS[code]).not.toBe(400);
    expect(HTTP_STATUS.not_found).toBe(404);
  });
});
