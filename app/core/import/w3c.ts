import { matchTextPosition, matchTextQuote, type TextRange } from '../anchoring/selectors';
import { ApostilError } from '../errors';
import type { Library } from '../library';
import { MAX_COMMENT_CHARS } from '../limits';
import { addThenIndex, countRepeated, PROGRESS_EVERY, type ImportProgress, type ImportReport } from './report';
import type { AddedRows } from '../search/index';

/** What Apostil reads from one W3C Annotation. */
interface Parsed extends Selectors {
  id: string | null;
  uuid: string | null;
  source: string | null;
  comment: string;
  tags: string[];
  created: string | null;
  modified: string | null;
}

const UUID_IRI = /^urn:uuid:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function list(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function types(v: Record<string, unknown>): string[] {
  return list(v.type).filter((t): t is string => typeof t === 'string');
}

function iri(v: unknown): string | null {
  const first = list(v)[0];
  if (typeof first === 'string') return first;
  return isRecord(first) && typeof first.id === 'string' ? first.id : null;
}

function isoTime(v: unknown): string | null {
  return typeof v === 'string' && !Number.isNaN(Date.parse(v)) ? new Date(v).toISOString() : null;
}

/** Every Annotation in a document: a single one, a list, a page (following embedded `next` pages) or a collection, in document order. */
function annotations(json: unknown, name: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  const stack: unknown[] = [json];
  while (stack.length) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      continue;
    }
    if (!isRecord(v)) continue;
    const t = types(v);
    if (t.includes('Annotation')) out.push(v);
    else if (t.includes('AnnotationPage')) {
      if (isRecord(v.next)) stack.push(v.next);
      stack.push(v.items);
    } else if (t.includes('AnnotationCollection')) {
      if (typeof v.first === 'string' && Number(v.total ?? 1) > 0) {
        throw new ApostilError(
          'bad_file',
          `${name} links to its annotation pages instead of containing them; Apostil works offline and cannot fetch ${v.first}. Nothing was imported.`,
        );
      }
      stack.push(v.first);
    }
  }
  return out;
}

