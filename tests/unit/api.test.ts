import { describe, expect, it } from 'vitest';
import { channelNames, isChannel } from '../../app/api/channels';
import { Service } from '../../app/api/service';
import { SAMPLE, fileHash, openLibrary } from './helpers';

function service() {
  const lib = openLibrary();
  const articleId = lib.articles.importFile(SAMPLE).article.id;
  const logged: unknown[] = [];
  return { lib, articleId, svc: new Service(lib, (e) => logged.push(e)), logged };
}

describe('api channel table', () => {
  it('names channels domain:verb and recognises only its own names', () => {
    for (const name of channelNames) expect(name).toMatch(/^[a-z]+:[a-z]+$/);
    expect(isChannel('quotes:create')).toBe(true);
    for (const bad of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'quotes:drop', 42, null]) expect(isChannel(bad)).toBe(false);
  });

  it('serves a whole flow: import, quote, tag, list, delete, restore', () => {
    const { svc } = service();
    const imported = svc.call('articles:import', { name: 'k.txt', text: '韓國\n\n李在明訪問北京。' });
    expect(imported.ok).toBe(true);
    const articleId = (imported as { value: { article: { id: number } } }).value.article.id;
    const created = svc.call('quotes:create', { articleId, start: 4, end: 7, tags: ['region/Korea'] });
    expect(created).toMatchObject({ ok: true, value: { quote: { exact: '李在明', tags: ['region/Korea'] } } });
    const id = (created as { value: { quote: { id: number } } }).value.quote.id;
    expect(svc.call('quotes:list', { tag: 'region' })).toMatchObject({ ok: true, value: { quotes: [{ id }] } });
    expect(svc.call('quotes:delete', { id })).toMatchObject({ ok: true, value: { quote: { id } } });
    expect(svc.call('quotes:list', { articleId })).toMatchObject({ ok: true, value: { quotes: [] } });
    expect(svc.call('quotes:restore', { id })).toMatchObject({ ok: true });
    expect(svc.call('tags:list', {})).toMatchObject({ ok: true, value: { tags: [{ path: 'region' }, { path: 'region/Korea', count: 1 }] } });
  });

  it('answers invalid requests with a structured error and changes nothing', () => {
    const { svc, lib, articleId, logged } = service();
    lib.close();
    const before = fileHash(lib.store.file);
    const reopened = openLibrary(lib.store.file);
    const s = new Service(reopened, (e) => logged.push(e));
    const hostile: [unknown, unknown][] = [
      ['nope:nope', {}],
      ['__proto__', {}],
      ['quotes:create', null],
      ['quotes:create', 'a string'],
      ['quotes:create', { articleId, start: -1, end: 3 }],
      ['quotes:create', { articleId, start: 5, end: 2 }],
      ['quotes:create', { articleId, start: 0, end: 1e12 }],
      ['quotes:create', { articleId: '1', start: 0, end: 3 }],
      ['quotes:create', { articleId, start: 0.5, end: 3 }],
      ['quotes:create', { articleId, start: 0, end: 3, extra: true }],
      ['quotes:create', JSON.parse(`{"articleId":${articleId},"start":0,"end":3,"__proto__":{"polluted":1}}`)],
      ['quotes:create', { articleId, start: 0, end: 3, comment: 'x'.repeat(200_000) }],
      ['quotes:create', { articleId, start: 0, end: 3, color: 'red; background:url(x)' }],
      ['quotes:create', { articleId, start: 0, end: 3, tags: ['a//b'] }],
      ['quotes:create', { articleId: 99999, start: 0, end: 3 }],
      ['quotes:tag', { id: 99999, tags: ['x'] }],
      ['quotes:tag', { id: 1, tags: [] }],
      ['quotes:delete', { id: -4 }],
      ['articles:get', { id: Number.MAX_SAFE_INTEGER + 2 }],
      ['articles:import', { name: 'x.txt', text: '' }],
      ['articles:import', { name: 'x.txt', text: 123 }],
      ['articles:list', { deep: { deeper: { deepest: [] } } }],
    ];
    for (const [channel, payload] of hostile) {
      const r = s.call(channel, payload);
      expect(r.ok, `${String(channel)} ${JSON.stringify(payload)?.slice(0, 80)}`).toBe(false);
      if (!r.ok) {
        expect(r.error.code).toMatch(/^(invalid_request|not_found|bad_file|too_large)$/);
        expect(r.error.message.length).toBeGreaterThan(5);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(logged).toEqual([]);
    reopened.close();
    expect(fileHash(lib.store.file)).toBe(before);
    void svc;
  });

  it('reports field-level issues', () => {
    const { svc } = service();
    const r = svc.call('quotes:create', { articleId: 1, start: 'x', end: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.issues?.[0]?.path).toBe('start');
  });
});
