import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { Library } from '../app/core/library';
import { trimRange } from '../app/core/quotes';
import { newUuid } from '../app/core/uid';
import { corpusArticles } from './corpus';
import { random } from './random';
import { since } from './timing';

/** Tags given to generated quotes; `region/Korea` is the one the tag-filter class uses. */
export const BENCH_TAGS = ['region/Korea', 'region/Japan', 'region/China', 'region/Taiwan', 'topic/law', 'topic/poetry', 'topic/history', 'todo'];

/** Research comments put on one quote in ten; some mix scripts, as real notes do. */
const COMMENTS = [
  'AI晶片出口管制的背景',
  '與 THAAD 部署比較',
  'ＴＨＡＡＤ 原文用全形',
  'K-pop 與文化輸出',
  '5G網路與半導體供應鏈',
  '引用時注意版本差異',
  '參見前一章的注釋',
  'semiconductor supply chain context',
  '重要：與今日的勞工法比較',
  'compare with the English translation',
  '待查：原文出處',
  '韓國稀土出口數據',
];

/**
 * A random passage of `min`–`max` UTF-16 units of `body`, never splitting a surrogate
 * pair, trimmed of white space at its edges; null when only white space was cut.
 */
export function cutPassage(body: string, rand: () => number, min: number, max: number): [number, number] | null {
  const length = min + Math.floor(rand() * (max - min + 1));
  let from = Math.floor(rand() * Math.max(1, body.length - length));
  let to = Math.min(body.length, from + length);
  if (from > 0 && (body.charCodeAt(from) & 0xfc00) === 0xdc00) from++;
  if (to < body.length && (body.charCodeAt(to) & 0xfc00) === 0xdc00) to--;
  const [s, e] = trimRange(body, from, to);
  return s < e ? [s, e] : null;
}

/** Sizes of a generated library. */
export interface SearchDataOptions {
  quotes: number;
  articles: number;
  seed?: number;
}

/** What was loaded and how long the rows took to write. */
export interface LoadReport {
  articles: number;
  quotes: number;
  tagged: number;
  commented: number;
  /** UTF-8 bytes of quote text and comments. */
  textBytes: number;
  load_ms: number;
}

/**
 * Fills `lib` with `articles` articles cycled from the corpus and `quotes` quotes of
 * 10–200 characters cut from them, in one transaction with prepared statements. The
 * index is written by the triggers, or by one rebuild when run inside `SearchIndex.bulk`.
 */
export function loadSearchData(lib: Library, options: SearchDataOptions): LoadReport {
  const rand = random(options.seed ?? 20260102);
  const corpus = corpusArticles();
  const hashes = corpus.map((a) => createHash('sha256').update(a.text).digest('hex'));
  const start = performance.now();
  const report = { articles: options.articles, quotes: 0, tagged: 0, commented: 0, textBytes: 0 };
  lib.store.tx(() => {
    const tagIds = BENCH_TAGS.map((t) => lib.tags.ensure(t));
    const insertArticle = lib.store.db.prepare(
      `INSERT INTO articles (uuid, title, body, lang, date, content_hash, imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertQuote = lib.store.db.prepare(
      `INSERT INTO quotes (uuid, article_id, exact, prefix, suffix, start, "end", comment, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const insertTag = lib.store.db.prepare('INSERT OR IGNORE INTO quote_tags (quote_id, tag_id) VALUES (?, ?)');
    const articles: { id: number; body: string }[] = [];
    for (let i = 0; i < options.articles; i++) {
      const source = corpus[i % corpus.length]!;
      const copy = Math.floor(i / corpus.length);
      const date = source.date ?? `${1990 + (i % 36)}-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}`;
      const imported = new Date(Date.UTC(2025, 0, 1) + i * 60_000).toISOString();
      const id = Number(
        insertArticle.run(
          newUuid(),
          copy ? `${source.title} (${copy + 1})` : source.title,
          source.text,
          source.lang,
          date,
          copy ? `${hashes[i % corpus.length]}#${copy}` : hashes[i % corpus.length],
          imported,
          imported,
        ).lastInsertRowid,
      );
      articles.push({ id, body: source.text });
    }
    const t0 = Date.UTC(2025, 6, 1);
    while (report.quotes < options.quotes) {
      const article = articles[Math.floor(rand() * articles.length)]!;
      const body = article.body;
      const range = cutPassage(body, rand, 10, 200);
      if (!range) continue;
      const [s, e] = range;
      const comment = rand() < 0.1 ? COMMENTS[Math.floor(rand() * COMMENTS.length)]! : '';
      const exact = body.slice(s, e);
      const at = new Date(t0 + report.quotes * 1000).toISOString();
      const id = insertQuote.run(
        newUuid(),
        article.id,
        exact,
        body.slice(Math.max(0, s - 32), s),
        body.slice(e, e + 32),
        s,
        e,
        comment,
        at,
        at,
      ).lastInsertRowid;
      const tagRoll = rand();
      if (tagRoll < 0.4) {
        report.tagged++;
        insertTag.run(id, tagIds[Math.floor(rand() * tagIds.length)]);
        if (tagRoll < 0.1) insertTag.run(id, tagIds[Math.floor(rand() * tagIds.length)]);
      }
      report.quotes++;
      report.textBytes += Buffer.byteLength(exact) + Buffer.byteLength(comment);
      if (comment) report.commented++;
    }
  });
  return { ...report, load_ms: since(start) };
}
