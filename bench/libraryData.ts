import { createHash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { Library } from '../app/core/library';
import type { DocNode } from '../app/core/model';
import { newUuid } from '../app/core/uid';
import { corpusArticles } from './corpus';
import { random } from './random';
import { cutPassage } from './searchData';
import { since } from './timing';

/** Quotes per article: a library grows by articles, each about this densely quoted. */
export const QUOTES_PER_ARTICLE = 100;
/** Codes in the generated tag tree: 40 top-level codes with 49 codes under each. */
export const TAG_ROOTS = 40;
const TAG_CHILDREN = 49;
/** Notes in every generated library, each embedding {@link EMBEDS_PER_NOTE} quotes. */
export const NOTES = 500;
/** Quote embeds per generated note. */
export const EMBEDS_PER_NOTE = 20;
/** Tags on each generated quote. */
const TAGS_PER_QUOTE = 2;
/** One quote in fifty is in the trash. */
const TRASH_SHARE = 0.02;

const ROOT_NAMES = ['外交', '經濟', '區域', 'topic', '人物', '政策', '媒體', 'method', '安全', '文化'];

/** What a generated library holds and how long it took to write. */
export interface LibraryData {
  quotes: number;
  articles: number;
  tags: number;
  notes: number;
  trashed: number;
  /** Ids of the generated leaf tags, and articles, for operations to pick from. */
  leafTags: number[];
  articleIds: number[];
  noteIds: number[];
  build_ms: number;
}

/**
 * Fills an empty library with `quotes` quotes over `quotes / 100` articles (cycled from
 * the multilingual corpus), a 2,000-code tag tree with two codes on every quote, one
 * quote in fifty in the trash, and 500 notes of 20 quote embeds each: a team's
 * qualitative-coding library after a few years, at any size.
 */
export function fillLibrary(lib: Library, quotes: number, seed = 20261204): LibraryData {
  const rand = random(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const corpus = corpusArticles();
  const start = performance.now();
  const articleCount = Math.max(1, Math.round(quotes / QUOTES_PER_ARTICLE));
  const data = lib.searchIndex.bulk(() =>
    lib.store.tx(() => {
      const db = lib.store.db;
      const now = new Date().toISOString();
      const insertTag = db.prepare('INSERT INTO tags (uuid, name, parent_id, created_at) VALUES (?, ?, ?, ?)');
      const leafTags: number[] = [];
      for (let r = 0; r < TAG_ROOTS; r++) {
        const root = Number(insertTag.run(newUuid(), `${ROOT_NAMES[r % ROOT_NAMES.length]}${String(r + 1).padStart(2, '0')}`, null, now).lastInsertRowid);
        for (let c = 0; c < TAG_CHILDREN; c++) {
          leafTags.push(Number(insertTag.run(newUuid(), `code ${r + 1}.${c + 1}`, root, now).lastInsertRowid));
        }
      }
      const insertArticle = db.prepare(
        'INSERT INTO articles (uuid, title, body, lang, date, content_hash, imported_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const articles: { id: number; body: string }[] = [];
      for (let i = 0; i < articleCount; i++) {
        const source = corpus[i % corpus.length]!;
        const hash = createHash('sha256').update(`${i}\n${source.text}`).digest('hex');
        const id = Number(insertArticle.run(newUuid(), `${source.title} (${i + 1})`, source.text, source.lang, source.date, hash, now, now).lastInsertRowid);
        articles.push({ id, body: source.text });
      }
      const insertQuote = db.prepare(
        `INSERT INTO quotes (uuid, article_id, exact, prefix, suffix, start, "end", comment, created_at, updated_at, deleted_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const insertLink = db.prepare('INSERT OR IGNORE INTO quote_tags (quote_id, tag_id) VALUES (?, ?)');
      const live: number[] = [];
      let made = 0;
      let trashed = 0;
      while (made < quotes) {
        const article = articles[made % articles.length]!;
        const body = article.body;
        const range = cutPassage(body, rand, 10, 129);
        if (!range) continue;
        const [s, e] = range;
        const trash = rand() < TRASH_SHARE ? now : null;
        const id = Number(
          insertQuote.run(
            newUuid(),
            article.id,
            body.slice(s, e),
            body.slice(Math.max(0, s - 32), s),
            body.slice(e, e + 32),
            s,
            e,
            rand() < 0.1 ? '待查：原文出處' : '',
            now,
            now,
            trash,
          ).lastInsertRowid,
        );
        for (let t = 0; t < TAGS_PER_QUOTE; t++) insertLink.run(id, pick(leafTags));
        if (trash) trashed++;
        else live.push(id);
        made++;
      }
      return { leafTags, articleIds: articles.map((a) => a.id), live, trashed };
    }),
  );
  const noteIds: number[] = [];
  lib.store.tx(() => {
    for (let n = 0; n < NOTES; n++) {
      const content: DocNode[] = [{ type: 'heading', attrs: { level: 2 }, content: [{ type: 'text', text: `筆記 ${n + 1}：韓中關係` }] }];
      for (let e = 0; e < EMBEDS_PER_NOTE; e++) {
        content.push({ type: 'paragraph', content: [{ type: 'text', text: `第 ${e + 1} 段的分析與評論。` }] });
        content.push({ type: 'quote_embed', attrs: { quoteId: pick(data.live) } });
      }
      noteIds.push(lib.notes.create({ title: `筆記 ${n + 1}`, doc: { type: 'doc', content } }).id);
    }
  });
  return {
    quotes,
    articles: articleCount,
    tags: TAG_ROOTS * (TAG_CHILDREN + 1),
    notes: NOTES,
    trashed: data.trashed,
    leafTags: data.leafTags,
    articleIds: data.articleIds,
    noteIds,
    build_ms: since(start),
  };
}

/** Creates the library file `file` (which must not exist yet) with {@link fillLibrary}'s contents. */
export function buildLibrary(file: string, quotes: number, migrationsDir = 'migrations'): LibraryData {
  const lib = Library.open(file, migrationsDir);
  try {
    return fillLibrary(lib, quotes);
  } finally {
    lib.close();
  }
}
