import { createHash } from 'node:crypto';
import type * as Y from 'yjs';

/**
 * How a source's CSL item travels in the library document so that different fields
 * edited on two devices both survive: each CSL variable is an entry of the source's map,
 * `f:<variable>` holding the value as JSON text (null once removed), each entry its own
 * last-writer-wins register. The whole item also stays in `csl`, as documents written
 * before per-field sources hold it and as older versions of Apostil read and write it:
 * the item is `csl` with every `f:` entry laid over it. A device that writes `f:` entries
 * writes `csl` again beside them with `cslOf`, a mark of that text; a `csl` whose mark does
 * not match was written since by an older version, and counts as an edit of the whole
 * item (the rule such versions follow).
 */

/** The prefix of a source map's per-field entries. */
export const SOURCE_FIELD = 'f:';

/** The mark of a `csl` text written beside the `f:` entries. */
export function mirrorMark(csl: string): string {
  return createHash('sha1').update(csl).digest('base64').slice(0, 16);
}

function parseObject(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') return {};
  try {
    const v = JSON.parse(text) as unknown;
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/** True when the source's `csl` was last written by a version that knows no `f:` entries, after some were written. */
export function writtenByOlderVersion(m: Y.Map<unknown>): boolean {
  const csl = m.get('csl');
  const mark = m.get('cslOf');
  return typeof csl === 'string' && typeof mark === 'string' && mark !== mirrorMark(csl);
}

/** The CSL item a source's map stands for (unvalidated): `csl` with the `f:` entries over it, or `csl` alone after an older version's write. */
export function sourceItem(m: Y.Map<unknown>): Record<string, unknown> {
  const item = { ...parseObject(m.get('csl')) };
  if (writtenByOlderVersion(m)) return item;
  for (const [k, v] of m.entries()) {
    if (!k.startsWith(SOURCE_FIELD)) continue;
    const name = k.slice(SOURCE_FIELD.length);
    if (v === null) delete item[name];
    else if (typeof v === 'string') {
      try {
        item[name] = JSON.parse(v) as unknown;
      } catch {
        // A malformed entry from elsewhere leaves the field as `csl` has it.
      }
    }
  }
  return item;
}

/** The `f:` entries of an item: each variable's value as JSON text. */
export function fieldEntries(item: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(item)) if (v !== undefined) out[`${SOURCE_FIELD}${k}`] = JSON.stringify(v);
  return out;
}

/** Writes `csl` (the whole item as stored) and its mark beside the `f:` entries, when they changed (in the caller's transaction). */
export function writeMirror(m: Y.Map<unknown>, csl: string): void {
  if (m.get('csl') !== csl) m.set('csl', csl);
  const mark = mirrorMark(csl);
  if (m.get('cslOf') !== mark) m.set('cslOf', mark);
}

/**
 * Takes an older version's whole-item write into the `f:` entries: every entry is set to
 * what its `csl` holds, so the item reads the same once the mark matches again. Every
 * device that sees the write does the same, so they agree.
 */
export function adoptOlderWrite(m: Y.Map<unknown>): void {
  const csl = m.get('csl');
  if (typeof csl !== 'string') return;
  const item = parseObject(csl);
  for (const k of [...m.keys()]) {
    if (!k.startsWith(SOURCE_FIELD)) continue;
    const v = item[k.slice(SOURCE_FIELD.length)];
    const text = v === undefined ? null : JSON.stringify(v);
    if (m.get(k) !== text) m.set(k, text);
  }
  m.set('cslOf', mirrorMark(csl));
}
