import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, SAMPLE, tempDir } from './helpers';

describe('apostil cite and export with citations', () => {
  it('cites a quote in a style and locale, writes Word and pandoc Markdown with its bibliography beside it', () => {
    const dir = tempDir();
    const db = join(dir, 'a.db');
    expect(cli(db, 'import', SAMPLE).status).toBe(0);
    expect(cli(db, 'quote', '1', '--exact', '李在明', '--nth', '2').status).toBe(0);
    const cited = cli(db, 'cite', '1', '--style', 'china-national-standard-gb-t-7714-2015-numeric', '--locale', 'zh-TW', '--json');
    expect(cited.status).toBe(0);
    const json = cited.json() as { text: string; html: string; citation: string; bibliography: string };
    expect(Object.keys(json).sort()).toEqual(['bibliography', 'citation', 'html', 'text']);
    expect(json.text.startsWith('「李在明」[1]\n\n[1] ')).toBe(true);
    expect(json.html).toContain('<sup>[1]</sup>');
    const docx = join(dir, 'n.docx');
    expect(cli(db, 'export', '--format', 'docx', '--article', '1', '--style', 'apa', '--out', docx).status).toBe(0);
    expect(readFileSync(docx).subarray(0, 2).toString()).toBe('PK');
    const md = join(dir, 'n.md');
    const out = cli(db, 'export', '--format', 'md', '--article', '1', '--citations', 'pandoc', '--style', 'ieee', '--out', md);
    expect(out.status, out.stderr).toBe(0);
    expect(readFileSync(md, 'utf8')).toMatch(/^---\ntitle: .*\nbibliography: "n\.json"\ncsl: "n\.csl"\n---/);
    expect(JSON.parse(readFileSync(join(dir, 'n.json'), 'utf8'))).toHaveLength(1);
    // A shipped style (JSON in dist/csl) is written back as a CSL XML document pandoc reads.
    expect(readFileSync(join(dir, 'n.csl'), 'utf8')).toMatch(
      /^<\?xml [^>]*>\n<style xmlns="http:\/\/purl\.org\/net\/xbiblio\/csl" [^>]*><info><title>IEEE<\/title>/,
    );
    const wrong = cli(db, 'export', '--format', 'html', '--citations', 'pandoc');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toBe('apostil: --citations pandoc goes with --format md.\n');
    expect(cli(db, 'cite', '1', '--style', 'nope').stderr).toMatch(/^apostil: There is no citation style “nope”\. Styles: apa, /);
  });
});
