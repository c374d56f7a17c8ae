import { afterEach, describe, expect, it } from 'vitest';
import type { ActivityList } from '../../app/core/activity';
import type { Note, Quote, Tag } from '../../app/core/model';
import { setPersonName } from '../../app/sync/setup';
import { device, TestServer, type Device } from './sync-harness';
import { openLibrary, tempDir } from './helpers';

const open: Device[] = [];
const servers: TestServer[] = [];
afterEach(async () => {
  for (const d of open.splice(0)) await d.close();
  for (const s of servers.splice(0)) await s.stop();
});

const TEXT = '北韓外交部發表談話，批評美韓聯合軍演。\n\n韓國統一部表示將持續關注。';

async function converge(devices: Device[]): Promise<void> {
  for (const d of devices) d.online();
  for (let round = 0; round < 3; round++) for (const d of devices) await d.sync();
}

const row = <T>(d: Device, sql: string, ...params: unknown[]): T => d.library.store.db.prepare(sql).get(...params) as T;

async function twoDevices(): Promise<[Device, Device]> {
  const dir = tempDir();
  const server = new TestServer(`${dir}/server`);
  servers.push(server);
  const url = await server.start();
  const a = device(dir, 'a');
  const b = device(dir, 'b');
  open.push(a, b);
  await a.connect(url, server.invite(), 'Ana');
  await b.connect(url, server.invite(), '柏宇');
  return [a, b];
}

