import { describe, expect, it } from 'vitest';
import { Service } from '../../app/api/service';
import type { SyncStatus } from '../../app/sync/client';
import { openLibrary } from './helpers';

const status = (role: string | null): SyncStatus => ({ server: 'ws://127.0.0.1:1', library: 'team', role, state: 'synced', pending: 0, lastSyncedAt: null });

describe('the viewer role', () => {
  it('refuses every write with read_only and changes nothing, while reads, search and export answer', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', '李在明將於4日到7日對中國進行國是訪問');
    const service = new Service(lib, (e) => {
      throw e;
    });
    let role: string | null = 'viewer';
    service.syncStatus = () => status(role);
    const refused = service.call('quotes:create', { articleId: article.id, start: 0, end: 3, tags: ['人物'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(!refused.ok && refused.error.message).toMatch(/viewer/);
    for (const [channel, req] of [
      ['notes:create', { title: '筆記' }],
      ['tags:rename', { id: 1, name: 'x' }],
      ['articles:import', { name: 'b.txt', text: 'b' }],
      ['import:start', { name: 'c.txt', text: 'c' }],
    ] as const)
      expect(service.call(channel, req), channel).toMatchObject({ ok: false, error: { code: 'read_only' } });
    expect(lib.quotes.count({})).toBe(0);
    expect(lib.notes.list()).toHaveLength(0);
    expect(service.call('quotes:list', {})).toMatchObject({ ok: true });
    expect(service.call('search:query', { query: '李在明' })).toMatchObject({ ok: true });
    expect(service.call('export:run', { format: 'csv', scope: { kind: 'all' } })).toMatchObject({ ok: true });
    // An editor (or a library that does not sync) writes.
    role = 'editor';
    expect(service.call('quotes:create', { articleId: article.id, start: 0, end: 3 })).toMatchObject({ ok: true });
    service.syncStatus = undefined;
    expect(service.call('quotes:create', { articleId: article.id, start: 3, end: 5 })).toMatchObject({ ok: true });
  });
});
