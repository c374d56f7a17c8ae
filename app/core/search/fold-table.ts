import { createHash } from 'node:crypto';
import HKVariantsRev from 'opencc-js/dict/HKVariantsRev';
import STCharacters from 'opencc-js/dict/STCharacters';
import TSCharacters from 'opencc-js/dict/TSCharacters';
import TWVariantsRev from 'opencc-js/dict/TWVariantsRev';

/**
 * Chinese character folding, one character to one character, from OpenCC's
 * dictionaries: Traditional↔Simplified characters and the Taiwan and Hong Kong
 * variant tables. Characters that any of them pair up fall into one class (習/习,
 * 台/臺/檯/颱, 乾/干/幹), and every member folds to one representative, preferably a
 * Simplified form. Phrase tables are left out so folding never changes the number
 * of characters and offsets stay aligned; regional vocabulary (軟體/软件) and
 * Japanese shinjitai (駅/驛) are not folded.
 */
export interface FoldTable {
  /** The representative of a character's class; absent when it folds to itself. */
  readonly map: ReadonlyMap<string, string>;
  /** Short fingerprint of the table, recorded with the index so a changed table triggers a rebuild. */
  readonly fingerprint: string;
}

function singleCodePoint(s: string | undefined): s is string {
  const cp = s?.codePointAt(0);
  return cp !== undefined && s!.length === (cp > 0xffff ? 2 : 1);
}

/** Character pairs `from → first alternative` of a dictionary, single characters only. */
function pairs(dict: string): [string, string][] {
  return dict
    .split('|')
    .map((entry) => entry.split(' '))
    .filter((p): p is [string, string] => singleCodePoint(p[0]) && singleCodePoint(p[1]));
}

const byCodePoint = (a: string, b: string) => a.codePointAt(0)! - b.codePointAt(0)!;

let table: FoldTable | undefined;

/** The fold table, built on first use from the bundled OpenCC data. */
export function foldTable(): FoldTable {
  if (table) return table;
  const parent = new Map<string, string>();
  const find = (c: string): string => {
    let root = c;
    while (parent.get(root) !== undefined && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(c, root);
    return root;
  };
  const traditionalOnly = new Set<string>();
  for (const [dict, traditional] of [
    [TSCharacters, true],
    [STCharacters, false],
    [TWVariantsRev, false],
    [HKVariantsRev, false],
  ] as const) {
    for (const [from, to] of pairs(dict)) {
      if (traditional) traditionalOnly.add(from);
      const a = find(from);
      const b = find(to);
      if (a !== b) parent.set(a, b);
    }
  }
  const classes = new Map<string, string[]>();
  for (const c of parent.keys()) {
    const root = find(c);
    classes.set(root, [...(classes.get(root) ?? []), c]);
  }
  const map = new Map<string, string>();
  const hash = createHash('sha256');
  for (const members of classes.values()) {
    members.sort(byCodePoint);
    const representative = members.find((c) => !traditionalOnly.has(c)) ?? members[0]!;
    for (const c of members) if (c !== representative) map.set(c, representative);
  }
  for (const [from, to] of [...map].sort(([a], [b]) => byCodePoint(a, b))) hash.update(`${from}${to}|`);
  table = { map, fingerprint: hash.digest('hex').slice(0, 12) };
  return table;
}
