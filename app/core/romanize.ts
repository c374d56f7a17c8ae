import { romanize as romanizeHangul } from 'es-hangul';
import { pinyin } from 'pinyin-pro';
import { toRomaji } from 'wanakana';

/**
 * ASCII spellings of names and words for citation keys: Latin text without its
 * diacritics, Chinese in toneless pinyin, kana in Hepburn romaji, Hangul in the Revised
 * Romanization (with the customary spelling of common surnames). Kanji in Japanese text
 * has no reading without a dictionary, so it yields nothing rather than a wrong guess.
 */

const HAN = /\p{Script=Han}/u;
const KANA = /[\p{Script=Hiragana}\p{Script=Katakana}]/u;
const HANGUL = /\p{Script=Hangul}/u;

/** How the common Korean surnames are spelled in the Latin alphabet (Kim, Lee, Park…), not as strict RR would. */
const KOREAN_SURNAMES: Record<string, string> = {
  김: 'kim',
  이: 'lee',
  리: 'lee',
  박: 'park',
  최: 'choi',
  정: 'jung',
  강: 'kang',
  조: 'cho',
  윤: 'yoon',
  장: 'jang',
  임: 'lim',
  한: 'han',
  오: 'oh',
  서: 'seo',
  신: 'shin',
  권: 'kwon',
  황: 'hwang',
  안: 'ahn',
  송: 'song',
  류: 'ryu',
  유: 'yoo',
  홍: 'hong',
  전: 'jeon',
  고: 'ko',
  문: 'moon',
  양: 'yang',
  손: 'son',
  배: 'bae',
  백: 'baek',
  허: 'heo',
  노: 'roh',
  남: 'nam',
  심: 'shim',
  하: 'ha',
  곽: 'kwak',
  성: 'sung',
  차: 'cha',
  주: 'joo',
  우: 'woo',
  구: 'koo',
  민: 'min',
  진: 'jin',
  나: 'na',
  지: 'ji',
  엄: 'eom',
  채: 'chae',
  원: 'won',
  천: 'cheon',
  방: 'bang',
  공: 'kong',
};

/** Whether text in this language (a BCP 47 tag) reads Han characters as Japanese. */
function isJapanese(language: string | undefined, text: string): boolean {
  return /^ja\b/i.test(language ?? '') || KANA.test(text);
}

/** Latin letters and digits of `text`, lower-cased, without diacritics or anything else. */
export function asciiFold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/ß/g, 'ss')
    .replace(/[æÆ]/g, 'ae')
    .replace(/[øØ]/g, 'o')
    .replace(/[łŁ]/g, 'l')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Chinese characters in toneless pinyin, one syllable per character, read in context. */
function chineseSyllables(text: string, surname: boolean): string[] {
  return pinyin(text, { toneType: 'none', type: 'array', surname: surname ? 'head' : 'off', nonZh: 'removed', v: true }).filter(Boolean);
}

/**
 * The ASCII form of a run of text, split into words (a Latin word, or one syllable per
 * CJK character), or an empty list when the script has no romanisation here.
 */
export function romanizeWords(text: string, language?: string): string[] {
  const japanese = isJapanese(language, text);
  const words: string[] = [];
  for (const run of text
    .normalize('NFKC')
    .match(
      /\p{Script=Han}+|[\p{Script=Hiragana}\p{Script=Katakana}ー]+|\p{Script=Hangul}+|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu,
    ) ?? []) {
    if (HAN.test(run)) {
      if (!japanese) words.push(...chineseSyllables(run, false));
    } else if (KANA.test(run)) {
      words.push(asciiFold(toRomaji(run)));
    } else if (HANGUL.test(run)) {
      words.push(...romanizeHangul(run).split(/\s+/).map(asciiFold));
    } else {
      words.push(...run.split(/[^\p{L}\p{N}]+/u).map(asciiFold));
    }
  }
  return words.filter(Boolean);
}

/**
 * A family name (or an organisation's name) in ASCII: `王` → `wang`, `김` → `kim`,
 * `Müller` → `muller`; an empty string when no romanisation is known (Japanese kanji).
 */
export function romanizeName(name: string, language?: string): string {
  const trimmed = name.normalize('NFKC').trim();
  if (HANGUL.test(trimmed) && KOREAN_SURNAMES[trimmed]) return KOREAN_SURNAMES[trimmed];
  if (HAN.test(trimmed) && !isJapanese(language, trimmed) && /^[\p{Script=Han}\s]+$/u.test(trimmed)) {
    return chineseSyllables(trimmed.replace(/\s+/g, ''), true).join('');
  }
  return romanizeWords(trimmed, language).join('');
}
