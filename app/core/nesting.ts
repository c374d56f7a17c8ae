import { ApostilError } from './errors';
import { MAX_BRACE_DEPTH, MAX_JSON_DEPTH } from './limits';

/**
 * Depth guards for untrusted structure (markup has its own in `import/markupDepth`). Each
 * one measures nesting in time linear in the input, without recursion, and stops as soon
 * as the limit is passed, so the parsers and walkers that run afterwards only ever see
 * bounded depth.
 */

/** Refuses a file named `name` because `what` nests deeper than `limit`. */
export function tooDeep(name: string, what: string, limit: number): never {
  throw new ApostilError('bad_file', `${name} nests ${what} more than ${limit} levels deep, which Apostil does not read. Nothing was imported.`);
}

/** The nesting depth of a JSON-like value (a scalar is 0), counting no further than `limit + 1`. */
export function jsonDepth(value: unknown, limit = MAX_JSON_DEPTH): number {
  let deepest = 0;
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    const here = depth + 1;
    if (here > deepest) deepest = here;
    if (deepest > limit) return deepest;
    for (const child of Array.isArray(v) ? v : Object.values(v)) {
      if (typeof child === 'object' && child !== null) stack.push([child, here]);
    }
  }
  return deepest;
}

/** Refuses a JSON file whose arrays and objects nest deeper than {@link MAX_JSON_DEPTH}. */
export function assertJsonDepth(name: string, value: unknown, limit = MAX_JSON_DEPTH): void {
  if (jsonDepth(value, limit) > limit) tooDeep(name, 'its JSON arrays and objects', limit);
}

/** Refuses BibTeX whose braces nest deeper than {@link MAX_BRACE_DEPTH} (escaped `\{` and `\}` do not count). */
export function assertBraceDepth(name: string, text: string, limit = MAX_BRACE_DEPTH): void {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x7b && ++depth > limit) tooDeep(name, 'braces', limit);
    else if (c === 0x7d && depth > 0) depth--;
  }
}