describe('authorship of comments, tag links and note edits', () => {
  it('a library that never synced attributes nothing by name and keeps no activity', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', TEXT);
    const q = lib.quotes.create({ articleId: article.id, start: 0, end: 4, comment: '重點', tags: ['主題/外交'] });
    lib.quotes.update(q.id, { comment: '改過' });
    const note = lib.notes.create({ title: '筆記' });
    lib.notes.update(note.id, { title: '筆記二' });
    lib.tags.rename(lib.tags.require('主題'), '議題');
    expect(lib.quotes.get(q.id).commentBy).toBeUndefined();
    expect(lib.activity.list()).toMatchObject({ groups: [], unseen: 0, latest: 0, more: false });
    expect(lib.store.db.prepare("SELECT count(*) AS n FROM quote_tags WHERE author_name <> ''").get()).toEqual({ n: 0 });
    // Naming the person names what they made before.
    setPersonName(lib, 'Ana');
    expect(lib.quotes.get(q.id).commentBy?.name).toBe('Ana');
    expect(lib.store.db.prepare('SELECT author_name AS a FROM quote_tags').get()).toEqual({ a: 'Ana' });
    expect(lib.store.db.prepare('SELECT editor_name AS e FROM notes WHERE id = ?').get(note.id)).toEqual({ e: 'Ana' });
    // Clearing a comment clears who wrote it.
    expect(lib.quotes.update(q.id, { comment: '' }).commentBy).toBeUndefined();
  });

  it('comments, tag links, tag renames and merges, and note edits travel with their person and show as activity on the other device', async () => {
    const [a, b] = await twoDevices();
    const { article } = a.call<{ article: { id: number } }>('articles:import', { name: 'visit.txt', text: TEXT });
    const note = a.call<{ note: Note }>('notes:create', { title: '週報' }).note;
    a.call('tags:list', {});
    const { quote: seed } = a.call<{ quote: Quote }>('quotes:create', { articleId: article.id, start: 0, end: 6, tags: ['地區/亞洲', '舊標籤'] });
    await converge([a, b]);
    // Nothing A made is activity on A; B sees A's quote as new.
    expect(a.call<{ activity: ActivityList }>('activity:list', {}).activity.unseen).toBe(0);
    const onB = b.call<{ activity: ActivityList }>('activity:list', {}).activity;
    expect(onB.groups.map((g) => g.kind)).toEqual(['article', 'notes']);
    expect(onB.groups[0]!.entries[0]).toMatchObject({ kind: 'quote', person: { name: 'Ana' }, text: '北韓外交部發' });
    b.call('activity:seen', { seq: onB.latest });
    expect(b.call<{ activity: ActivityList }>('activity:list', {}).activity).toMatchObject({ groups: [], unseen: 0 });

    // B comments A's quote, tags it, renames and merges tags, edits the note.
    const bQuote = row<{ id: number }>(b, 'SELECT id FROM quotes WHERE uuid = ?', seed.uuid).id;
    b.call('quotes:update', { id: bQuote, comment: '需要查證' });
    b.call('quotes:tag', { id: bQuote, tags: ['可信度/待查'] });
    const tagsB = b.call<{ tags: Tag[] }>('tags:list', {}).tags;
    b.call('tags:rename', { id: tagsB.find((t) => t.path === '地區/亞洲')!.id, name: '東亞' });
    b.call('tags:merge', { id: tagsB.find((t) => t.path === '舊標籤')!.id, into: tagsB.find((t) => t.path === '地區')!.id });
    const bNote = row<{ id: number }>(b, 'SELECT id FROM notes WHERE uuid = ?', note.uuid).id;
    b.call('notes:update', { id: bNote, title: '週報（修訂）' });
    await converge([a, b]);

    const q = a.call<{ quotes: Quote[] }>('quotes:get', { ids: [seed.id] }).quotes[0]!;
    expect(q).toMatchObject({ comment: '需要查證', author: { name: 'Ana' }, commentBy: { name: '柏宇', id: b.library.setting('person_id') } });
    expect(q.tags).toEqual(['可信度/待查', '地區', '地區/東亞']);
    const links = a.library.store.db
      .prepare(
        `SELECT (SELECT group_concat(x.name, '/' ORDER BY tt.depth DESC) FROM tag_tree tt JOIN tags x ON x.id = tt.ancestor_id WHERE tt.tag_id = qt.tag_id) AS tag,
                qt.author_name AS by FROM quote_tags qt WHERE qt.quote_id = ? ORDER BY tag`,
      )
      .all(seed.id);
    // The merged link keeps its maker (Ana), the new one is B's.
    expect(links).toEqual([
      { tag: '可信度/待查', by: '柏宇' },
      { tag: '地區', by: 'Ana' },
      { tag: '地區/東亞', by: 'Ana' },
    ]);
    expect(row(a, 'SELECT editor_name AS e FROM notes WHERE uuid = ?', note.uuid)).toEqual({ e: '柏宇' });

    const list = a.call<{ activity: ActivityList }>('activity:list', {}).activity;
    const entries = list.groups.flatMap((g) => g.entries.map((e) => ({ group: g.kind, kind: e.kind, by: e.person.name, text: e.text, detail: e.detail })));
    expect(entries).toEqual(
      expect.arrayContaining([
        { group: 'article', kind: 'comment', by: '柏宇', text: '北韓外交部發', detail: '需要查證' },
        { group: 'tags', kind: 'rename', by: '柏宇', text: '地區/東亞', detail: '亞洲' },
        { group: 'tags', kind: 'merge', by: '柏宇', text: '地區', detail: '舊標籤' },
        { group: 'notes', kind: 'note', by: '柏宇', text: '週報（修訂）', detail: undefined },
      ]),
    );
    expect(entries).toHaveLength(4);
    expect(list.groups[0]).toMatchObject({ kind: 'article', articleId: article.id, title: '北韓外交部發表談話，批評美韓聯合軍演。' });
    // B's own changes are not activity on B.
    expect(b.call<{ activity: ActivityList }>('activity:list', {}).activity.unseen).toBe(0);

    // The mark persists, moves only forward, and `all` still shows the log.
    expect(a.call<{ mark: number }>('activity:seen', { seq: list.latest }).mark).toBe(list.latest);
    expect(a.call<{ mark: number }>('activity:seen', { seq: 1 }).mark).toBe(list.latest);
    expect(a.library.activity.list().groups).toEqual([]);
    expect(a.library.activity.list({ all: true }).groups.length).toBeGreaterThan(0);
  });

  it('lists at most the limit, newest first, and says more follow', () => {
    const lib = openLibrary();
    const { article } = lib.articles.importText('a.txt', TEXT);
    const insert = lib.store.db.prepare(
      "INSERT INTO quotes (uuid, article_id, exact, start, \"end\", created_at, updated_at, author_id, author_name) VALUES (?, ?, '北韓', 0, 2, 'x', 'x', 'p2', '柏宇')",
    );
    for (let i = 0; i < 30; i++) insert.run(`u${i}`, article.id);
    const list = lib.activity.list({ limit: 10 });
    expect(list.groups[0]!.entries).toHaveLength(10);
    expect(list).toMatchObject({ unseen: 30, more: true });
    const seqs = list.groups[0]!.entries.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((x, y) => y - x));
    expect(() => lib.activity.markSeen(-1)).toThrow(/whole number/);
    const plan = lib.store.db.prepare('EXPLAIN QUERY PLAN SELECT * FROM activity WHERE seq > ? ORDER BY seq DESC LIMIT ?').all(0, 10) as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING INTEGER PRIMARY KEY/);
  });
});
