import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CARET_KEYS, SELECT_ALL_KEY, caretKeyLabels, type CaretMove } from '../../app/ui/reader/caretKeys';
import { spellKey } from '../../app/ui/keyNames';

/** How the README names each caret move. */
const MOVES: Record<CaretMove, string> = {
  char: 'by character',
  word: 'by word',
  sentence: 'by sentence',
  paragraph: 'by paragraph',
  line: 'by line',
  lineEdge: 'to the start / end of the line',
  docEdge: 'to the start / end of the article',
};

const kbd = (pairs: [string, string][]) => pairs.map(([b, f]) => `<kbd>${b}</kbd> / <kbd>${f}</kbd>`).join(' or ');

/** The README's table of reader keys, as the key table makes it. */
function keysTable(): string {
  const other = caretKeyLabels(false);
  const mac = caretKeyLabels(true);
  const rows = other.map((row, i) => `| ${MOVES[row.move]} | ${kbd(row.keys)} | ${kbd(mac[i]!.keys)} |`);
  rows.push(`| select the article's text | <kbd>${spellKey(SELECT_ALL_KEY, false)}</kbd> | <kbd>${spellKey(SELECT_ALL_KEY, true)}</kbd> |`);
  return ['| Move the caret | Windows, Linux | macOS |', '| --- | --- | --- |', ...rows].map((line) => `  ${line}`).join('\n');
}

describe('reader caret keys', () => {
  it('are shown in the README as the reader binds them, per platform', () => {
    const readme = readFileSync('README.md', 'utf8');
    const block = /<!-- caret-keys:start -->\n([\s\S]*?)\n\s*<!-- caret-keys:end -->/.exec(readme)?.[1];
    expect(block, 'README.md needs the caret keys between <!-- caret-keys:start --> and <!-- caret-keys:end -->').toBeDefined();
    expect(block).toBe(keysTable());
  });

  it('leave VoiceOver’s ⌃⌥ and Chromium’s tab keys (⌘⌥←/→) alone on macOS, and bind each key once per platform', () => {
    for (const mac of [true, false]) {
      const keys = CARET_KEYS.flatMap((row) => (mac ? row.mac : row.other).flat());
      expect(new Set(keys).size).toBe(keys.length);
      if (mac) {
        for (const key of keys) {
          const mods = key.split('-').slice(0, -1);
          expect(mods.includes('Ctrl') && mods.includes('Alt'), key).toBe(false);
          expect(mods.includes('Meta') && mods.includes('Alt'), key).toBe(false);
        }
      }
    }
  });

  it('are spelled for each platform', () => {
    expect(spellKey('Ctrl-Meta-ArrowRight', true)).toBe('⌃⌘→');
    expect(spellKey('Shift-Alt-ArrowLeft', true)).toBe('⌥⇧←');
    expect(spellKey('Alt-ArrowLeft', false)).toBe('Alt+←');
    expect(spellKey('Mod-Shift-e', false)).toBe('Ctrl+Shift+E');
    expect(spellKey('Mod-Shift-e', true)).toBe('⇧⌘E');
    expect(spellKey('Ctrl->', false)).toBe('Ctrl+>');
    expect(spellKey('Mod-Home', true)).toBe('⌘Home');
  });
});
