import { diffChars, diffLines } from 'diff';

/** Maps UTF-16 offsets of an old text to the new text through the edit between them. */
export interface PositionMap {
  /** The new offset of old offset `pos`; at an edit boundary `assoc` picks the side (-1 before, 1 after). */
  map(pos: number, assoc?: -1 | 1): number;
  /** True when the old range `[from, to)` lies inside text the edit left alone. */
  unchanged(from: number, to: number): boolean;
}

interface Kept {
  oldStart: number;
  oldEnd: number;
  newStart: number;
}

/** Appends the kept runs of a character diff of `a` against `b`, placed at the given offsets. */
function keptRuns(a: string, b: string, oldAt: number, newAt: number, timeout: number, out: Kept[]): boolean {
  const changes = diffChars(a, b, { timeout });
  if (!changes) return false;
  let o = oldAt;
  let n = newAt;
  for (const c of changes) {
    const len = c.value.length;
    if (!c.added && !c.removed) out.push({ oldStart: o, oldEnd: o + len, newStart: n });
    if (!c.added) o += len;
    if (!c.removed) n += len;
  }
  return true;
}

/**
 * Diffs `oldText` against `newText` and returns the offset map, or null when the
 * texts are too different to diff within `timeoutMs`. Lines are diffed first and
 * characters only inside changed stretches, which keeps a long article with a few
 * corrections to milliseconds.
 */
export function positionMap(oldText: string, newText: string, timeoutMs = 300): PositionMap | null {
  const lines = diffLines(oldText, newText, { timeout: timeoutMs });
  if (!lines) return null;
  const kept: Kept[] = [];
  let o = 0;
  let n = 0;
  let removed = '';
  let added = '';
  const flush = (): boolean => {
    if (removed && added && !keptRuns(removed, added, o - removed.length, n - added.length, timeoutMs, kept)) return false;
    removed = '';
    added = '';
    return true;
  };
  for (const c of lines) {
    if (c.removed) {
      removed += c.value;
      o += c.value.length;
    } else if (c.added) {
      added += c.value;
      n += c.value.length;
    } else {
      if (!flush()) return null;
      kept.push({ oldStart: o, oldEnd: o + c.value.length, newStart: n });
      o += c.value.length;
      n += c.value.length;
    }
  }
  if (!flush()) return null;
  const newEnd = (k: Kept) => k.newStart + (k.oldEnd - k.oldStart);
  /** Index of the last kept run starting at or before `pos`, or -1. */
  const at = (pos: number): number => {
    let lo = 0;
    let hi = kept.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (kept[mid]!.oldStart <= pos) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  return {
    map(pos, assoc = 1) {
      const i = at(pos);
      const run = kept[i];
      const prev = kept[i - 1];
      const next = kept[i + 1];
      if (run && pos <= run.oldEnd) {
        if (pos === run.oldStart && assoc < 0 && prev && prev.oldEnd === pos) return newEnd(prev);
        if (pos === run.oldEnd && assoc > 0 && next && next.oldStart === pos) return next.newStart;
        return run.newStart + (pos - run.oldStart);
      }
      if (assoc < 0) return run ? newEnd(run) : 0;
      return next ? next.newStart : newText.length;
    },
    unchanged(from, to) {
      const run = kept[at(from)];
      return !!run && to <= run.oldEnd;
    },
  };
}
