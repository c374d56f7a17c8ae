import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { anchorQuote, type StoredSelector } from '../../app/core/anchoring/anchor';
import { positionMap } from '../../app/core/anchoring/positionMap';
import { parseArticle } from '../../app/core/articleText';
import { foldWithOffsets } from '../../app/core/search/normalize';
import { firstCodePoints, lastCodePoints } from '../../app/core/text';
import { SAMPLE } from './helpers';

const BODY = parseArticle('sample.txt', readFileSync(SAMPLE, 'utf8')).body;
const FILLER = '北京首爾東京台北華盛頓經濟合作觀光旅遊半導體供應鏈會談聲明記者表示';
const FOREIGN = 'ㄅㄆㄇㄈㄉㄊㄋㄌㄍㄎㄏㄐㄑㄒㄓㄔㄕㄖㄗㄘㄙ';

function selector(text: string, start: number, end: number): StoredSelector {
  return { exact: text.slice(start, end), prefix: lastCodePoints(text.slice(0, start), 32), suffix: firstCodePoints(text.slice(end), 32), start, end };
}

/** An edit at a relative position; `size` is how much it removes, `insert` what it adds. */
const editArb = fc.record({
  at: fc.double({ min: 0, max: 1, noNaN: true }),
  size: fc.integer({ min: 0, max: 60 }),
  insert: fc.string({ unit: fc.constantFrom(...FILLER.split(''), '。', '\n'), maxLength: 60 }),
});

interface Doc {
  text: string;
  start: number;
  end: number;
}

/** Applies an edit unless it touches the quote; shifts the quote's expected position. */
function applyAway(doc: Doc, e: { at: number; size: number; insert: string }): Doc {
  const from = Math.floor(e.at * doc.text.length);
  const to = Math.min(doc.text.length, from + e.size);
  const touches = from < doc.end && to > doc.start && !(from === to && (from <= doc.start || from >= doc.end));
  if (touches || (from > doc.start && from < doc.end)) return doc;
  const text = doc.text.slice(0, from) + e.insert + doc.text.slice(to);
  const shift = from <= doc.start ? e.insert.length - (to - from) : 0;
  return { text, start: doc.start + shift, end: doc.end + shift };
}

/** Moves a whole paragraph that does not contain the quote to another paragraph boundary. */
function moveParagraph(doc: Doc, which: number, dest: number): Doc {
  const paras: { start: number; end: number }[] = [];
  let at = 0;
  for (const p of doc.text.split('\n\n')) {
    paras.push({ start: at, end: at + p.length });
    at += p.length + 2;
  }
  const src = paras[which % paras.length]!;
  if (src.end >= doc.start && src.start <= doc.end) return doc;
  const removed = doc.text.slice(0, src.start) + doc.text.slice(Math.min(doc.text.length, src.end + 2));
  let qs = doc.start > src.end ? doc.start - (src.end + 2 - src.start) : doc.start;
  let qe = qs + (doc.end - doc.start);
  const bounds = [0, ...[...removed.matchAll(/\n\n/g)].map((m) => m.index + 2)].filter((b) => b <= qs || b >= qe);
  const insertAt = bounds[dest % bounds.length]!;
  const para = `${doc.text.slice(src.start, src.end)}\n\n`;
  const text = removed.slice(0, insertAt) + para + removed.slice(insertAt);
  if (insertAt <= qs) {
    qs += para.length;
    qe += para.length;
  }
  return { text, start: qs, end: qe };
}

const quoteArb = fc.record({ at: fc.double({ min: 0, max: 0.95, noNaN: true }), len: fc.integer({ min: 6, max: 40 }) });

function quoteIn(text: string, q: { at: number; len: number }): Doc {
  const start = Math.floor(q.at * (text.length - q.len));
  return { text, start, end: start + q.len };
}

const RUNS = { numRuns: 300, seed: 20260102 };

