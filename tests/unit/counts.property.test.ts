import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Channel, Envelope, Request, Response } from '../../app/api/channels';
import { Service } from '../../app/api/service';
import type { Library } from '../../app/core/library';
import { openLibrary } from './helpers';

/** The service with its answers typed by channel. */
function typed(svc: Service) {
  return { call: <C extends Channel>(channel: C, req: Request<C>) => svc.call(channel, req) as Envelope<Response<C>> };
}

/** Every maintained count, recounted the slow way from the rows themselves. */
function recount(lib: Library) {
  const db = lib.store.db;
  const tags = db.prepare<[], { id: number; parent_id: number | null }>('SELECT id, parent_id FROM tags').all();
  const parent = new Map(tags.map((t) => [t.id, t.parent_id]));
  const links = db
    .prepare<[], { quote_id: number; tag_id: number }>(
      'SELECT qt.quote_id, qt.tag_id FROM quote_tags qt JOIN quotes q ON q.id = qt.quote_id WHERE q.deleted_at IS NULL',
    )
    .all();
  const own = new Map<number, number>();
  const under = new Map<number, Set<number>>();
  for (const { quote_id, tag_id } of links) {
    own.set(tag_id, (own.get(tag_id) ?? 0) + 1);
    for (let t: number | null | undefined = tag_id; t !== null && t !== undefined; t = parent.get(t)) {
      if (!under.has(t)) under.set(t, new Set());
      under.get(t)!.add(quote_id);
    }
  }
  const one = (sql: string) => db.prepare<[], { n: number }>(sql).get()!.n;
  return {
    tags: Object.fromEntries(tags.map((t) => [t.id, [own.get(t.id) ?? 0, under.get(t.id)?.size ?? 0]])),
    articles: Object.fromEntries(
      db
        .prepare<[], { id: number; n: number }>(
          'SELECT a.id, (SELECT count(*) FROM quotes q WHERE q.article_id = a.id AND q.deleted_at IS NULL) AS n FROM articles a',
        )
        .all()
        .map((a) => [a.id, a.n]),
    ),
    counts: {
      quotes: {
        live: one('SELECT count(*) AS n FROM quotes WHERE deleted_at IS NULL'),
        trash: one('SELECT count(*) AS n FROM quotes WHERE deleted_at IS NOT NULL'),
      },
      notes: {
        live: one('SELECT count(*) AS n FROM notes WHERE deleted_at IS NULL'),
        trash: one('SELECT count(*) AS n FROM notes WHERE deleted_at IS NOT NULL'),
      },
      articles: {
        live: one('SELECT count(*) AS n FROM articles WHERE deleted_at IS NULL'),
        trash: one('SELECT count(*) AS n FROM articles WHERE deleted_at IS NOT NULL'),
      },
      tags: tags.length,
      activity: one("SELECT count(*) AS n FROM activity WHERE seq > coalesce((SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'activity_seen'), 0)"),
    },
  };
}

/** The same counts as the library keeps them. */
function kept(lib: Library) {
  return {
    tags: Object.fromEntries(lib.tags.list().map((t) => [t.id, [t.count, t.total]])),
    articles: Object.fromEntries(lib.articles.list().map((a) => [a.id, a.quoteCount])),
    counts: lib.counts(),
  };
}

const PATHS = ['a', 'a/b', 'a/b/c', 'a/d', 'e', 'e/a', '區域/韓國', '區域'];

/** One step a user (or an import, or sync) may take. */
const opArb = fc.oneof(
  fc.record({ op: fc.constant('create' as const), article: fc.nat(1), tags: fc.subarray(PATHS, { maxLength: 3 }) }),
  fc.record({ op: fc.constant('tag' as const), quote: fc.nat(20), tags: fc.subarray(PATHS, { minLength: 1, maxLength: 2 }) }),
  fc.record({ op: fc.constant('untag' as const), quote: fc.nat(20), tag: fc.constantFrom(...PATHS) }),
  fc.record({ op: fc.constantFrom('trash' as const, 'restore' as const), quote: fc.nat(20) }),
  fc.record({ op: fc.constant('rename' as const), tag: fc.constantFrom(...PATHS), name: fc.constantFrom('x', 'y', '韓') }),
  fc.record({ op: fc.constant('move' as const), tag: fc.constantFrom(...PATHS), to: fc.option(fc.constantFrom(...PATHS)) }),
  fc.record({ op: fc.constant('merge' as const), tag: fc.constantFrom(...PATHS), into: fc.constantFrom(...PATHS) }),
  fc.record({ op: fc.constant('deleteTag' as const), tag: fc.constantFrom(...PATHS) }),
  fc.record({ op: fc.constant('purge' as const), quote: fc.nat(20) }),
  fc.record({ op: fc.constant('note' as const), trash: fc.boolean() }),
);

