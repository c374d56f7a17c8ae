import { diffArrays } from 'diff';
import type { DiffPart } from './model';

/** Scripts written without spaces between words, which are compared character by character. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
const SPACE = /^\s+$/u;

const words = new Intl.Segmenter('und', { granularity: 'word' });
const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });

/**
 * Cuts a text into the units a difference is counted in: whole words in scripts
 * that space their words (Latin, Cyrillic, Greek, Hangul…), each run of whitespace,
 * each punctuation mark, and single characters (graphemes) in Chinese and Japanese,
 * where a dictionary's word boundaries would only blur what changed. Joined, the
 * tokens give back the text.
 */
export function diffTokens(text: string): string[] {
  const out: string[] = [];
  for (const { segment } of words.segment(text)) {
    if (SPACE.test(segment) && out.length && SPACE.test(out[out.length - 1]!)) out[out.length - 1] += segment;
    else if (segment.length > 1 && UNSPACED.test(segment)) for (const g of graphemes.segment(segment)) out.push(g.segment);
    else out.push(segment);
  }
  return out;
}

/**
 * The difference between two texts as kept, deleted and inserted runs, counted in
 * {@link diffTokens} units so that no word is cut. Whitespace left alone between
 * two changes is folded into them (`the cat` → `a dog` reads as one replacement,
 * not two around a kept space); within a change the deletion comes first. When the
 * comparison runs past `timeoutMs`, the whole text counts as replaced.
 */
export function diffText(before: string, after: string, timeoutMs = 2000): DiffPart[] {
  const changes = diffArrays(diffTokens(before), diffTokens(after), { timeout: timeoutMs });
  if (!changes) {
    const whole: DiffPart[] = [
      { kind: 'delete', text: before },
      { kind: 'insert', text: after },
    ];
    return whole.filter((p) => p.text);
  }
  const runs = changes.map((c): DiffPart => ({ kind: c.added ? 'insert' : c.removed ? 'delete' : 'same', text: c.value.join('') }));
  const out: DiffPart[] = [];
  // Changes with the whitespace kept between them, waiting for the next kept word.
  let group: DiffPart[] = [];
  const flush = () => {
    const kinds = new Set(group.map((p) => p.kind));
    if (kinds.has('delete') && kinds.has('insert')) {
      out.push({
        kind: 'delete',
        text: group
          .filter((p) => p.kind !== 'insert')
          .map((p) => p.text)
          .join(''),
      });
      out.push({
        kind: 'insert',
        text: group
          .filter((p) => p.kind !== 'delete')
          .map((p) => p.text)
          .join(''),
      });
    } else out.push(...group);
    group = [];
  };
  runs.forEach((run, i) => {
    const between = run.kind === 'same' && group.length > 0 && SPACE.test(run.text) && runs[i + 1] !== undefined;
    if (run.kind !== 'same' || between) group.push(run);
    else {
      flush();
      out.push(run);
    }
  });
  flush();
  return out;
}
