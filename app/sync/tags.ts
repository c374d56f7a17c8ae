/** A tag as the library document holds it (one nested map per tag uuid). */
export interface TagEntry {
  name: string;
  /** The parent's uuid, or null at the top level. */
  parent: string | null;
  color: string | null;
  createdAt: string;
  gone: boolean;
}

/** A tag as every device projects it: canonical uuid, canonical parent, merged colour. */
export interface ResolvedTag {
  uuid: string;
  name: string;
  parent: string | null;
  color: string | null;
  createdAt: string;
}

/** The tag tree every device derives from the same document: canonical tags (parents first) and where each uuid went. */
export interface TagResolution {
  /** Canonical tags, parents before children. */
  tags: ResolvedTag[];
  /** Every live uuid (canonical or not) → its canonical uuid. */
  alias: Map<string, string>;
}

const byUuid = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sibling names compare ignoring case, as the tags table's unique index and tag lookup do. */
export function nameKey(name: string): string {
  return name.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Resolves the tags of a library document deterministically, so every device projects
 * the same tree from the same document: a tag whose parent was deleted hangs under
 * the nearest surviving ancestor; a parent cycle (two concurrent moves) is broken at
 * its smallest uuid, which goes to the top level; siblings with the same name (the same
 * path created on two devices) become one tag, the smallest uuid, holding the quotes
 * and children of both. Pure: depends only on `entries`.
 */
export function resolveTags(entries: Map<string, TagEntry>): TagResolution {
  const valid = (e: TagEntry | undefined): e is TagEntry => !!e && !e.gone && typeof e.name === 'string' && nameKey(e.name) !== '' && !e.name.includes('/');
  const live = [...entries.keys()].filter((u) => valid(entries.get(u))).sort(byUuid);
  const liveSet = new Set(live);
  // The nearest live ancestor along raw parent links (deleted parents are skipped over).
  const parent = new Map<string, string | null>();
  for (const u of live) {
    let p = entries.get(u)!.parent;
    const seen = new Set<string>([u]);
    while (p !== null && !liveSet.has(p) && !seen.has(p)) {
      seen.add(p);
      p = entries.get(p)?.parent ?? null;
    }
    parent.set(u, p !== null && liveSet.has(p) ? p : null);
  }
  // Break cycles at their smallest uuid.
  for (const u of live) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cur: string | null = u;
    while (cur !== null && !onPath.has(cur)) {
      onPath.add(cur);
      path.push(cur);
      cur = parent.get(cur) ?? null;
    }
    if (cur !== null) {
      const cycle = path.slice(path.indexOf(cur)).sort(byUuid);
      parent.set(cycle[0]!, null);
    }
  }
  // Children by raw (live) parent; top-down, siblings with one name merge into the smallest uuid.
  const children = new Map<string | null, string[]>();
  for (const u of live) {
    const p = parent.get(u) ?? null;
    const list = children.get(p) ?? [];
    list.push(u);
    children.set(p, list);
  }
  const alias = new Map<string, string>();
  const tags: ResolvedTag[] = [];
  const queue: { canonical: string | null; members: string[] }[] = [{ canonical: null, members: [] }];
  while (queue.length) {
    const { canonical, members } = queue.shift()!;
    const kids = canonical === null ? [...(children.get(null) ?? [])] : members.flatMap((m) => children.get(m) ?? []);
    const groups = new Map<string, string[]>();
    for (const k of kids.sort(byUuid)) {
      const key = nameKey(entries.get(k)!.name);
      const g = groups.get(key) ?? [];
      g.push(k);
      groups.set(key, g);
    }
    for (const group of groups.values()) {
      const winner = group[0]!;
      const e = entries.get(winner)!;
      const color = e.color ?? group.map((g) => entries.get(g)!.color).find((c) => c !== null) ?? null;
      tags.push({ uuid: winner, name: e.name.replace(/\s+/g, ' ').trim(), parent: canonical, color, createdAt: e.createdAt });
      for (const g of group) alias.set(g, winner);
      queue.push({ canonical: winner, members: group });
    }
  }
  return { tags, alias };
}
