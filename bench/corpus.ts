import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** One article of the shared multilingual corpus (`tests/testdata/corpus/articles.jsonl`). */
export interface CorpusArticle {
  id: string;
  lang: string;
  title: string;
  date?: string;
  text: string;
}

let cached: CorpusArticle[] | undefined;

/** The corpus articles, read once; the path can be overridden with APOSTIL_CORPUS. */
export function corpusArticles(): CorpusArticle[] {
  cached ??= readFileSync(process.env.APOSTIL_CORPUS ?? resolve('tests/testdata/corpus/articles.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as CorpusArticle);
  return cached;
}
