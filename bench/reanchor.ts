import { anchorQuote, type AnchorStatus, type StoredSelector } from '../app/core/anchoring/anchor';
import { fuzzyMatch } from '../app/core/anchoring/fuzzy';
import { positionMap } from '../app/core/anchoring/positionMap';
import { contextOf } from '../app/core/revisions';
import { foldWithOffsets } from '../app/core/search/normalize';
import { corpusArticles } from './corpus';
import { random } from './random';
import { measure } from './timing';

/** Result of the re-anchoring benchmark, as printed with --json. */
export interface ReanchorReport {
  quotes: number;
  articleChars: number;
  revisedChars: number;
  apostil_ms: number;
  fuzzy_every_quote_ms: number;
  speedup: number;
  statuses: Record<AnchorStatus, number>;
  fast_path_share: number;
}

/** ~`chars` characters of Traditional Chinese prose from the corpus, in paragraphs. */
function article(chars: number): string {
  const paras: string[] = [];
  let length = 0;
  for (const a of corpusArticles()) {
    if (a.lang !== 'zh-Hant') continue;
    for (const p of a.text.split(/\n+/)) {
      if (!p.trim()) continue;
      paras.push(p.trim());
      length += p.length + 2;
      if (length >= chars) return paras.join('\n\n').slice(0, chars);
    }
  }
  return paras.join('\n\n');
}

/** A corrected version: sentences inserted, deleted and reworded, paragraphs moved, punctuation re-widthed. */
function revise(text: string, rand: () => number): string {
  const paras = text.split('\n\n');
  const pick = () => Math.floor(rand() * paras.length);
  for (let i = 0; i < 30; i++) {
    const p = pick();
    const para = paras[p]!;
    const at = Math.floor(rand() * para.length);
    const kind = rand();
    if (kind < 0.3) paras[p] = `${para.slice(0, at)}（更正：補充說明。）${para.slice(at)}`;
    else if (kind < 0.55) paras[p] = para.slice(0, at) + para.slice(at + 8 + Math.floor(rand() * 20));
    else if (kind < 0.8) paras[p] = `${para.slice(0, at)}改寫${para.slice(at + 2)}`;
    else paras.splice(pick(), 0, paras.splice(p, 1)[0]!);
  }
  paras.splice(Math.floor(paras.length / 2), 0, '編者按：本文已於發布後更新，修正部分細節。');
  return paras.join('\n\n').replace(/，/g, (c) => (rand() < 0.02 ? ',' : c));
}

/** Re-anchors 1,000 quotes onto a revised 50,000-character article, Apostil's way and fuzzy-for-every-quote. */
export function reanchorBench(options: { quotes?: number; chars?: number; runs?: number } = {}): ReanchorReport {
  const { quotes: n = 1000, chars = 50_000, runs = 5 } = options;
  const rand = random(20260102);
  const old = article(chars);
  const revised = revise(old, rand);
  const selectors: StoredSelector[] = [];
  while (selectors.length < n) {
    const len = 10 + Math.floor(rand() * 70);
    const start = Math.floor(rand() * (old.length - len));
    if (old.slice(start, start + len).trim()) selectors.push(contextOf(old, start, start + len));
  }
  const statuses: Record<AnchorStatus, number> = { exact: 0, moved: 0, fuzzy: 0, orphaned: 0 };
  const apostil = measure(runs, () => {
    const map = positionMap(old, revised);
    let folded: ReturnType<typeof foldWithOffsets> | undefined;
    const foldedText = () => (folded ??= foldWithOffsets(revised));
    for (const k of Object.keys(statuses) as AnchorStatus[]) statuses[k] = 0;
    for (const s of selectors) statuses[anchorQuote(revised, s, { map, fold: foldWithOffsets, foldedText }).status]++;
  }).timing.p50;
  const baseline = measure(Math.max(1, Math.floor(runs / 2)), () => {
    for (const s of selectors) fuzzyMatch(revised, s.exact, { prefix: s.prefix, suffix: s.suffix, hint: s.start });
  }).timing.p50;
  return {
    quotes: n,
    articleChars: old.length,
    revisedChars: revised.length,
    apostil_ms: Math.round(apostil * 10) / 10,
    fuzzy_every_quote_ms: Math.round(baseline * 10) / 10,
    speedup: Math.round((baseline / apostil) * 10) / 10,
    statuses,
    fast_path_share: Math.round(((statuses.exact + statuses.moved) / n) * 1000) / 1000,
  };
}
