import { describe, expect, it } from 'vitest';
import type { CslItem } from '../../app/core/cslItem';
import { exportAll, FIELDS, NEWS, OTHERS, PANDOC, READERS, survives, type Field, type RefFormat } from './reference-roundtrip';

const ITEMS: CslItem[] = [NEWS, ...OTHERS];

/**
 * What each reader is known to lose, by reader, format and CSL type; everything else
 * must come back the same. These are the readers' own limits (the README's table):
 * citation-js reads `entrysubtype = {newspaper}` as a journal article, a braced
 * organisation `{Reuters}` and a RIS `AU  - Reuters` as a family name, RIS newspaper
 * authors as reporters, a newspaper's date from PY (the year) only and no T2 of a web
 * page; its classic BibTeX reader knows no `urldate` or `langid`.
 */
const KNOWN_LOSSES: Record<string, Partial<Record<CslItem['type'], Field[]>>> = {
  'citation-js bibtex': { 'article-newspaper': ['type', 'author'], webpage: ['author'] },
  'citation-js ris': { 'article-newspaper': ['author', 'issued'], webpage: ['author', 'container-title'] },
  'citation-js (classic BibTeX) bibtex': {
    'article-newspaper': ['type', 'author', 'accessed', 'language'],
    'article-journal': ['language'],
    webpage: ['type', 'author', 'container-title', 'accessed', 'language'],
    book: ['language'],
  },
};

/** The fields of `item` that do not read back the same from `back`. */
function lost(item: CslItem, back: Record<string, unknown> | undefined, key: string): Field[] {
  return FIELDS.filter((f) => (f === 'id' || item[f] !== undefined) && !survives(f, item, back, key));
}

describe('reference exports read back by the tools they feed', () => {
  const { texts, keys } = exportAll(ITEMS);

  it('gives every source a readable key, used as the BibTeX key, the RIS ID and the CSL-JSON id', () => {
    expect(keys).toEqual(['wang2026xijin', 'li2024word', 'reuters2026tariff', 'kim2023hanguk']);
    expect(JSON.parse(texts.csl).map((i: CslItem) => i.id)).toEqual(keys);
    expect([...texts.bibtex.matchAll(/^@\w+\{([^,]+),$/gm)].map((m) => m[1])).toEqual(keys);
    expect([...texts.ris.matchAll(/^ID {2}- (.*)$/gm)].map((m) => m[1])).toEqual(keys);
  });

  it('writes BibTeX with the full date for biblatex and year/month for classic styles, and the URL only as url', () => {
    const news = texts.bibtex.slice(0, texts.bibtex.indexOf('\n}\n') + 3);
    for (const line of [
      'year = {2026}',
      'month = feb',
      'day = {3}',
      'date = {2026-02-03}',
      'urldate = {2026-02-04}',
      'langid = {zh-TW}',
      'entrysubtype = {newspaper}',
    ]) {
      expect(news).toContain(`  ${line},\n`);
    }
    expect(news).toContain(`  url = {${NEWS.URL}},\n`);
    expect(texts.bibtex).not.toMatch(/howpublished|\[Online; accessed/);
    expect(news).toContain('\\& 100\\% \\#1},');
    expect(texts.bibtex).toMatch(/^@online\{reuters2026tariff,$/m);
  });

  it('writes every RIS line as TAG  - value, never wrapping a long title', () => {
    expect(NEWS.title!.length).toBeGreaterThan(70);
    for (const line of texts.ris.split('\n')) expect(line, line).toMatch(/^(?:[A-Z][A-Z0-9] {2}- .*)?$/);
    expect(texts.ris).toContain(`TI  - ${NEWS.title}\n`);
  });

  for (const reader of READERS) {
    for (const format of reader.formats) {
      const name = `${reader.name} ${format}`;
      const needsPandoc = reader.name.startsWith('pandoc');
      it.skipIf(needsPandoc && !PANDOC)(
        `${name}: reads back every field${needsPandoc && !PANDOC ? ' (skipped: Debian’s pandoc is not installed)' : ''}`,
        () => {
          const back = reader.read(format as RefFormat, texts[format as RefFormat]);
          expect(back).toHaveLength(ITEMS.length);
          const found = Object.fromEntries(ITEMS.map((item, i) => [item.type, lost(item, back[i], keys[i]!)]));
          const expected = Object.fromEntries(ITEMS.map((item) => [item.type, KNOWN_LOSSES[name]?.[item.type] ?? []]));
          expect(found).toEqual(expected);
        },
      );
    }
  }
});
