import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import { startWebHost, tokenMatches, type WebHost } from '../../app/web/server';
import { openLibrary, tempDir } from './helpers';

let host: WebHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

async function start(maxBodyBytes?: number) {
  const lib = openLibrary();
  lib.articles.importText('a.txt', '韓國\n\n李在明訪問北京。');
  const uiDir = join(tempDir(), 'ui');
  mkdirSync(uiDir);
  writeFileSync(join(uiDir, 'index.html'), '<!doctype html><title>Apostil</title>');
  writeFileSync(join(uiDir, '..', 'secret.txt'), 'secret');
  host = await startWebHost({ service: new Service(lib, () => {}), uiDir, port: 0, maxBodyBytes });
  const token = new URL(host.url).hash.replace('#token=', '');
  return { host, token, lib };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const api = (port: number, token: string | undefined, channel: string, payload: unknown, extra: Record<string, string> = {}) =>
  send(port, `/api/${channel}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }), ...extra },
    body: JSON.stringify(payload),
  });

describe('web host', () => {
  it('binds 127.0.0.1 and prints a URL with a long random token', async () => {
    const { host, token } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32}$/);
    expect(token.length).toBe(32);
  });

  it('serves api calls with the token', async () => {
    const { host, token } = await start();
    const r = await api(host.port, token, 'articles:list', {});
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, value: { articles: [{ title: '韓國' }] } });
    expect(r.headers['cache-control']).toBe('no-store');
  });

  it('refuses missing and wrong tokens', async () => {
    const { host, token } = await start();
    for (const t of [undefined, '', 'x', token.slice(0, -1), `${token}x`, token.toUpperCase()]) {
      const r = await api(host.port, t, 'articles:list', {});
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    }
    expect(tokenMatches(token, token)).toBe(true);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin (CSRF)', async () => {
    const { host, token } = await start();
    const evilHost = await api(host.port, token, 'articles:list', {}, { host: `evil.example:${host.port}` });
    expect(evilHost.status).toBe(403);
    const evilOrigin = await api(host.port, token, 'articles:list', {}, { origin: 'http://evil.example' });
    expect(evilOrigin.status).toBe(403);
    const okOrigin = await api(host.port, token, 'articles:list', {}, { origin: `http://127.0.0.1:${host.port}` });
    expect(okOrigin.status).toBe(200);
    const page = await send(host.port, '/', { headers: { host: `attacker.test:${host.port}` } });
    expect(page.status).toBe(403);
  });

  it('requires POST with JSON and answers bad payloads with structured errors', async () => {
    const { host, token } = await start();
    expect((await send(host.port, '/api/articles:list', { headers: { authorization: `Bearer ${token}` } })).status).toBe(400);
    const form = await send(host.port, '/api/articles:list', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
      body: '{}',
    });
    expect(form.status).toBe(415);
    const broken = await send(host.port, '/api/articles:list', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"unterminated',
    });
    expect(JSON.parse(broken.body)).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    const bad = await api(host.port, token, 'quotes:create', { articleId: 1, start: -3, end: 2 });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error.issues[0].path).toBe('start');
    expect((await api(host.port, token, '%E0%A4%A', {})).status).toBe(400);
    expect((await api(host.port, token, '__proto__', {})).status).toBe(400);
  });

  it('answers an oversized body with a refusal the client receives, and changes nothing', async () => {
    const { host, token, lib } = await start(64 * 1024);
    const big = await api(host.port, token, 'import:run', { name: 'big.txt', text: `標題\n\n${'稀土'.repeat(40_000)}` });
    expect(big.status).toBe(413);
    expect(JSON.parse(big.body)).toMatchObject({ ok: false, error: { code: 'too_large', message: expect.stringContaining('65536 bytes') } });
    expect(lib.articles.list()).toHaveLength(1);
    expect((await api(host.port, token, 'articles:list', {})).status).toBe(200);
  });

  it('serves the ui with strict security headers and refuses paths outside it', async () => {
    const { host } = await start();
    const page = await send(host.port, '/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Apostil</title>');
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect(page.headers['x-frame-options']).toBe('DENY');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt', '/nope.js']) {
      expect((await send(host.port, p)).status, p).toBe(404);
    }
  });
});