describe('re-anchoring properties', () => {
  it('edits away from a quote keep it exact or moved at the right place', () => {
    fc.assert(
      fc.property(quoteArb, fc.array(editArb, { minLength: 1, maxLength: 8 }), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 2 }), (q, edits, moves) => {
        const before = quoteIn(BODY, q);
        const sel = selector(BODY, before.start, before.end);
        let doc = before;
        for (const e of edits) doc = applyAway(doc, e);
        for (const [w, d] of moves) doc = moveParagraph(doc, w, d);
        expect(doc.text.slice(doc.start, doc.end)).toBe(sel.exact);
        const anchor = anchorQuote(doc.text, sel, { map: positionMap(BODY, doc.text) });
        expect(['exact', 'moved']).toContain(anchor.status);
        expect([anchor.start, anchor.end]).toEqual([doc.start, doc.end]);
      }),
      RUNS,
    );
  });

  it('without the old text, a quote whose text is unique is found by its selectors alone', () => {
    fc.assert(
      fc.property(quoteArb, fc.array(editArb, { minLength: 1, maxLength: 8 }), (q, edits) => {
        const before = quoteIn(BODY, q);
        const sel = selector(BODY, before.start, before.end);
        let doc = before;
        for (const e of edits) doc = applyAway(doc, e);
        fc.pre(doc.text.indexOf(sel.exact) === doc.text.lastIndexOf(sel.exact));
        const anchor = anchorQuote(doc.text, sel);
        expect([anchor.start, anchor.end]).toEqual([doc.start, doc.end]);
        expect(anchor.status).toBe(doc.start === before.start ? 'exact' : 'moved');
      }),
      RUNS,
    );
  });

  it('small edits inside a quote give fuzzy with the closest span', () => {
    fc.assert(
      fc.property(fc.record({ at: fc.double({ min: 0, max: 0.95, noNaN: true }), len: fc.integer({ min: 12, max: 60 }) }), fc.nat(), fc.nat(), (q, i, j) => {
        const before = quoteIn(BODY, q);
        const sel = selector(BODY, before.start, before.end);
        const k = Math.max(1, Math.floor(q.len * 0.1));
        const offset = before.start + (i % (q.len - k));
        const replacement = FOREIGN.slice(j % (FOREIGN.length - k), (j % (FOREIGN.length - k)) + k);
        const text = BODY.slice(0, offset) + replacement + BODY.slice(offset + k);
        const anchor = anchorQuote(text, sel, { map: positionMap(BODY, text) });
        expect(anchor.status).toBe('fuzzy');
        expect(anchor.similarity).toBeGreaterThanOrEqual(0.8);
        expect(anchor.similarity).toBeLessThan(1);
        const overlap = Math.min(anchor.end, before.end) - Math.max(anchor.start, before.start);
        expect(overlap).toBeGreaterThanOrEqual(q.len - 2 * k);
        expect(Math.abs(anchor.start - before.start)).toBeLessThanOrEqual(k);
        expect(Math.abs(anchor.end - before.end)).toBeLessThanOrEqual(k);
      }),
      RUNS,
    );
  });

  it('a quote mostly rewritten is orphaned', () => {
    fc.assert(
      fc.property(
        fc.record({ at: fc.double({ min: 0, max: 0.95, noNaN: true }), len: fc.integer({ min: 8, max: 60 }) }),
        fc.double({ min: 0.5, max: 1, noNaN: true }),
        (q, share) => {
          const before = quoteIn(BODY, q);
          const sel = selector(BODY, before.start, before.end);
          const k = Math.ceil(q.len * share);
          const replacement = Array.from({ length: k }, (_, n) => FOREIGN[n % FOREIGN.length]).join('');
          const text = BODY.slice(0, before.start) + replacement + BODY.slice(before.start + k);
          expect(anchorQuote(text, sel, { map: positionMap(BODY, text) }).status).toBe('orphaned');
        },
      ),
      RUNS,
    );
  });
});

describe('re-anchoring cases', () => {
  const S = '李在明表示，兩國將深化經濟合作。';
  const doc = `第一段前言。\n\n${S}\n\n中間的段落說了別的事情。\n\n${S}\n\n結尾。`;
  const second = doc.lastIndexOf(S);
  const sel = selector(doc, second, second + S.length);

  it('repeated text re-anchors to the right copy', () => {
    const edited = `新增的導言段落。\n\n${doc.replace('中間的段落', '中間那段落')}`;
    const expected = edited.lastIndexOf(S);
    expect(anchorQuote(edited, sel, { map: positionMap(doc, edited) })).toMatchObject({ status: 'moved', start: expected });
    expect(anchorQuote(edited, sel)).toMatchObject({ status: 'moved', start: expected });
  });

  it('repeated text: the first copy stays the first copy', () => {
    const first = doc.indexOf(S);
    const s1 = selector(doc, first, first + S.length);
    const edited = doc.replace('結尾。', '結尾。\n\n補充。');
    expect(anchorQuote(edited, s1)).toMatchObject({ status: 'exact', start: first });
  });

  it('full-width to half-width punctuation is recognised', () => {
    const text = '行政院今天（2日）表示，研究將於明年完成。';
    const at = text.indexOf('今天（2日）表示');
    const s = selector(text, at, at + 8);
    const changed = text.replace('（', '(').replace('）', ')');
    const anchor = anchorQuote(changed, s, { fold: foldWithOffsets });
    expect(anchor).toMatchObject({ status: 'fuzzy', similarity: 1, start: at });
    expect(changed.slice(anchor.start, anchor.end)).toBe('今天(2日)表示');
  });

  it('a traditional article republished in simplified characters keeps its quotes', () => {
    const simplified = '中国国家主席习近平4日将接待来访的南韩总统李在明(Lee Jae Myung)，此举表明了在因为台湾问题与日本关系紧张之际，北京有意强化与首尔关系。';
    const original = BODY.slice(0, BODY.indexOf('\n'));
    const at = original.indexOf('南韓總統李在明');
    const s = selector(original, at, at + 7);
    const anchor = anchorQuote(simplified, s, { fold: foldWithOffsets, map: positionMap(original, simplified) });
    expect(anchor).toMatchObject({ status: 'fuzzy', similarity: 1 });
    expect(simplified.slice(anchor.start, anchor.end)).toBe('南韩总统李在明');
  });

  it('astral characters: fuzzy spans never split a surrogate pair', () => {
    const text = '𠮷野家與臺灣大學合作研究𠮷野家。';
    const s = selector(text, 0, 12);
    const changed = text.replace('合作', '協力');
    const anchor = anchorQuote(changed, s);
    expect(anchor.status).toBe('fuzzy');
    expect(changed.slice(anchor.start, anchor.end).startsWith('𠮷')).toBe(true);
  });
});
