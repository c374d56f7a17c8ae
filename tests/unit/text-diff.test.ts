import { describe, expect, it } from 'vitest';
import { diffText, diffTokens } from '../../app/core/textDiff';
import type { DiffPart } from '../../app/core/model';

const side = (parts: DiffPart[], skip: DiffPart['kind']) =>
  parts
    .filter((p) => p.kind !== skip)
    .map((p) => p.text)
    .join('');
const changes = (parts: DiffPart[]) => parts.filter((p) => p.kind !== 'same').map((p) => `${p.kind === 'insert' ? '+' : '-'}${p.text}`);

/** The places where one side's parts meet inside a Latin word (letters on both sides of the cut). */
const cutWords = (parts: DiffPart[], skip: DiffPart['kind']) => {
  const pieces = parts.filter((p) => p.kind !== skip).map((p) => p.text);
  const cuts: string[] = [];
  for (let i = 1; i < pieces.length; i++) {
    if (/\p{Script=Latin}$/u.test(pieces[i - 1]!) && /^\p{Script=Latin}/u.test(pieces[i]!)) cuts.push(`${pieces[i - 1]}|${pieces[i]}`);
  }
  return cuts;
};

describe('diff tokens', () => {
  it('keeps Latin, Cyrillic and Korean words whole and cuts Chinese and Japanese per character', () => {
    expect(diffTokens('The organisation’s 2.5% rise')).toEqual(['The', ' ', 'organisation’s', ' ', '2.5', '%', ' ', 'rise']);
    expect(diffTokens('Москва  сегодня')).toEqual(['Москва', '  ', 'сегодня']);
    expect(diffTokens('한국어 문장')).toEqual(['한국어', ' ', '문장']);
    expect(diffTokens('中央社報導，')).toEqual(['中', '央', '社', '報', '導', '，']);
    expect(diffTokens('カタカナです')).toEqual(['カ', 'タ', 'カ', 'ナ', 'で', 'す']);
    expect(diffTokens('𠮷野家👩‍👩‍👧')).toEqual(['𠮷', '野', '家', '👩‍👩‍👧']);
  });

  it('joins back to the text', () => {
    for (const text of ['', 'a', ' lead and trail ', '第一段。\n\nSecond, para.\r\n', 'x\u0301y 𝒳 😀😀']) expect(diffTokens(text).join('')).toBe(text);
  });
});

describe('diffText', () => {
  it('marks whole words in Latin text', () => {
    const parts = diffText('The organisation grew quickly.', 'The organization grew quickly.');
    expect(changes(parts)).toEqual(['-organisation', '+organization']);
    expect(cutWords(parts, 'insert')).toEqual([]);
  });

  it('reads a run of replaced words as one replacement, not pieces around kept spaces', () => {
    expect(changes(diffText('the quick brown fox jumps', 'the slow red fox jumps'))).toEqual(['-quick brown', '+slow red']);
  });

  it('keeps a deleted word and its space together', () => {
    const parts = diffText('one two three', 'one three');
    expect(side(parts, 'insert')).toBe('one two three');
    expect(side(parts, 'delete')).toBe('one three');
    expect(changes(parts)).toHaveLength(1);
    expect(changes(parts)[0]!.replace(/\s/g, '')).toBe('-two');
  });

  it('marks Chinese per character', () => {
    expect(changes(diffText('精心策劃之舉', '精心安排之舉'))).toEqual(['-策劃', '+安排']);
  });

  it('gives back both texts for mixed, multi-paragraph input', () => {
    const before = 'Seoul, 2 Jan (CNA) — 李在明將於4日到7日訪問。\n\nThe visit follows talks in Gyeongju.';
    const after = 'Seoul, 3 Jan (CNA) — 李在明將於5日到8日訪問中國。\n\nThe state visit follows earlier talks in Gyeongju!';
    const parts = diffText(before, after);
    expect(side(parts, 'insert')).toBe(before);
    expect(side(parts, 'delete')).toBe(after);
    expect(cutWords(parts, 'insert')).toEqual([]);
    expect(cutWords(parts, 'delete')).toEqual([]);
    expect(changes(parts)).toContain('-2');
    expect(changes(parts)).toContain('+3');
  });

  it('counts identical texts as one kept run, and empty sides as whole changes', () => {
    expect(diffText('same text', 'same text')).toEqual([{ kind: 'same', text: 'same text' }]);
    expect(diffText('', 'new')).toEqual([{ kind: 'insert', text: 'new' }]);
    expect(diffText('old', '')).toEqual([{ kind: 'delete', text: 'old' }]);
  });
});
