import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { compilePhrase, findMatches, ftsPhrase } from '../../app/core/search/match';
import { fold, foldWithOffsets } from '../../app/core/search/normalize';
import { makeSnippet } from '../../app/core/search/snippet';
import { GAP, pairText, shadowText, tokenize, tokenTexts } from '../../app/core/search/tokenize';
import { TESTDATA } from './helpers';

const cjkTests = join(TESTDATA, 'cjk-tests');
const json = <T>(path: string) => JSON.parse(readFileSync(join(cjkTests, path), 'utf8')) as T;

/** OpenCC cases that convert a character differently by context; a per-character fold cannot follow them. */
const CONTEXTUAL = new Set([
  'BYVoid_OpenCC_PR_1369_t2x', // 沈厚 → 沉厚 only in that phrase
  'BYVoid_OpenCC_PR_1035_s2t', // 想象 → 想像 only in that phrase
  'BYVoid_OpenCC_PR_464_su_vs_su', // 甦 → 苏 in some words, kept in names
  't2s_huai_and_pi_phrases', // 坏 → 坯 in some words
  'su_variant_preserve',
]);
const CHARACTER_CONFIGS = ['s2t', 's2tw', 's2hk', 't2s', 'tw2s', 'hk2s', 'tw2t', 'hk2t', 't2tw', 't2hk'];

