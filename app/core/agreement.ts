import { ApostilError } from './errors';
import type { Library } from './library';
import { tagPaths } from './tags';

/**
 * Inter-coder agreement over the quotes of a shared library, as NVivo computes it: for
 * each tag of a subtree, every character (Unicode code point) of the compared articles'
 * current text is a unit, coded or not by each coder (coded when one of the coder's live,
 * anchored quotes tagged with exactly that tag covers it). Coders are quote authors
 * (their display names). Two coders give percent agreement and Cohen's kappa; any
 * number gives Krippendorff's alpha (nominal, two values: coded / not coded).
 */

/** Per-unit counts for two coders over binary codes. */
export interface TwoCoderCounts {
  /** Units both coded. */
  both: number;
  /** Units only the first coder coded. */
  onlyFirst: number;
  /** Units only the second coder coded. */
  onlySecond: number;
  /** Units neither coded. */
  neither: number;
}

/** Share of units on which both coders agree; null without units. */
export function percentAgreement(c: TwoCoderCounts): number | null {
  const n = c.both + c.onlyFirst + c.onlySecond + c.neither;
  return n ? (c.both + c.neither) / n : null;
}

/**
 * Cohen's kappa for two coders and two categories: (po − pe) / (1 − pe). Null when it is
 * undefined: no units, or pe = 1 (both coders put every unit in the same single category).
 */
export function cohensKappa(c: TwoCoderCounts): number | null {
  const n = c.both + c.onlyFirst + c.onlySecond + c.neither;
  if (!n) return null;
  const po = (c.both + c.neither) / n;
  const p1 = (c.both + c.onlyFirst) / n;
  const p2 = (c.both + c.onlySecond) / n;
  const pe = p1 * p2 + (1 - p1) * (1 - p2);
  return pe >= 1 ? null : (po - pe) / (1 - pe);
}

/**
 * Krippendorff's alpha, nominal, for data in which every unit has a value from each of
 * `coders` coders and values are binary: `histogram[k]` is the number of units that
 * exactly k coders coded (k = 0…coders). Null when undefined (fewer than two coders or
 * pairable values, or no variation at all).
 */
export function binaryAlpha(histogram: readonly number[], coders: number): number | null {
  if (coders < 2 || histogram.length !== coders + 1) return null;
  let ones = 0;
  let zeros = 0;
  let within = 0;
  histogram.forEach((units, k) => {
    ones += units * k;
    zeros += units * (coders - k);
    within += (units * k * (coders - k)) / (coders - 1);
  });
  const n = ones + zeros;
  if (n < 2 || ones === 0 || zeros === 0) return null;
  return 1 - ((n - 1) * within) / (ones * zeros);
}

/**
 * Krippendorff's alpha, nominal, for any values with missing data: `units[u][c]` is coder
 * c's value for unit u, or null when c gave none. Units with fewer than two values are
 * not pairable and left out. Null when undefined (no pairable values or no variation).
 */
export function nominalAlpha(units: readonly (readonly (string | number | null)[])[]): number | null {
  const coincidences = new Map<string, number>();
  const key = (a: string | number, b: string | number) => JSON.stringify([a, b]);
  const totals = new Map<string | number, number>();
  for (const unit of units) {
    const values = unit.filter((v): v is string | number => v !== null);
    const m = values.length;
    if (m < 2) continue;
    values.forEach((a, i) => {
      totals.set(a, (totals.get(a) ?? 0) + 1);
      values.forEach((b, j) => {
        if (i !== j) coincidences.set(key(a, b), (coincidences.get(key(a, b)) ?? 0) + 1 / (m - 1));
      });
    });
  }
  const n = [...totals.values()].reduce((s, v) => s + v, 0);
  if (n < 2) return null;
  let observed = 0;
  for (const [k, o] of coincidences) {
    const [a, b] = JSON.parse(k) as [string | number, string | number];
    if (a !== b) observed += o;
  }
  let expected = 0;
  for (const [a, na] of totals) for (const [b, nb] of totals) if (a !== b) expected += na * nb;
  if (expected === 0) return null;
  return 1 - ((n - 1) * observed) / expected;
}

/** What to compare: the tags of a subtree, over some articles, between some coders. */
export interface AgreementRequest {
  /** The subtree's root tag path. */
  tag: string;
  /** Articles to compare; default: every live article holding a live quote of the subtree by one of the coders. */
  articleIds?: number[];
  /** Coders by display name; default: every author of a live quote in the compared articles. */
  coders?: string[];
}

/** Agreement for one tag of the subtree. */
export interface TagAgreement {
  /** The tag's path. */
  tag: string;
  /** Share of characters on which all coders agree (coded by all or by none); null without characters. */
  agreement: number | null;
  /** Cohen's kappa; only with exactly two coders (null when undefined). */
  kappa?: number | null;
  /** Krippendorff's alpha, nominal (null when undefined). */
  alpha: number | null;
  /** Characters each coder coded with this tag, in the order of `coders`. */
  coded: number[];
}

/** The agreement table. */
export interface AgreementResult {
  coders: string[];
  articles: number[];
  /** Characters compared (units per tag). */
  units: number;
  tags: TagAgreement[];
}

interface CoderQuote {
  article: number;
  start: number;
  end: number;
  coder: string;
  tag: number;
}

