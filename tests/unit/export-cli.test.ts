import { closeSync, openSync, readFileSync, existsSync, ftruncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { TEXT_A, TEXT_B } from './exchange-fixture';
import { cli, fileHash, tempDir } from './helpers';

function setup() {
  const dir = tempDir();
  const db = join(dir, 'x.db');
  writeFileSync(join(dir, 'a.zh-Hant.txt'), TEXT_A);
  writeFileSync(join(dir, 'b.txt'), TEXT_B);
  cli(db, 'import', join(dir, 'a.zh-Hant.txt'), join(dir, 'b.txt'));
  cli(db, 'quote', '1', '--exact', '𠮷野家', '--tag', 'region/Korea', '--comment', '再次');
  cli(db, 'quote', '2', '--exact', 'AI', '--nth', '2', '--tag', 'tech');
  return { dir, db };
}

describe('apostil export', () => {
  it('writes every format to stdout, or to a file with --out, for the chosen scope', () => {
    const { dir, db } = setup();
    for (const format of ['md', 'html', 'csv', 'json', 'w3c', 'csl', 'bibtex', 'ris', 'qdc']) {
      const r = cli(db, 'export', '--format', format);
      expect(r.stderr, format).toBe('');
      expect(r.status, format).toBe(0);
      expect(r.stdout.length, format).toBeGreaterThan(50);
    }
    const w3c = JSON.parse(cli(db, 'export', '--format', 'w3c', '--tag', 'region').stdout);
    expect(w3c.first.items.map((i: { target: { selector: { exact: string }[] } }) => i.target.selector[0]!.exact)).toEqual(['𠮷野家']);
    const out = join(dir, 'quotes.csv');
    const r = cli(db, 'export', '--format', 'csv', '--article', '2', '--bom', '--out', out, '--json');
    expect(r.status).toBe(0);
    expect(r.json()).toMatchObject({ out, mime: 'text/csv; charset=utf-8' });
    const text = readFileSync(out, 'utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    expect((parseCsv(text, { columns: true, bom: true }) as { quote: string; start: string }[]).map((q) => [q.quote, q.start])).toEqual([
      ['AI', String(TEXT_B.lastIndexOf('AI'))],
    ]);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('refuses bad export requests with a usage message and writes no file', () => {
    const { dir, db } = setup();
    const before = fileHash(db);
    const out = join(dir, 'never.md');
    const cases: [string[], number, RegExp][] = [
      [['export'], 2, /needs --format/],
      [['export', '--format', 'pdf'], 2, /one of md, html/],
      [['export', '--format', 'md', '--article', '1', '--tag', 'x'], 2, /one of --article, --tag/],
      [['export', '--format', 'md', 'extra'], 2, /no positional/],
      [['export', '--format', 'md', '--article', '9', '--out', out], 1, /No article with id 9/],
      [['export', '--format', 'md', '--tag', 'nope', '--out', out], 1, /No tag named "nope"/],
      [['export', '--format', 'md', '--out', join(dir, 'missing', 'x.md')], 1, /Cannot write/],
    ];
    for (const [args, status, message] of cases) {
      const r = cli(db, ...args);
      expect(r.status, args.join(' ')).toBe(status);
      expect(r.stderr, args.join(' ')).toMatch(message);
    }
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
    expect(fileHash(db)).toBe(before);
  });
});

describe('apostil import by content', () => {
  it('imports articles, a backup, annotations and references in one run and reports what each brought', () => {
    const { dir, db } = setup();
    const backup = join(dir, 'backup.json');
    const w3c = join(dir, 'notes.txt');
    writeFileSync(backup, cli(db, 'export', '--format', 'json').stdout);
    writeFileSync(w3c, cli(db, 'export', '--format', 'w3c').stdout);
    const bib = join(dir, 'refs.bib');
    writeFileSync(bib, '@article{wang2025, author = {王 小明}, title = {韓美關稅協議}, journal = {範例通訊社}, year = {2025}}');
    const fresh = join(dir, 'fresh.db');
    const r = cli(fresh, 'import', join(dir, 'a.zh-Hant.txt'), w3c, bib, '--json');
    expect(r.stderr).toBe('');
    const out = r.json() as { articles: unknown[]; quotes: { created: number; unmatched: unknown[] }; sources: unknown };
    expect(out.articles).toEqual([{ id: 1, uuid: expect.any(String), title: '韓美關稅協議', date: '2025-11-03', chars: [...TEXT_A.slice(16)].length }]);
    expect(out.quotes.created).toBe(1);
    expect(out.quotes.unmatched).toEqual([expect.objectContaining({ file: 'notes.txt', exact: 'AI', reason: 'its text was not found in any article' })]);
    expect(out.sources).toEqual({ created: 1, existing: 0, linked: 1 });
    const restored = join(dir, 'restored.db');
    const rr = cli(restored, 'import', backup, '--json').json() as { articles: unknown[]; quotes: unknown };
    expect(rr.articles).toHaveLength(2);
    expect(rr.quotes).toMatchObject({ created: 2, existing: 0 });
    expect(cli(restored, 'export', '--format', 'json').stdout).toBe(readFileSync(backup, 'utf8'));
    expect(Object.keys(cli(join(dir, 'plain.db'), 'import', join(dir, 'b.txt'), '--json').json() as object)).toEqual(['articles']);
  });

  it('refuses a 200 MB file and a truncated backup by name, importing nothing from the batch', () => {
    const { dir, db } = setup();
    const before = fileHash(db);
    const huge = join(dir, 'huge.json');
    const fd = openSync(huge, 'w');
    ftruncateSync(fd, 200 * 1024 * 1024);
    closeSync(fd);
    const cut = join(dir, 'cut.json');
    writeFileSync(cut, cli(db, 'export', '--format', 'json').stdout.slice(0, 300));
    const extra = join(dir, 'c.txt');
    writeFileSync(extra, '新的文章');
    for (const [file, message] of [
      [huge, /huge\.json is 209715200 bytes/],
      [cut, /cut\.json looks like JSON but cannot be read/],
    ] as const) {
      const r = cli(db, 'import', extra, file);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
    }
    expect(fileHash(db)).toBe(before);
  });
});