describe('search folding', () => {
  it('folds width, case, diacritics and invisible characters', () => {
    expect(fold('ＴＨＡＡＤ ２０１７')).toBe('thaad 2017');
    expect(fold('K-POP Café Ǆemal straße ΣΟΦΙΑΣ')).toBe('k-pop cafe dzemal strasse σοφιασ');
    expect(fold('co\u00adoperate zero\u200bwidth')).toBe('cooperate zerowidth');
    expect(fold('İstanbul')).toBe('istanbul');
  });

  it('keeps kana voicing and Hangul syllables (they are not diacritics)', () => {
    expect(fold('ガギグ パナソニック 한국어')).toBe('ガギグ パナソニック 한국어');
    expect(fold('か\u3099')).toBe('が');
  });

  it('matches the bleve CJK width cases', () => {
    const { cases } = json<{ cases: { input: string[]; expected: string[] }[] }>('bleve/cjk-width-cases.json');
    for (const c of cases) c.input.forEach((input, i) => expect(fold(input)).toBe(fold(c.expected[i]!)));
    expect(fold('ｳﾞｨｯﾂ')).toBe('ヴィッツ');
  });

  it('folds Traditional and Simplified Chinese to the same form', () => {
    for (const [a, b] of <[string, string][]>[
      ['習近平', '习近平'],
      ['華為', '华为'],
      ['韓國', '韩国'],
      ['著作權', '著作权'],
      ['臺灣', '台湾'],
      ['頭髮', '头发'],
      ['乾燥', '干燥'],
    ]) {
      expect(fold(a)).toBe(fold(b));
    }
    expect(fold('龜')).not.toBe(fold('电'));
  });

  it('agrees with OpenCC character conversions (phrase-level regional vocabulary excepted)', () => {
    const { cases } = json<{ cases: { id: string; input: string; expected: Record<string, string> }[] }>('opencc/testcases.json');
    let checked = 0;
    for (const c of cases) {
      if (CONTEXTUAL.has(c.id)) continue;
      for (const [config, output] of Object.entries(c.expected)) {
        if (!CHARACTER_CONFIGS.includes(config) || [...output].length !== [...c.input].length) continue;
        expect(fold(c.input), `${c.id} ${config}`).toBe(fold(output));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(350);
  });

  it('is idempotent on the corpus', () => {
    const text = readFileSync(join(TESTDATA, 'corpus', 'articles.jsonl'), 'utf8').slice(0, 400_000);
    const once = fold(text);
    expect(fold(once)).toBe(once);
  });

  it('maps every folded character back to the original, astral characters and compositions included', () => {
    const s = '𠮷野家ＡＢ ｶﾞ e\u0301x 習';
    const f = foldWithOffsets(s);
    expect(f.text).toBe('𠮷野家ab ガ ex 习');
    const back = (i: number) => s.slice(f.from[i], f.to[i]);
    expect(back(0)).toBe('𠮷');
    expect(back(1)).toBe('𠮷');
    expect(back(2)).toBe('野');
    expect(back(f.text.indexOf('ガ'))).toBe('ｶﾞ');
    expect(back(f.text.indexOf('e'))).toBe('e\u0301');
    expect(back(f.text.indexOf('习'))).toBe('習');
  });
});

describe('search tokens', () => {
  it('makes every CJK character a token and other scripts words', () => {
    const text = fold('AI晶片與K-pop，ここは東京都。대한민국 semiconductors 2017年');
    expect(tokenTexts(text, tokenize(text))).toEqual([
      'ai',
      '晶',
      '片',
      '与',
      'k',
      'pop',
      'こ',
      'こ',
      'は',
      '东',
      '京',
      '都',
      '대',
      '한',
      '민',
      '국',
      'semiconductors',
      '2017',
      '年',
    ]);
  });

  it('puts a gap between CJK characters that punctuation or space separates', () => {
    expect(shadowText(fold('東京。都 AI 晶片'))).toBe(`东 京 ${GAP} 都 ai 晶 片`);
    expect(shadowText(fold('東京と京都'))).toBe('东 京 と 京 都');
  });

  it('pairs adjacent CJK characters, with a gap where a run ends', () => {
    expect(pairText(fold('東京と京都'))).toBe('东京 京と と京 京都');
    expect(pairText(fold('東京。都市 AI晶片 明'))).toBe(`东京 ${GAP} 都市 ${GAP} 晶片`);
    expect(pairText(fold('Latin only'))).toBe('');
  });

  it('keeps combining marks with their letters and astral ideographs whole', () => {
    expect(tokenTexts('𩬅艱', tokenize('𩬅艱'))).toEqual(['𩬅', '艱']);
    expect(tokenTexts('क्षत्रिय', tokenize('क्षत्रिय'))).toEqual(['क्षत्रिय']);
  });

  it('turns phrases into FTS5 phrase queries', () => {
    expect(ftsPhrase(compilePhrase({ text: '稀土', quoted: false })!)).toBe('"稀 土"');
    expect(ftsPhrase(compilePhrase({ text: '稀土', quoted: false })!, true)).toBe('"稀土"');
    expect(ftsPhrase(compilePhrase({ text: '東京都', quoted: false })!, true)).toBe('"东京 京都"');
    expect(ftsPhrase(compilePhrase({ text: '明', quoted: false })!, true)).toBe('"明"');
    expect(ftsPhrase(compilePhrase({ text: '東京 都', quoted: true })!, true)).toBe(`"东 京 ${GAP} 都"`);
    expect(ftsPhrase(compilePhrase({ text: 'Semi', quoted: false })!)).toBe('"semi" *');
    expect(ftsPhrase(compilePhrase({ text: 'semi', quoted: true })!)).toBe('"semi"');
    expect(ftsPhrase(compilePhrase({ text: 'AI晶片', quoted: false })!)).toBe('"ai 晶 片"');
    expect(ftsPhrase(compilePhrase({ text: '東京 都', quoted: true })!)).toBe(`"东 京 ${GAP} 都"`);
    expect(compilePhrase({ text: '。、—', quoted: false })).toBeUndefined();
  });

  it('places highlights on original characters', () => {
    const text = '他說ＡＩ晶片（習近平）said AI 𠮷野家';
    const ranges = findMatches(
      text,
      ['习近平', 'ai', '𠮷野'].map((t) => compilePhrase({ text: t, quoted: false })!),
    );
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['ＡＩ', '習近平', 'AI', '𠮷野']);
  });

  it('highlights only the typed part of a prefix, and no word that merely contains it', () => {
    const text = 'Semiconductor said semi-final';
    const ranges = findMatches(text, [compilePhrase({ text: 'semi', quoted: false })!]);
    expect(ranges.map(([s, e]) => text.slice(s, e))).toEqual(['Semi', 'semi']);
  });

  it('cuts long snippets around the first highlight without splitting a surrogate pair', () => {
    const text = `${'𠮷'.repeat(100)}稀土${'字'.repeat(300)}`;
    const at = text.indexOf('稀土');
    const s = makeSnippet(text, [[at, at + 2]], 60);
    expect(s.cutStart && s.cutEnd).toBe(true);
    expect(s.text.slice(s.highlights[0]![0], s.highlights[0]![1])).toBe('稀土');
    expect(s.text.codePointAt(0)).toBe(0x20bb7);
    expect(makeSnippet('a\nb', []).text).toBe('a b');
  });
});
