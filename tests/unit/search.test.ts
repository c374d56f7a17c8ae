import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as OpenCC from 'opencc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Library } from '../../app/core/library';
import { fold } from '../../app/core/search/normalize';
import { MIGRATIONS, TESTDATA } from './helpers';
import { truthMatches } from './search-truth';

interface CorpusArticle {
  id: string;
  lang: string;
  title: string;
  text: string;
}

const corpus = readFileSync(join(TESTDATA, 'corpus', 'articles.jsonl'), 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((l) => JSON.parse(l) as CorpusArticle);

/** Comments that mix scripts and widths, as researchers' notes do. */
const COMMENTS = [
  'AI晶片出口管制',
  '與 ＴＨＡＡＤ 部署比較',
  'K-pop 文化',
  '5G網路與半導體',
  'semiconductor 供應鏈',
  '韓國稀土出口',
  'said AI was overrated',
  '待查 OpenAI晶片',
];
const TAGS = ['region/Korea', 'region/Japan', 'region/Korea/Seoul', 'topic/law', 'todo'];

function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  id: number;
  lang: string;
  exact: string;
  comment: string;
  tags: string[];
  folded: string[];
}

let dir: string;
let lib: Library;
const rows: Row[] = [];
const rand = random(42);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'apostil-search-'));
  lib = Library.open(join(dir, 'corpus.db'), MIGRATIONS);
  lib.store.tx(() => {
    const articles = corpus.map((a) => ({ ...lib.articles.importText(`${a.id}.txt`, a.text).article, lang: a.lang }));
    for (let i = 0; i < 2500; i++) {
      const article = articles[i < 100 ? articles.findIndex((a) => a.lang === 'ko') + (i % 4) : Math.floor(rand() * articles.length)]!;
      const body = lib.articles.body(article.id);
      const length = 10 + Math.floor(rand() * 191);
      let start = Math.floor(rand() * Math.max(1, body.length - length));
      if ((body.charCodeAt(start) & 0xfc00) === 0xdc00) start++;
      let end = Math.min(body.length, start + length);
      if ((body.charCodeAt(end) & 0xfc00) === 0xdc00) end--;
      if (!body.slice(start, end).trim()) continue;
      const comment = rand() < 0.15 ? COMMENTS[Math.floor(rand() * COMMENTS.length)]! : '';
      const tags = rand() < 0.3 ? [TAGS[Math.floor(rand() * TAGS.length)]!] : [];
      const q = lib.quotes.create({ articleId: article.id, start, end, comment, tags });
      rows.push({ id: q.id, lang: article.lang, exact: q.exact, comment, tags, folded: [fold(q.exact), fold(comment)] });
    }
  });
}, 120_000);

afterAll(() => {
  lib?.close();
  rmSync(dir, { recursive: true, force: true });
});

const found = (query: string) =>
  lib.search
    .run({ query, limit: 0 })
    .results.map((h) => h.id)
    .sort((a, b) => a - b);
const truth = (test: (r: Row) => boolean) =>
  rows
    .filter(test)
    .map((r) => r.id)
    .sort((a, b) => a - b);
const phraseTruth = (text: string, quoted = false) => truth((r) => truthMatches(r.folded, text, quoted));

/** Substrings of `length` characters, all of `kind`, cut from random quotes of the given languages. */
function samples(count: number, length: number, kind: RegExp, langs?: string[]): string[] {
  const pool = rows.filter((r) => !langs || langs.includes(r.lang));
  const out = new Set<string>();
  for (let tries = 0; out.size < count && tries < count * 500; tries++) {
    const chars = Array.from(pool[Math.floor(rand() * pool.length)]!.exact);
    const at = Math.floor(rand() * Math.max(1, chars.length - length));
    const piece = chars.slice(at, at + length);
    if (piece.length === length && piece.every((c) => kind.test(c))) out.add(piece.join(''));
  }
  return [...out];
}

function expectSameAsTruth(queries: string[], minimum: number): void {
  expect(queries.length).toBeGreaterThanOrEqual(minimum);
  for (const q of queries) expect(found(q), q).toEqual(phraseTruth(q));
}

const HAN = /^\p{sc=Han}$/u;
const KANA = /^[\p{sc=Hiragana}\p{sc=Katakana}ー]$/u;
const HANGUL = /^\p{sc=Hangul}$/u;

