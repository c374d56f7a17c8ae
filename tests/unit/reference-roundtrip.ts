import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { plugins } from '@citation-js/core';
import '@citation-js/plugin-bibtex';
import '@citation-js/plugin-ris';
import type { CslItem } from '../../app/core/cslItem';
import { exportToString } from '../../app/core/export';
import { importFile } from '../../app/core/import';
import type { Library } from '../../app/core/library';
import { openLibrary, tempDir } from './helpers';

/** The reference formats Apostil writes. */
export type RefFormat = 'csl' | 'bibtex' | 'ris';

/** A program that reads a reference file back into CSL items. */
export interface Reader {
  name: string;
  formats: RefFormat[];
  /** Reads `text` (written in `format`) into CSL items, or throws. */
  read(format: RefFormat, text: string): Record<string, unknown>[];
}

/** Whether Debian's `pandoc` runs here (the pandoc readers are skipped when it does not). */
export const PANDOC = spawnSync('pandoc', ['--version'], { encoding: 'utf8' }).status === 0;

/** The fields the round trips compare: every one the source form and the importers handle. */
export const FIELDS = [
  'id',
  'type',
  'title',
  'author',
  'container-title',
  'issued',
  'accessed',
  'publisher',
  'publisher-place',
  'URL',
  'DOI',
  'language',
  'page',
] as const;

/** A field of the comparison. */
export type Field = (typeof FIELDS)[number];

/** The source from the issue: a newspaper article with a CJK and a Latin author, an organisation, both dates and every other field. */
export const NEWS: CslItem = {
  id: 'news',
  type: 'article-newspaper',
  title: '習近平接待李在明：雙方就半導體供應鏈、關稅協議與朝鮮半島和平進程交換意見，並簽署涵蓋能源、文化交流、觀光與青年就業等領域的多項合作備忘錄 & 100% #1',
  author: [{ family: '王', given: '曉明' }, { family: 'Whitfield', given: 'Jane' }, { literal: '中央通訊社編輯部' }],
  'container-title': '中央通訊社',
  issued: { 'date-parts': [[2026, 2, 3]] },
  accessed: { 'date-parts': [[2026, 2, 4]] },
  publisher: '中央通訊社',
  'publisher-place': '臺北',
  URL: 'https://www.cna.com.tw/news/aipl/202602030001.aspx?from=rss&utm=1',
  DOI: '10.5555/cna.2026.0203',
  language: 'zh-TW',
  page: '12-14',
};

/** Other kinds of source, each with the fields its kind usually has. */
export const OTHERS: CslItem[] = [
  {
    id: 'journal',
    type: 'article-journal',
    title: 'Word segmentation for Chinese search',
    author: [
      { family: '李', given: '華' },
      { family: 'Whitfield', given: 'Jane' },
    ],
    'container-title': 'Journal of East Asian Linguistics',
    issued: { 'date-parts': [[2024, 6, 15]] },
    DOI: '10.5555/jeal.2024.3',
    page: '45-67',
    language: 'en',
  },
  {
    id: 'web',
    type: 'webpage',
    title: 'Tariff talks: what changed',
    author: [{ literal: 'Reuters' }],
    'container-title': 'Reuters',
    issued: { 'date-parts': [[2026, 1, 2]] },
    accessed: { 'date-parts': [[2026, 1, 5]] },
    URL: 'https://www.reuters.com/world/asia/tariffs',
    language: 'en',
  },
  {
    id: 'book',
    type: 'book',
    title: '한국어 형태소 분석',
    author: [{ family: '김', given: '민수' }],
    publisher: '한빛미디어',
    'publisher-place': '서울',
    issued: { 'date-parts': [[2023]] },
    language: 'ko',
  },
];

/** The sources stored in a fresh library, each for its own article, and the exported text in every format. */
export function exportAll(items: CslItem[]): { lib: Library; texts: Record<RefFormat, string>; keys: string[] } {
  const lib = openLibrary();
  const keys = items.map((item, i) => lib.sources.set(lib.articles.importText(`a${i}.txt`, `文章 ${i}`).article.id, { ...item, id: undefined }).citationKey);
  const run = (format: RefFormat) => exportToString(lib, { format, scope: { kind: 'all' } }, { generator: 'test' }).content;
  return { lib, texts: { csl: run('csl'), bibtex: run('bibtex'), ris: run('ris') }, keys };
}

const EXTENSIONS: Record<RefFormat, string> = { csl: 'json', bibtex: 'bib', ris: 'ris' };

/** Runs pandoc from `from` to CSL-JSON on `text`. */
function pandoc(from: string, text: string, format: RefFormat): Record<string, unknown>[] {
  const file = join(tempDir(), `refs.${EXTENSIONS[format]}`);
  writeFileSync(file, text);
  const r = spawnSync('pandoc', ['-f', from, '-t', 'csljson', file], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pandoc -f ${from}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>[];
}

const CITATION_JS_INPUT: Record<RefFormat, string> = { csl: '@csl/list+object', bibtex: '@biblatex/text', ris: '@ris/file' };

/** Every reader the round trips use: Apostil's own import, citation-js, and pandoc when it is installed. */
export const READERS: Reader[] = [
  {
    name: 'Apostil import',
    formats: ['csl', 'bibtex', 'ris'],
    read(format, text) {
      const lib = openLibrary();
      importFile(lib, { name: `refs.${EXTENSIONS[format]}`, text });
      return lib.sources.list().map((s) => s.csl);
    },
  },
  {
    name: 'citation-js',
    formats: ['csl', 'bibtex', 'ris'],
    read(format, text) {
      const input = format === 'csl' ? JSON.parse(text) : text;
      return plugins.input.chain(input, { forceType: CITATION_JS_INPUT[format], generateGraph: false, target: '@csl/list+object' });
    },
  },
  {
    name: 'citation-js (classic BibTeX)',
    formats: ['bibtex'],
    read: (_format, text) => plugins.input.chain(text, { forceType: '@bibtex/text', generateGraph: false, target: '@csl/list+object' }),
  },
  { name: 'pandoc -f biblatex', formats: ['bibtex'], read: (format, text) => pandoc('biblatex', text, format) },
  { name: 'pandoc -f bibtex', formats: ['bibtex'], read: (format, text) => pandoc('bibtex', text, format) },
  { name: 'pandoc -f csljson', formats: ['csl'], read: (format, text) => pandoc('csljson', text, format) },
];

/** A value reduced to what every reader can be asked to keep: trimmed text, numbers as numbers, names as their parts. */
function normal(field: Field, value: unknown): unknown {
  if (value === undefined || value === null || value === '') return undefined;
  if (field === 'issued' || field === 'accessed') {
    const parts = (value as { 'date-parts'?: unknown[][] })['date-parts']?.[0];
    return parts?.map(Number);
  }
  if (field === 'author') {
    return (value as Record<string, string>[]).map((n) => (n.literal ? { literal: n.literal } : { family: n.family, given: n.given }));
  }
  if (field === 'page') return String(value).replace(/[–—]|--/g, '-');
  if (field === 'language') return String(value).toLowerCase();
  if (field === 'URL' || field === 'DOI' || field === 'title') return String(value).trim();
  return value;
}

/** Whether `field` of `original` reads back the same in `back`. */
export function survives(field: Field, original: CslItem, back: Record<string, unknown> | undefined, key: string): boolean {
  if (!back) return false;
  if (field === 'id') return back.id === key || back['citation-key'] === key;
  return JSON.stringify(normal(field, original[field])) === JSON.stringify(normal(field, back[field]));
}
