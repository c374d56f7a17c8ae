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
  id: number;
  article: number;
  start: number;
  end: number;
  coder: string;
  tag: number;
}

/** What a comparison covers once its defaults are filled in. */
interface Scope {
  coders: string[];
  coderIndex: Map<string, number>;
  articleIds: number[];
  /** The coders' live, anchored quotes in the compared articles with a tag of `tagIds`. */
  quotes: CoderQuote[];
  /** The subtree's tags, in path order. */
  tagIds: number[];
  paths: Map<number, string>;
}

/** Resolves a request against the library: the subtree's tags, the coders and articles (defaults filled in) and their quotes. */
function scopeOf(lib: Library, req: AgreementRequest): Scope {
  const store = lib.store;
  const subtree = lib.tags.subtree(req.tag);
  const paths = tagPaths(store, subtree);
  const tagIds = [...subtree].sort((a, b) => (paths.get(a) ?? '').localeCompare(paths.get(b) ?? ''));
  const quotes = store
    .stmt<CoderQuote>(
      `SELECT q.id, q.article_id AS article, q.start, q."end" AS "end", q.author_name AS coder, qt.tag_id AS tag
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
  const byCoder = quotes.filter((q) => coderIndex.has(q.coder));
  articleIds ??= [...new Set(byCoder.map((q) => q.article))].sort((a, b) => a - b);
  const inArticles = new Set(articleIds);
  return { coders, coderIndex, articleIds, quotes: byCoder.filter((q) => inArticles.has(q.article)), tagIds, paths };
}

/** Computes the agreement table for a tag subtree (see the module comment for how spans are compared). */
export function computeAgreement(lib: Library, req: AgreementRequest): AgreementResult {
  const store = lib.store;
  const { coders, coderIndex, articleIds, quotes: relevant, tagIds, paths } = scopeOf(lib, req);
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
    const here = relevant.filter((q) => q.article === articleId);
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

/** Most disagreement spans one `agreement:disagreements` call returns. */
export const MAX_DISAGREEMENTS_PAGE = 500;
/** Characters of context shown on each side of a disagreement span. */
const CONTEXT_CHARS = 40;

/** Which tag's disagreements to list, in which scope, and which window of them. */
export interface DisagreementRequest extends AgreementRequest {
  /** The tag whose spans are listed: `tag` itself or one of its descendants (default `tag`). */
  focus?: string;
  /** Spans to skip (they are ordered by article, then position). */
  offset?: number;
  /** Spans to return at most (default and most: {@link MAX_DISAGREEMENTS_PAGE}). */
  limit?: number;
}

/** One coder's side of a disagreement span. */
export interface CoderSide {
  /** True when this coder coded the span's characters with the tag. */
  coded: boolean;
  /** The coder's quotes with the tag that cover the span (empty when not coded). */
  quotes: { id: number; exact: string }[];
}

/**
 * A maximal run of characters of one article on which the coders split the same way:
 * some coded it with the tag and some did not (runs where all or none coded it are
 * agreement and left out); where the split changes, a new span begins.
 */
export interface DisagreementSpan {
  articleId: number;
  title: string;
  /** Body offsets (UTF-16, as quotes and the reader use them), end exclusive. */
  start: number;
  end: number;
  /** The span's text, and up to 40 characters of the article before and after it. */
  text: string;
  before: string;
  after: string;
  /** Characters (code points) in the span: its units in the statistics. */
  characters: number;
  /** Each coder's side, in the order of `coders`. */
  coders: CoderSide[];
}

/** The disagreements over one tag: a window of the spans and how many there are in all. */
export interface DisagreementResult {
  coders: string[];
  articles: number[];
  /** The tag's path. */
  tag: string;
  /** Spans in all, and the characters they hold (the units the coders disagree on). */
  total: number;
  characters: number;
  spans: DisagreementSpan[];
}

/** Code points in `s` (a unit of the statistics is a character, not a UTF-16 unit). */
function codePoints(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** Cuts `s` to at most `n` UTF-16 units from its start or end, without splitting a surrogate pair. */
function clip(s: string, n: number, fromEnd: boolean): string {
  if (s.length <= n) return s;
  let cut = fromEnd ? s.slice(s.length - n) : s.slice(0, n);
  if (fromEnd && /^[\udc00-\udfff]/.test(cut)) cut = cut.slice(1);
  if (!fromEnd && /[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  return cut;
}

/**
 * Lists the spans of text where the coders disagree on one tag of a subtree, compared as
 * {@link computeAgreement} compares them (the same characters, coders and articles).
 */
export function listDisagreements(lib: Library, req: DisagreementRequest): DisagreementResult {
  const scope = scopeOf(lib, req);
  const focusPath = req.focus ?? req.tag;
  const focus = lib.tags.require(focusPath);
  if (!scope.tagIds.includes(focus)) throw new ApostilError('invalid_request', `The tag "${focusPath}" is not in the subtree of "${req.tag}".`);
  const offset = req.offset ?? 0;
  const limit = Math.min(req.limit ?? MAX_DISAGREEMENTS_PAGE, MAX_DISAGREEMENTS_PAGE);
  const m = scope.coders.length;
  const article = lib.store.stmt<{ body: string; title: string }>('SELECT body, title FROM articles WHERE id = ?');
  const exact = lib.store.stmt<{ exact: string }>('SELECT exact FROM quotes WHERE id = ?');
  const spans: DisagreementSpan[] = [];
  let total = 0;
  let characters = 0;
  for (const articleId of scope.articleIds) {
    const here = scope.quotes.filter((q) => q.article === articleId && q.tag === focus);
    if (!here.length) continue;
    const row = article.get(articleId);
    const text = row?.body ?? '';
    const clamp = (n: number) => Math.max(0, Math.min(text.length, n));
    const ranges = here.map((q) => ({ ...q, start: clamp(q.start), end: clamp(q.end) })).filter((q) => q.start < q.end);
    // Between two consecutive quote boundaries every character is coded by the same coders.
    const bounds = [...new Set(ranges.flatMap((q) => [q.start, q.end]))].sort((a, b) => a - b);
    let open: { start: number; end: number; key: string; covering: CoderQuote[] } | undefined;
    const close = () => {
      if (!open) return;
      const piece = text.slice(open.start, open.end);
      const n = codePoints(piece);
      total++;
      characters += n;
      if (total > offset && spans.length < limit) {
        const covering = open.covering;
        spans.push({
          articleId,
          title: row?.title ?? '',
          start: open.start,
          end: open.end,
          text: piece,
          before: clip(text.slice(0, open.start), CONTEXT_CHARS, true),
          after: clip(text.slice(open.end), CONTEXT_CHARS, false),
          characters: n,
          coders: scope.coders.map((c) => {
            const mine = covering.filter((q) => q.coder === c);
            return { coded: mine.length > 0, quotes: mine.map((q) => ({ id: q.id, exact: exact.get(q.id)?.exact ?? '' })) };
          }),
        });
      }
      open = undefined;
    };
    for (let i = 0; i + 1 < bounds.length; i++) {
      const start = bounds[i]!;
      const end = bounds[i + 1]!;
      const covering = ranges.filter((q) => q.start < end && q.end > start);
      const who = new Set(covering.map((q) => scope.coderIndex.get(q.coder)!));
      if (who.size === 0 || who.size === m) {
        close();
        continue;
      }
      const key = [...who].sort((a, b) => a - b).join(',');
      if (open && open.key === key && open.end === start) {
        open.end = end;
        for (const q of covering) if (!open.covering.includes(q)) open.covering.push(q);
      } else {
        close();
        open = { start, end, key, covering: [...covering] };
      }
    }
    close();
  }
  return { coders: scope.coders, articles: scope.articleIds, tag: scope.paths.get(focus) ?? focusPath, total, characters, spans };
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

/** The agreement table as a CSV file to save: a name made from the root tag, the media type and the content (with a BOM for spreadsheets when asked). */
export function agreementFile(lib: Library, req: AgreementRequest & { bom?: boolean }): { filename: string; mime: string; content: string } {
  const table = computeAgreement(lib, req);
  // eslint-disable-next-line no-control-regex
  const name = req.tag.replace(/[\\/:*?"<>|\u0000-\u001f]+/g, '-').slice(0, 100);
  return { filename: `agreement-${name}.csv`, mime: 'text/csv', content: `${req.bom ? '\uFEFF' : ''}${agreementCsv(table)}` };
}