describe('search precision and recall against brute force', () => {
  it('1-character CJK terms, common and rare', () => {
    expectSameAsTruth(['之', '的', '不', ...samples(25, 1, HAN)], 20);
  });

  it('2-, 3- and 4+-character CJK terms', () => {
    expectSameAsTruth(samples(25, 2, HAN), 20);
    expectSameAsTruth(samples(25, 3, HAN), 20);
    expectSameAsTruth([...samples(15, 4, HAN), ...samples(10, 6, HAN)], 20);
  });

  it('Japanese and Korean', () => {
    expectSameAsTruth([...samples(15, 2, KANA, ['ja']), ...samples(10, 4, /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}]$/u, ['ja'])], 20);
    expectSameAsTruth([...samples(10, 1, HANGUL, ['ko']), ...samples(10, 2, HANGUL, ['ko']), ...samples(5, 3, HANGUL, ['ko'])], 15);
  });

  it('Latin words and word prefixes, in any case and width', () => {
    const words = rows.filter((r) => r.lang === 'en').flatMap((r) => r.exact.match(/[A-Za-z]{3,}/g) ?? []);
    const picked = Array.from({ length: 25 }, () => words[Math.floor(rand() * words.length)]!);
    const queries = [
      ...picked,
      ...picked.slice(0, 10).map((w) => w.slice(0, 3)),
      ...picked.slice(10, 15).map((w) => w.toUpperCase()),
      'ai',
      'AI',
      'semi',
      'ＴＨＡＡＤ',
      'k-pop',
      'the',
    ];
    expectSameAsTruth(queries, 40);
    expect(found('ai').length).toBeGreaterThan(0);
    expect(phraseTruth('ai')).not.toContain(rows.find((r) => r.comment.startsWith('待查'))?.id);
  });

  it('mixed-script terms', () => {
    expectSameAsTruth(['AI晶片', 'ai 晶片', 'OpenAI晶片', '5G網路', 'K-pop文化', 'ＴＨＡＡＤ部署', 'semiconductor供應', '第1條'], 8);
    expect(found('AI晶片').length).toBeGreaterThan(10);
  });

  it('Simplified queries find Traditional text and the other way round', () => {
    const toSimplified = OpenCC.Converter({ from: 'tw', to: 'cn' });
    const toTraditional = OpenCC.Converter({ from: 'cn', to: 'tw' });
    const traditional = samples(20, 3, HAN, ['zh-Hant']);
    const simplified = samples(10, 3, HAN, ['zh-Hans']);
    const queries = [...traditional.map(toSimplified), ...simplified.map(toTraditional), '习近平', '华为', '韩国', '著作权'];
    expectSameAsTruth(queries, 25);
    for (const t of traditional) {
      const s = toSimplified(t);
      if (fold(s) === fold(t) && s !== t) expect(found(s).length, s).toBeGreaterThan(0);
    }
  });

  it('AND, OR, exclusion and phrases combine like sets', () => {
    const [a, b] = samples(2, 1, HAN, ['zh-Hant']);
    const has = (r: Row, q: string, quoted = false) => truthMatches(r.folded, q, quoted);
    expect(found(`${a} ${b}`)).toEqual(truth((r) => has(r, a!) && has(r, b!)));
    expect(found(`${a} OR ${b}`)).toEqual(truth((r) => has(r, a!) || has(r, b!)));
    expect(found(`${a} -${b}`)).toEqual(truth((r) => has(r, a!) && !has(r, b!)));
    expect(found(`-${b} tag:todo`)).toEqual(truth((r) => !has(r, b!) && r.tags.includes('todo')));
    expect(found('"the state"')).toEqual(truth((r) => has(r, 'the state', true)));
  });

  it('tag filters include child tags', () => {
    const [a] = samples(1, 1, HAN, ['zh-Hant']);
    expect(found(`${a} tag:region/Korea`)).toEqual(truth((r) => truthMatches(r.folded, a!) && r.tags.some((t) => t.startsWith('region/Korea'))));
    expect(found('tag:region')).toEqual(truth((r) => r.tags.some((t) => t.startsWith('region/'))));
    expect(found('tag:region -tag:region/Korea')).toEqual(truth((r) => r.tags.includes('region/Japan')));
  });

  it('searches article titles and bodies with in:articles', () => {
    const bodies = lib.articles.list().map((a) => ({ id: a.id, folded: [fold(a.title), fold(lib.articles.body(a.id))] }));
    for (const q of ['著作权', '東京', 'government', '处罚', '경범죄']) {
      const ids = lib.search
        .run({ query: `in:articles ${q}`, limit: 0 })
        .results.map((h) => h.id)
        .sort((x, y) => x - y);
      expect(ids, q).toEqual(
        bodies
          .filter((b) => truthMatches(b.folded, q))
          .map((b) => b.id)
          .sort((x, y) => x - y),
      );
    }
  });
});

describe('search ranking and results', () => {
  it('returns the exact total with a ranked first page and highlighted snippets', () => {
    const r = lib.search.run({ query: '之' });
    expect(r.total).toBe(phraseTruth('之').length);
    expect(r.results).toHaveLength(50);
    for (const hit of r.results) {
      expect(hit.snippet.highlights.length).toBeGreaterThan(0);
      for (const [s, e] of hit.snippet.highlights) expect(fold(hit.snippet.text.slice(s, e))).toBe('之');
    }
    const scores = r.results.map((h) => h.score!);
    expect([...scores].sort((a, b) => a - b)).toEqual(scores);
  });

  it('breaks ties by recency and pages without repeats', () => {
    const q = samples(1, 2, HAN, ['zh-Hant'])[0]!;
    const all = lib.search.run({ query: q, limit: 0 }).results;
    const paged = [0, 1, 2].flatMap((page) => lib.search.run({ query: q, limit: 2, offset: page * 2 }).results);
    expect(paged.map((h) => h.id)).toEqual(all.slice(0, 6).map((h) => h.id));
    for (let i = 1; i < all.length; i++) {
      if (all[i]!.score === all[i - 1]!.score) expect(all[i]!.id).toBeLessThan(all[i - 1]!.id);
    }
  });
});
