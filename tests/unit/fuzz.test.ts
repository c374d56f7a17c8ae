import fc from 'fast-check';
import { request } from 'node:http';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { channelNames, requests, type Channel } from '../../app/api/channels';
import { Service } from '../../app/api/service';
import type { Library } from '../../app/core/library';
import { startWebHost } from '../../app/web/server';
import { SAMPLE, openLibrary, tempDir } from './helpers';

/** Every row of every table, to prove a rejected call changed nothing. */
function dump(lib: Library): string {
  const tables = lib.store.db
    .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE '%fts%' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return JSON.stringify(tables.map((t) => lib.store.db.prepare(`SELECT * FROM "${t}"`).all()));
}

function seeded() {
  const lib = openLibrary();
  const articleId = lib.articles.importFile(SAMPLE).article.id;
  const q = lib.quotes.create({ articleId, start: 0, end: 5, tags: ['region/Korea'] });
  const trashed = lib.quotes.create({ articleId, start: 10, end: 15 });
  lib.quotes.delete(trashed.id);
  return { lib, articleId, quoteId: q.id, trashedId: trashed.id };
}

const hostileValue = fc.oneof(
  fc.anything({ maxDepth: 4 }),
  fc.constantFrom(-1, -0.5, 0, 1.5, 2 ** 53, -(2 ** 31), Number.NaN, Infinity, '', '1', null, true, [], {}),
  fc.string({ minLength: 100_001, maxLength: 100_010 }),
  fc.constant('x'.repeat(25_000_000)),
  fc.constant(JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}}}')),
  fc.constant(Array.from({ length: 200 }).reduce<unknown>((inner) => ({ nested: inner }), {})),
);

const KEYS = [
  'id',
  'articleId',
  'start',
  'end',
  'comment',
  'color',
  'tags',
  'tag',
  'state',
  'name',
  'text',
  'format',
  'title',
  'doc',
  'parentId',
  'into',
  'revision',
  'from',
  'to',
  'query',
  'scope',
  'csl',
  '__proto__',
  'constructor',
];

/** Payloads that the channel's validator must refuse: random shapes, wrong types, extra and poisonous keys. */
function invalidPayload(channel: Channel) {
  return fc
    .oneof(hostileValue, fc.dictionary(fc.constantFrom(...KEYS), hostileValue, { maxKeys: 6 }), fc.record({ id: hostileValue, extra: hostileValue }))
    .filter((p) => !requests[channel].safeParse(p).success);
}

describe('api fuzzing', () => {
  it('rejects hostile payloads on every channel with a structured error and changes nothing', () => {
    const { lib } = seeded();
    const logged: unknown[] = [];
    const svc = new Service(lib, (e) => logged.push(e));
    const before = dump(lib);
    let cases = 0;
    for (const channel of channelNames) {
      fc.assert(
        fc.property(invalidPayload(channel), (payload) => {
          cases++;
          const r = svc.call(channel, payload);
          expect(r.ok).toBe(false);
          if (!r.ok) {
            expect(r.error.code).toBe('invalid_request');
            expect(typeof r.error.message).toBe('string');
          }
        }),
        { numRuns: 60, seed: 7 },
      );
    }
    for (const name of ['__proto__', 'constructor', 'toString', 'quotes:create ', 'QUOTES:CREATE', '', 'x'.repeat(10_000)]) {
      cases++;
      expect(svc.call(name, {})).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(logged).toEqual([]);
    expect(dump(lib)).toBe(before);
    console.log(`api fuzzing: ${cases} hostile calls over ${channelNames.length} channels, all refused, database unchanged`);
  }, 120_000);

  it('refuses well-formed requests that point at the wrong rows or ranges', () => {
    const { lib, articleId, quoteId, trashedId } = seeded();
    const svc = new Service(lib, () => {});
    const before = dump(lib);
    const body = lib.articles.body(articleId);
    const cases: [Channel, unknown][] = [
      ['articles:get', { id: 999 }],
      ['quotes:create', { articleId: 999, start: 0, end: 3 }],
      ['quotes:create', { articleId, start: body.length, end: body.length + 3 }],
      ['quotes:create', { articleId, start: 0, end: 2 ** 40 }],
      ['quotes:update', { id: trashedId, comment: 'x' }],
      ['quotes:update', { id: 999, comment: 'x' }],
      ['quotes:tag', { id: trashedId, tags: ['x'] }],
      ['quotes:untag', { id: quoteId, tags: ['never/made'] }],
      ['quotes:delete', { id: trashedId }],
      ['quotes:restore', { id: quoteId }],
      ['quotes:list', { tag: 'missing/tag' }],
      ['quotes:list', { articleId: 999 }],
    ];
    for (const [channel, payload] of cases) {
      const r = svc.call(channel, payload);
      expect(r.ok, `${channel} ${JSON.stringify(payload)}`).toBe(false);
      if (!r.ok) expect(['not_found', 'conflict', 'invalid_request']).toContain(r.error.code);
    }
    expect(dump(lib)).toBe(before);
  });

  it('survives the same abuse over HTTP', async () => {
    const { lib } = seeded();
    const uiDir = join(tempDir(), 'ui');
    mkdirSync(uiDir);
    writeFileSync(join(uiDir, 'index.html'), '<!doctype html>');
    const host = await startWebHost({ service: new Service(lib, () => {}), uiDir });
    const token = new URL(host.url).hash.slice('#token='.length);
    const before = dump(lib);
    const post = (path: string, body: string) =>
      new Promise<{ status: number; body: string }>((done, fail) => {
        const req = request(
          { host: '127.0.0.1', port: host.port, path, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } },
          (res) => {
            let text = '';
            res.on('data', (c: Buffer) => (text += c.toString()));
            res.on('end', () => done({ status: res.statusCode ?? 0, body: text }));
          },
        );
        req.on('error', fail);
        req.end(body);
      });
    let cases = 0;
    try {
      for (const channel of channelNames) {
        const samples = fc.sample(
          invalidPayload(channel).filter((p) => JSON.stringify(p) !== undefined && JSON.stringify(p).length < 200_000),
          { numRuns: 8, seed: 11 },
        );
        for (const payload of samples) {
          cases++;
          const r = await post(`/api/${encodeURIComponent(channel)}`, JSON.stringify(payload));
          expect(r.status).toBeGreaterThanOrEqual(400);
          expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: expect.any(String) } });
        }
      }
      for (const raw of ['{', '[1,2', '"\\ud800"', 'null', '\u0000', '{"a":'.repeat(10_000)]) {
        cases++;
        const r = await post('/api/quotes:create', raw);
        expect(r.status).toBe(400);
      }
      expect((await post('/api/articles:list', '{}')).status).toBe(200);
    } finally {
      await host.close();
    }
    expect(dump(lib)).toBe(before);
    console.log(`http fuzzing: ${cases} hostile requests, all refused, host still serving, database unchanged`);
  }, 120_000);
});