/** Computes the agreement table for a tag subtree (see the module comment for how spans are compared). */
export function computeAgreement(lib: Library, req: AgreementRequest): AgreementResult {
  const store = lib.store;
  const subtree = lib.tags.subtree(req.tag);
  const paths = tagPaths(store, subtree);
  const tagIds = [...subtree].sort((a, b) => (paths.get(a) ?? '').localeCompare(paths.get(b) ?? ''));
  const quotes = store
    .stmt<CoderQuote>(
      `SELECT q.article_id AS article, q.start, q."end" AS "end", q.author_name AS coder, qt.tag_id AS tag
         FROM quotes q JOIN quote_tags qt ON qt.quote_id = q.id JOIN articles a ON a.id = q.article_id
        WHERE q.deleted_at IS NULL AND a.deleted_at IS NULL AND q.author_name <> '' AND q.status <> 'orphaned'
          AND q.revision = a.revision AND qt.tag_id IN (SELECT value FROM json_each(?))`,
    )
    .all(JSON.stringify(subtree));
  let articleIds = req.articleIds ? [...new Set(req.articleIds)].sort((a, b) => a - b) : undefined;
  for (const id of articleIds ?? []) lib.articles.summary(id);
  let coders = req.coders ? [...new Set(req.coders)] : undefined;
  if (!coders) {
    const inScope = articleIds ? new Set(articleIds) : undefined;
    const authors = store
      .stmt<{ coder: string; article: number }>(
        "SELECT DISTINCT q.author_name AS coder, q.article_id AS article FROM quotes q WHERE q.deleted_at IS NULL AND q.author_name <> ''",
      )
      .all();
    coders = [...new Set(authors.filter((a) => !inScope || inScope.has(a.article)).map((a) => a.coder))].sort();
  }
  if (coders.length < 2) {
    throw new ApostilError('invalid_request', `Agreement needs at least two coders (quote authors); found ${coders.length ? coders.join(', ') : 'none'}.`);
  }
  const coderIndex = new Map(coders.map((c, i) => [c, i]));
  const relevant = quotes.filter((q) => coderIndex.has(q.coder));
  articleIds ??= [...new Set(relevant.map((q) => q.article))].sort((a, b) => a - b);
  const inArticles = new Set(articleIds);
  const m = coders.length;
  const histograms = new Map(tagIds.map((t) => [t, new Array<number>(m + 1).fill(0)]));
  const pairs = new Map(tagIds.map((t) => [t, { both: 0, onlyFirst: 0, onlySecond: 0, neither: 0 }]));
  const coded = new Map(tagIds.map((t) => [t, new Array<number>(m).fill(0)]));
  let units = 0;
  const body = store.stmt<{ body: string }>('SELECT body FROM articles WHERE id = ?');
  for (const articleId of articleIds) {
    const text = body.get(articleId)?.body ?? '';
    // Code-point starts: a unit is a character, not a UTF-16 unit.
    const starts: number[] = [];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0xdc00 && c <= 0xdfff && i > 0 && text.charCodeAt(i - 1) >= 0xd800 && text.charCodeAt(i - 1) <= 0xdbff) continue;
      starts.push(i);
    }
    units += starts.length;
    const here = relevant.filter((q) => q.article === articleId && inArticles.has(q.article));
    for (const tag of tagIds) {
      const masks = coders.map(() => new Uint8Array(text.length));
      for (const q of here) if (q.tag === tag) masks[coderIndex.get(q.coder)!]!.fill(1, Math.max(0, q.start), Math.min(text.length, q.end));
      const hist = histograms.get(tag)!;
      const pair = pairs.get(tag)!;
      const perCoder = coded.get(tag)!;
      for (const i of starts) {
        let k = 0;
        for (let c = 0; c < m; c++)
          if (masks[c]![i]) {
            k++;
            perCoder[c]!++;
          }
        hist[k]!++;
        if (m === 2) {
          const a = masks[0]![i] === 1;
          const b = masks[1]![i] === 1;
          if (a && b) pair.both++;
          else if (a) pair.onlyFirst++;
          else if (b) pair.onlySecond++;
          else pair.neither++;
        }
      }
    }
  }
  const tags = tagIds.map((t): TagAgreement => {
    const hist = histograms.get(t)!;
    const agree = hist[0]! + hist[m]!;
    return {
      tag: paths.get(t) ?? '',
      agreement: units ? agree / units : null,
      ...(m === 2 ? { kappa: cohensKappa(pairs.get(t)!) } : {}),
      alpha: binaryAlpha(hist, m),
      coded: coded.get(t)!,
    };
  });
  return { coders, articles: articleIds, units, tags };
}

/** The agreement table as CSV (RFC 4180, CRLF): tag, agreement, kappa (two coders), alpha, then characters coded per coder. */
export function agreementCsv(r: AgreementResult): string {
  const cell = (v: string | number | null | undefined) => {
    if (v === null || v === undefined) return '';
    const s = String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const two = r.coders.length === 2;
  const head = ['tag', 'agreement', ...(two ? ['kappa'] : []), 'alpha', ...r.coders.map((c) => `coded_${c}`)];
  const rows = r.tags.map((t) => [t.tag, t.agreement, ...(two ? [t.kappa] : []), t.alpha, ...t.coded]);
  return [head, ...rows].map((row) => `${row.map(cell).join(',')}\r\n`).join('');
}