function cleanTag(value: string): string | null {
  const path = value
    .split('/')
    .map((s) => s.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('/');
  return path || null;
}

function parse(a: Record<string, unknown>): Parsed {
  const id = iri(a.id) ?? (typeof a.id === 'string' ? a.id : null);
  const target = list(a.target).find((t) => isRecord(t) && t.selector !== undefined) ?? list(a.target)[0];
  const selectors = isRecord(target) ? list(target.selector).filter(isRecord) : [];
  const q = selectors.find((s) => types(s).includes('TextQuoteSelector') && typeof s.exact === 'string');
  const p = selectors.find((s) => types(s).includes('TextPositionSelector') && Number.isInteger(s.start) && Number.isInteger(s.end));
  const comments: string[] = [];
  const tags: string[] = [];
  if (typeof a.bodyValue === 'string' && a.bodyValue.trim()) comments.push(a.bodyValue);
  for (const body of list(a.body)) {
    if (!isRecord(body) || typeof body.value !== 'string' || !body.value.trim()) continue;
    if (list(body.purpose).includes('tagging')) {
      const tag = cleanTag(body.value);
      if (tag) tags.push(tag);
    } else comments.push(body.value);
  }
  return {
    id,
    uuid: UUID_IRI.exec(id ?? '')?.[1]?.toLowerCase() ?? null,
    source: isRecord(target) ? iri(target.source) : iri(target),
    quote: q ? { exact: q.exact as string, prefix: typeof q.prefix === 'string' ? q.prefix : '', suffix: typeof q.suffix === 'string' ? q.suffix : '' } : null,
    position: p ? { start: p.start as number, end: p.end as number } : null,
    comment: comments.join('\n\n'),
    tags,
    created: isoTime(a.created),
    modified: isoTime(a.modified),
  };
}

function nearest(ranges: TextRange[], hint: TextRange | null): TextRange {
  if (!hint) return ranges[0]!;
  return ranges.reduce((best, r) => (Math.abs(r.start - hint.start) < Math.abs(best.start - hint.start) ? r : best));
}

/** A quote selector and a position selector (code points), either of which may be absent. */
export interface Selectors {
  quote: { exact: string; prefix: string; suffix: string } | null;
  position: TextRange | null;
}

/**
 * Places selectors on a text, returning a UTF-16 range: the position when the text
 * there is the quote; else the quote with its prefix and suffix (nearest the position
 * when it occurs more than once); on the article the selectors name, also the quote alone.
 */
export function anchorSelectors(body: string, a: Selectors, named: boolean): TextRange | null {
  const position = a.position ? matchTextPosition(body, a.position) : null;
  if (!a.quote) return named ? position : null;
  if (position && body.slice(position.start, position.end) === a.quote.exact) return position;
  const withContext = matchTextQuote(body, a.quote);
  if (withContext.length) return nearest(withContext, position);
  if (!named || !a.quote.exact) return null;
  const bare = matchTextQuote(body, { exact: a.quote.exact });
  return bare.length ? nearest(bare, position) : null;
}

/**
 * Imports W3C Web Annotations as quotes, re-anchored by their selectors onto articles
 * with the same text (the article the target names first, then every other). An
 * annotation already present (same id, or same range) is not duplicated; one that fits
 * no article is reported as unmatched.
 */
export function importAnnotations(lib: Library, name: string, json: unknown, report: ImportReport, progress?: ImportProgress): void {
  const found = annotations(json, name);
  if (!found.length) throw new ApostilError('bad_file', `${name} contains no annotations. Nothing was imported.`);
  const phases = addThenIndex(found.length, progress);
  lib.searchIndex.adding((added) => addAnnotations(lib, name, found, report, added, phases.adding), phases.indexing);
}

function addAnnotations(lib: Library, name: string, found: Record<string, unknown>[], report: ImportReport, added: AddedRows, progress?: ImportProgress): void {
  const articles = lib.store.db.prepare<[], { id: number; uuid: string }>('SELECT id, uuid FROM articles WHERE deleted_at IS NULL ORDER BY id').all();
  const byIri = new Map(articles.map((r) => [`urn:uuid:${r.uuid}`, r.id]));
  const bodies = new Map<number, string>();
  const bodyOf = (id: number) => {
    if (!bodies.has(id)) bodies.set(id, lib.articles.body(id));
    return bodies.get(id)!;
  };
  const learned = new Map<string, number>();
  const sameRange = lib.store.stmt<{ id: number }>('SELECT id FROM quotes WHERE article_id = ? AND start = ? AND "end" = ? AND deleted_at IS NULL');
  const uuidTaken = lib.store.stmt<{ id: number }>('SELECT id FROM quotes WHERE uuid = ?');
  /** Quotes this import created or matched. */
  const taken = new Set<number>();
  /** Quotes this import created, so that a duplicate inside the file is told from one already there. */
  const createdHere = new Set<number>();

  for (const [i, raw] of found.entries()) {
    if (i % PROGRESS_EVERY === 0) progress?.(i, found.length);
    const a = parse(raw);
    const unmatched = (reason: string) => report.quotes.unmatched.push({ id: a.id, exact: a.quote?.exact ?? '', reason });
    const sameUuid = a.uuid ? uuidTaken.get(a.uuid) : undefined;
    if (sameUuid) {
      if (createdHere.has(sameUuid.id)) countRepeated(report.quotes);
      else report.quotes.existing++;
      continue;
    }
    if (!a.quote && !a.position) {
      unmatched('it has no TextQuoteSelector or TextPositionSelector');
      continue;
    }
    if (a.comment.length > MAX_COMMENT_CHARS)
      throw new ApostilError('too_large', `${name}: annotation ${a.id ?? ''} has a comment longer than ${MAX_COMMENT_CHARS} characters. Nothing was imported.`);
    const named = (a.source && (byIri.get(a.source) ?? learned.get(a.source))) || undefined;
    let placed: { articleId: number; range: TextRange } | null = null;
    for (const articleId of [...(named ? [named] : []), ...articles.map((r) => r.id).filter((id) => id !== named)]) {
      const range = anchorSelectors(bodyOf(articleId), a, articleId === named);
      if (range && range.start < range.end) {
        placed = { articleId, range };
        break;
      }
    }
    if (!placed) {
      unmatched(a.quote ? 'its text was not found in any article' : 'its position does not fit the article it names');
      continue;
    }
    if (a.source) learned.set(a.source, placed.articleId);
    // Each quote already on the same range stands for one annotation; two annotations of
    // the file on one passage (two readers' notes) stay two quotes.
    const present = sameRange.all(placed.articleId, placed.range.start, placed.range.end).find((row) => !taken.has(row.id));
    if (present) {
      taken.add(present.id);
      report.quotes.existing++;
      continue;
    }
    const quote = lib.quotes.create({ articleId: placed.articleId, ...placed.range, comment: a.comment, tags: a.tags });
    const created = a.created ?? quote.createdAt;
    lib.store
      .stmt('UPDATE quotes SET uuid = ?, created_at = ?, updated_at = ? WHERE id = ?')
      .run(a.uuid ?? quote.uuid, created, a.modified ?? created, quote.id);
    taken.add(quote.id);
    createdHere.add(quote.id);
    added.quotes.push(quote.id);
    report.quotes.created++;
  }
  progress?.(found.length, found.length);
}