describe('maintained counts', () => {
  it('always equal a recount, whatever sequence of writes ran', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 40 }), (ops) => {
        const lib = openLibrary();
        const svc = typed(new Service(lib, () => undefined));
        const articles = [
          lib.articles.importText('a.txt', '第一篇文章。北京有意強化與首爾關係。'.repeat(4)).article.id,
          lib.articles.importText('b.txt', 'Second article about THAAD and K-pop.'.repeat(4)).article.id,
        ];
        const quoteIds: number[] = [];
        const tagId = (path: string) => lib.tags.find(path);
        for (const step of ops) {
          const q = 'quote' in step ? quoteIds[step.quote % Math.max(quoteIds.length, 1)] : undefined;
          // Failures (a missing tag, a quote in the trash, a cycle) are part of the game: they must change nothing.
          switch (step.op) {
            case 'create': {
              const r = svc.call('quotes:create', { articleId: articles[step.article]!, start: quoteIds.length % 10, end: 12, tags: step.tags });
              if (r.ok) quoteIds.push(r.value.quote.id);
              break;
            }
            case 'tag':
              if (q) svc.call('quotes:tag', { id: q, tags: step.tags });
              break;
            case 'untag':
              if (q) svc.call('quotes:untag', { id: q, tags: [step.tag] });
              break;
            case 'trash':
              if (q) svc.call('quotes:delete', { id: q });
              break;
            case 'restore':
              if (q) svc.call('quotes:restore', { id: q });
              break;
            case 'purge':
              if (q) lib.store.db.prepare('DELETE FROM quotes WHERE id = ?').run(q);
              break;
            case 'rename': {
              const id = tagId(step.tag);
              if (id) svc.call('tags:rename', { id, name: step.name });
              break;
            }
            case 'move': {
              const id = tagId(step.tag);
              const to = step.to === null ? null : tagId(step.to);
              if (id && to !== undefined) svc.call('tags:move', { id, parentId: to });
              break;
            }
            case 'merge': {
              const [id, into] = [tagId(step.tag), tagId(step.into)];
              if (id && into) svc.call('tags:merge', { id, into });
              break;
            }
            case 'deleteTag': {
              const id = tagId(step.tag);
              if (id) svc.call('tags:delete', { id });
              break;
            }
            case 'note': {
              const r = svc.call('notes:create', {});
              if (r.ok && step.trash) svc.call('notes:delete', { id: r.value.note.id });
              break;
            }
          }
        }
        expect(kept(lib)).toEqual(recount(lib));
        lib.close();
      }),
      { numRuns: 60 },
    );
  });

  it('are back-filled by the migration for a library written before them', () => {
    const lib = openLibrary();
    const a = lib.articles.importText('a.txt', '北京有意強化與首爾關係。'.repeat(5)).article.id;
    lib.quotes.create({ articleId: a, start: 0, end: 4, tags: ['區域/韓國', 'x'] });
    const trashed = lib.quotes.create({ articleId: a, start: 5, end: 9, tags: ['區域'] });
    lib.quotes.delete(trashed.id);
    // Wipe the counters, then run the back-fill part of the migration again.
    lib.store.db.exec('UPDATE tags SET quote_count = 0, total_count = 0; UPDATE articles SET quote_count = 0; DELETE FROM counters;');
    const migration = readFileSync('migrations/0005_counts.sql', 'utf8');
    const backfill = migration.slice(migration.indexOf('UPDATE tags SET'), migration.indexOf('-- The tag hierarchy'));
    lib.store.db.exec(backfill);
    expect(kept(lib)).toEqual(recount(lib));
  });
});

describe('paged quote lists and the change log', () => {
  it('pages a filtered list and answers its total from the counters', () => {
    const lib = openLibrary();
    const svc = typed(new Service(lib, () => undefined));
    const a = lib.articles.importText('a.txt', '北京有意強化與首爾關係。'.repeat(30)).article.id;
    const made = Array.from({ length: 25 }, (_, i) => lib.quotes.create({ articleId: a, start: i * 12, end: i * 12 + 4, tags: i % 2 ? ['區域/韓國'] : [] }));
    lib.quotes.delete(made[3]!.id);
    const page = svc.call('quotes:list', { articleId: a, limit: 10, offset: 20 });
    expect(page).toMatchObject({ ok: true, value: { total: 24 } });
    expect(page.ok && page.value.quotes.map((q) => q.start)).toEqual([21, 22, 23, 24].map((i) => i * 12));
    expect(svc.call('quotes:list', { tag: '區域', limit: 1 })).toMatchObject({ ok: true, value: { total: 11, quotes: [{ tags: ['區域/韓國'] }] } });
    expect(svc.call('quotes:list', { state: 'trash', limit: 5 })).toMatchObject({ ok: true, value: { total: 1, quotes: [{ id: made[3]!.id }] } });
    expect(svc.call('quotes:list', { limit: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('quotes:list', { limit: 1001 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
    expect(svc.call('quotes:get', { ids: [made[5]!.id, 999_999, made[1]!.id] })).toMatchObject({
      ok: true,
      value: { quotes: [{ id: made[5]!.id, tags: ['區域/韓國'] }, { id: made[1]!.id }] },
    });
    expect(svc.call('library:counts', {})).toMatchObject({ ok: true, value: { counts: { quotes: { live: 24, trash: 1 }, articles: { live: 1 }, tags: 2 } } });
  });

  it('tells a reader which rows changed after its cursor, once per row, and when it fell behind', () => {
    const lib = openLibrary();
    const svc = typed(new Service(lib, () => undefined));
    const start = svc.call('changes:since', {});
    expect(start).toMatchObject({ ok: true, value: { changes: [], more: false, reset: false } });
    const cursor = start.ok ? start.value.cursor : -1;
    const a = lib.articles.importText('a.txt', '北京有意強化與首爾關係。'.repeat(5)).article.id;
    const q = lib.quotes.create({ articleId: a, start: 0, end: 4, tags: ['x'] });
    lib.quotes.update(q.id, { comment: '評論' });
    const batch = lib.changes.since(cursor);
    expect(batch.changes.map((c) => `${c.kind}:${c.op}`).sort()).toEqual(['article:put', 'quote:put', 'tag:put']);
    expect(batch.more).toBe(false);
    expect(lib.changes.since(batch.cursor).changes).toEqual([]);
    lib.store.db.exec('DELETE FROM changes');
    lib.quotes.update(q.id, { comment: '新' });
    expect(lib.changes.since(cursor)).toMatchObject({ changes: [], reset: true });
    expect(svc.call('changes:since', { after: -1 })).toMatchObject({ ok: false, error: { code: 'invalid_request' } });
  });
});
