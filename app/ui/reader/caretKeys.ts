import { spellKey } from '../keyNames';

/** Where a caret key sends the caret: by character, word, sentence, paragraph or line, or to a line's or the article's ends. */
export type CaretMove = 'char' | 'word' | 'sentence' | 'paragraph' | 'line' | 'lineEdge' | 'docEdge';

/** A backward and a forward key, ProseMirror-style (`Ctrl-Meta-ArrowLeft`). */
export type KeyPair = readonly [backward: string, forward: string];

/** One caret move and its keys on macOS and on Windows and Linux. Shift with any of them extends the selection. */
export interface CaretKeys {
  move: CaretMove;
  mac: readonly KeyPair[];
  other: readonly KeyPair[];
}

/**
 * The reader's caret keys, the one table the reader binds and the README shows.
 * On macOS they follow the system's text fields (⌥ by word, ⌥↑/↓ by paragraph,
 * ⌘ to the ends); sentences take ⌃⌘←/→ because ⌃⌥ is VoiceOver's modifier and
 * ⌘⌥←/→ switches tabs in Chromium. Elsewhere Ctrl moves by word and paragraph and
 * Alt by sentence, as in Word.
 */
export const CARET_KEYS: readonly CaretKeys[] = [
  { move: 'char', mac: [['ArrowLeft', 'ArrowRight']], other: [['ArrowLeft', 'ArrowRight']] },
  { move: 'word', mac: [['Alt-ArrowLeft', 'Alt-ArrowRight']], other: [['Ctrl-ArrowLeft', 'Ctrl-ArrowRight']] },
  { move: 'sentence', mac: [['Ctrl-Meta-ArrowLeft', 'Ctrl-Meta-ArrowRight']], other: [['Alt-ArrowLeft', 'Alt-ArrowRight']] },
  { move: 'paragraph', mac: [['Alt-ArrowUp', 'Alt-ArrowDown']], other: [['Ctrl-ArrowUp', 'Ctrl-ArrowDown']] },
  { move: 'line', mac: [['ArrowUp', 'ArrowDown']], other: [['ArrowUp', 'ArrowDown']] },
  {
    move: 'lineEdge',
    mac: [
      ['Meta-ArrowLeft', 'Meta-ArrowRight'],
      ['Home', 'End'],
    ],
    other: [['Home', 'End']],
  },
  {
    move: 'docEdge',
    mac: [
      ['Meta-ArrowUp', 'Meta-ArrowDown'],
      ['Meta-Home', 'Meta-End'],
    ],
    other: [['Ctrl-Home', 'Ctrl-End']],
  },
];

/** The key that selects the article's text (and nothing else of the page). */
export const SELECT_ALL_KEY = 'Mod-a';

/** The caret keys of one platform, each move with its key pairs spelled for people (`⌃⌘←`, `Alt+←`). */
export function caretKeyLabels(mac: boolean): { move: CaretMove; keys: [string, string][] }[] {
  return CARET_KEYS.map((row) => ({ move: row.move, keys: (mac ? row.mac : row.other).map(([b, f]) => [spellKey(b, mac), spellKey(f, mac)]) }));
}
