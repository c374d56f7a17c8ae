import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, fileHash, tempDir } from './helpers';

const V1 =
  'date 2026-01-02\n韓中峰會\n\n李在明將於4日訪問北京。分析人士說，這是兩個月內第二次會面。\n\n在日本首相高市早苗發表談話後，中日關係緊張。\n\n北京對日本祭出觀光、經濟等一連串報復手段。';
const V2 =
  'date 2026-01-03\n韓中峰會（更新）\n\n【更新】加入最新消息。\n\n李在明將於4日訪問北京。分析人士說，這是兩個月內第二次會面。\n\n日相發表談話後，中日關係緊張。\n\n北京對日本祭出觀光、經濟等一系列報復手段。';

function setup() {
  const dir = tempDir();
  const db = join(dir, 'lib.db');
  writeFileSync(join(dir, 'v1.txt'), V1);
  writeFileSync(join(dir, 'v2.txt'), V2);
  cli(db, 'import', join(dir, 'v1.txt'));
  for (const exact of ['分析人士說，這是兩個月內第二次會面', '在日本首相高市早苗發表談話', '北京對日本祭出觀光、經濟等一連串報復手段']) {
    expect(cli(db, 'quote', '1', '--exact', exact).status).toBe(0);
  }
  return { dir, db };
}

describe('apostil revisions', () => {
  it('imports a new revision, re-anchors quotes and reports their status', () => {
    const { dir, db } = setup();
    const r = cli(db, 'import', '--revision-of', '1', join(dir, 'v2.txt'), '--json');
    expect(r.stderr).toBe('');
    expect(r.json()).toMatchObject({ revision: 2, created: true, counts: { exact: 0, moved: 1, fuzzy: 1, orphaned: 1 } });
    const { revisions } = cli(db, 'revisions', '1', '--json').json() as { revisions: { revision: number; current: boolean; date: string }[] };
    expect(revisions.map((x) => [x.revision, x.current, x.date])).toEqual([
      [1, false, '2026-01-02'],
      [2, true, '2026-01-03'],
    ]);
    const { quotes } = cli(db, 'quotes', '--json').json() as {
      quotes: { id: number; status: string; exact: string; start: number | null; end: number | null }[];
    };
    const byId = new Map(quotes.map((q) => [q.id, q]));
    const body = V2.slice(V2.indexOf('\n') + 1);
    expect(byId.get(1)).toMatchObject({ status: 'moved', exact: '分析人士說，這是兩個月內第二次會面', start: body.indexOf('分析人士說') });
    expect(byId.get(2)).toMatchObject({ status: 'orphaned', exact: '在日本首相高市早苗發表談話', start: null, end: null });
    expect(byId.get(3)).toMatchObject({ status: 'fuzzy', exact: '北京對日本祭出觀光、經濟等一系列報復手段' });
    expect(cli(db, 'import', '--revision-of', '1', join(dir, 'v2.txt'), '--json').json()).toMatchObject({ created: false, revision: 2 });
  });

  it('refuses bad revision requests without changing anything', () => {
    const { dir, db } = setup();
    const before = fileHash(db);
    for (const args of [
      ['import', '--revision-of', '9', join(dir, 'v2.txt')],
      ['import', '--revision-of', 'x', join(dir, 'v2.txt')],
      ['import', '--revision-of', '1', join(dir, 'v2.txt'), join(dir, 'v1.txt')],
      ['import', '--revision-of', '1', join(dir, 'missing.txt')],
      ['revisions', '7'],
      ['revisions'],
    ]) {
      const r = cli(db, ...args);
      expect(r.status, args.join(' ')).not.toBe(0);
      expect(r.stderr).toMatch(/^apostil: /);
    }
    expect(fileHash(db)).toBe(before);
  });
});

describe('apostil backup, restore and check', () => {
  it('backs up, checks, and restores a backup while keeping the replaced file', () => {
    const { dir, db } = setup();
    const backup = join(dir, 'saved.db');
    expect(cli(db, 'backup', backup, '--json').json()).toEqual({ backup });
    expect(cli(db, 'check', '--json').json()).toEqual({ ok: true, integrity: ['ok'], foreignKeys: [] });
    cli(db, 'delete', '1');
    cli(db, 'quote', '1', '--exact', '李在明');
    const restored = cli(db, 'restore', backup, '--json');
    expect(restored.status).toBe(0);
    expect(restored.json()).toMatchObject({ restored: db, articles: 1, quotes: 3, previous: expect.stringContaining('before-restore') });
    const { quotes } = cli(db, 'quotes', '--json').json() as { quotes: { id: number }[] };
    expect(quotes.map((q) => q.id)).toEqual([1, 2, 3]);
    expect(cli(db, 'restore', '1').status).toBe(1);
  });

  it('refuses to restore a file that is not an Apostil database', () => {
    const { dir, db } = setup();
    const before = fileHash(db);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'not a database');
    const r = cli(db, 'restore', junk);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not an Apostil database/);
    expect(fileHash(db)).toBe(before);
  });

  it('explains a damaged library and how to get it back', () => {
    const { dir, db } = setup();
    const backup = join(dir, 'saved.db');
    cli(db, 'backup', backup);
    writeFileSync(db, 'overwritten by accident');
    const r = cli(db, 'articles');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/not an Apostil database .* has not been changed/);
    expect(cli(db, 'restore', backup).status).toBe(0);
    expect(cli(db, 'check').stdout).toMatch(/integrity ok/);
  });
});
