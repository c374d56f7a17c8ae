import { MY_ID_SQL, MY_NAME_SQL } from './authorship';
import { ApostilError, inTrash, notFound } from './errors';
import { jsonDepth } from './nesting';
import type { DocNode, Note, NoteSummary } from './model';
import type { Store } from './store';
import { nowIso } from './text';
import { newUuid } from './uid';

/**
 * Notes are ProseMirror documents stored as JSON. The core does not know the editor's
 * schema; it checks the generic node shape, extracts plain text for search, and
 * finds quote embeds: nodes of type `quote_embed` with `attrs.quoteId`.
 */

export type { DocNode, Note, NoteSummary } from './model';

/** The node type of a quote embedded in a note. */
export const QUOTE_EMBED = 'quote_embed';
/** Largest note document, as JSON characters. */
export const MAX_NOTE_JSON = 5_000_000;
/** Largest note title, in UTF-16 code units. */
export const MAX_NOTE_TITLE = 1000;
const MAX_DEPTH = 200;
const EXCERPT = 200;
const NAME = /^[A-Za-z_][\w-]{0,63}$/;

/** An empty note document. */
export function emptyDoc(): DocNode {
  return { type: 'doc', content: [{ type: 'paragraph' }] };
}

/** Link targets a note may hold: nothing that runs (`javascript:`, `data:`, `vbscript:` …). */
const SAFE_LINK = /^(https?:|mailto:)/i;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function invalid(path: string, problem: string): never {
  throw new ApostilError('invalid_request', `The note document is not valid: ${path} ${problem}.`);
}

function checkNode(node: unknown, path: string, depth: number): void {
  if (depth > MAX_DEPTH) invalid(path, `nests deeper than ${MAX_DEPTH} levels`);
  if (!isRecord(node)) invalid(path, 'is not a node object');
  for (const key of Object.keys(node)) {
    if (!['type', 'attrs', 'content', 'text', 'marks'].includes(key)) invalid(path, `has an unknown key "${key}"`);
  }
  if (typeof node.type !== 'string' || !NAME.test(node.type)) invalid(path, 'needs a "type" name');
  if (node.attrs !== undefined && !isRecord(node.attrs)) invalid(`${path}.attrs`, 'must be an object');
  if (node.type === 'text') {
    if (typeof node.text !== 'string' || node.text === '') invalid(path, 'is a text node without text');
    if (node.content !== undefined) invalid(path, 'is a text node with content');
  } else if (node.text !== undefined) {
    invalid(path, 'has text but is not a text node');
  }
  if (node.type === 'image' && !SAFE_LINK.test(String(node.attrs?.src ?? ''))) invalid(`${path}.attrs.src`, 'must be an http(s) address');
  if (node.type === QUOTE_EMBED) {
    const quoteId = node.attrs?.quoteId;
    if (!Number.isSafeInteger(quoteId) || (quoteId as number) <= 0) invalid(`${path}.attrs.quoteId`, 'must be a quote id');
  }
  if (node.marks !== undefined) {
    if (!Array.isArray(node.marks)) invalid(`${path}.marks`, 'must be a list');
    node.marks.forEach((m: unknown, i) => {
      if (!isRecord(m) || typeof m.type !== 'string' || !NAME.test(m.type)) invalid(`${path}.marks[${i}]`, 'needs a "type" name');
      if (m.attrs !== undefined && !isRecord(m.attrs)) invalid(`${path}.marks[${i}].attrs`, 'must be an object');
      if (m.type === 'link' && !SAFE_LINK.test(String(m.attrs?.href ?? ''))) invalid(`${path}.marks[${i}].attrs.href`, 'must be an http(s) or mailto link');
    });
  }
  if (node.content !== undefined) {
    if (!Array.isArray(node.content)) invalid(`${path}.content`, 'must be a list');
    node.content.forEach((child: unknown, i) => checkNode(child, `${path}.content[${i}]`, depth + 1));
  }
}

/** Checks that `doc` is a ProseMirror document as JSON (root type `doc`) within the size limit. */
export function validateDoc(doc: unknown): DocNode {
  if (jsonDepth(doc, 2 * MAX_DEPTH + 2) > 2 * MAX_DEPTH + 2) invalid('doc', `nests deeper than ${MAX_DEPTH} levels`);
  const json = JSON.stringify(doc ?? null);
  if (json.length > MAX_NOTE_JSON) throw new ApostilError('too_large', `A note is limited to ${MAX_NOTE_JSON} characters of JSON.`);
  checkNode(doc, 'doc', 0);
  if ((doc as DocNode).type !== 'doc') invalid('doc', 'must have type "doc" at the root');
  return doc as DocNode;
}

const INLINE_BREAKS = new Set(['hard_break']);

/** The plain text of a document: text nodes joined, one line per block. Quote embeds add nothing. */
export function docText(doc: DocNode): string {
  const lines: string[] = [];
  let line = '';
  const walk = (node: DocNode) => {
    if (node.type === 'text') {
      line += node.text ?? '';
      return;
    }
    if (INLINE_BREAKS.has(node.type)) {
      line += '\n';
      return;
    }
    const inline = !node.content || node.content.some((c) => c.type === 'text' || INLINE_BREAKS.has(c.type));
    node.content?.forEach(walk);
    if (inline && line) {
      lines.push(line);
      line = '';
    }
  };
  walk(doc);
  if (line) lines.push(line);
  return lines.join('\n');
}

/** The ids of the quotes a document embeds, in document order, without repeats. */
export function embeddedQuoteIds(doc: DocNode): number[] {
  const ids: number[] = [];
  const walk = (node: DocNode) => {
    if (node.type === QUOTE_EMBED && typeof node.attrs?.quoteId === 'number' && !ids.includes(node.attrs.quoteId)) ids.push(node.attrs.quoteId);
    node.content?.forEach(walk);
  };
  walk(doc);
  return ids;
}

/** A copy of `doc` with every quote embed's id passed through `map` (used when merging libraries). */
export function remapQuoteIds(doc: DocNode, map: (id: number) => number): DocNode {
  const copy = (node: DocNode): DocNode => {
    const out: DocNode = { ...node };
    if (node.type === QUOTE_EMBED && node.attrs) out.attrs = { ...node.attrs, quoteId: map(node.attrs.quoteId as number) };
    if (node.content) out.content = node.content.map(copy);
    return out;
  };
  return copy(doc);
}

function cleanTitle(title: string): string {
  const clean = title.replace(/\s+/g, ' ').trim();
  if (clean.length > MAX_NOTE_TITLE) throw new ApostilError('too_large', `A note title is limited to ${MAX_NOTE_TITLE} characters.`);
  return clean;
}

interface NoteRow {
  id: number;
  uuid: string;
  title: string;
  doc: string;
  text: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

function toNote(row: NoteRow): Note {
  const doc = JSON.parse(row.doc) as DocNode;
  return {
    id: row.id,
    uuid: row.uuid,
    title: row.title,
    excerpt: row.text.slice(0, EXCERPT),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
    doc,
    text: row.text,
    quoteIds: embeddedQuoteIds(doc),
  };
}

function toSummary({ doc: _doc, text: _text, quoteIds: _ids, ...summary }: Note): NoteSummary {
  return summary;
}

/** A note to add exactly as it was (restore from a backup). */
export interface NoteRecord {
  id?: number;
  uuid: string;
  title: string;
  doc: unknown;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

/** Notes: create, edit, list, soft delete and restore. The search index follows them by triggers (migrations/0002). */
export class Notes {
  constructor(private readonly store: Store) {}

  /** One note, live or in the trash. */
  get(id: number): Note {
    const row = this.store.stmt<NoteRow>('SELECT * FROM notes WHERE id = ?').get(id);
    if (!row) notFound('note', id);
    return toNote(row);
  }

  /** The id of the note with this uuid, if any. */
  idOfUuid(uuid: string): number | undefined {
    return this.store.stmt<{ id: number }>('SELECT id FROM notes WHERE uuid = ?').get(uuid)?.id;
  }

  /** Notes without their documents, most recently edited first. */
  list(state: 'live' | 'trash' | 'all' = 'live'): NoteSummary[] {
    const where = { live: 'deleted_at IS NULL', trash: 'deleted_at IS NOT NULL', all: '1' }[state];
    return this.store
      .stmt<NoteRow>(`SELECT * FROM notes WHERE ${where} ORDER BY updated_at DESC, id DESC`)
      .all()
      .map((r) => toSummary(toNote(r)));
  }

  /** Starts a note; without a document it holds one empty paragraph. */
  create(input: { title?: string; doc?: unknown } = {}): Note {
    const now = nowIso();
    return this.store.tx(() => {
      const id = this.insert({ uuid: newUuid(), title: input.title ?? '', doc: input.doc ?? emptyDoc(), createdAt: now, updatedAt: now, deletedAt: null });
      this.store.stmt(`UPDATE notes SET editor_id = ${MY_ID_SQL}, editor_name = ${MY_NAME_SQL} WHERE id = ?`).run(id);
      return this.get(id);
    });
  }

  /** Adds a note row as given (validating its document); returns its id. */
  insert(record: NoteRecord): number {
    const doc = validateDoc(record.doc);
    const fixedId = record.id !== undefined && !this.store.stmt('SELECT 1 FROM notes WHERE id = ?').get(record.id) ? record.id : null;
    const id = Number(
      this.store
        .stmt('INSERT INTO notes (id, uuid, title, doc, text, created_at, updated_at, deleted_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(fixedId, record.uuid, cleanTitle(record.title), JSON.stringify(doc), docText(doc), record.createdAt, record.updatedAt, record.deletedAt)
        .lastInsertRowid,
    );
    return id;
  }

  /** Changes a live note's title and/or document. */
  update(id: number, changes: { title?: string; doc?: unknown }): Note {
    const note = this.get(id);
    if (note.deletedAt) inTrash('note', id);
    const title = changes.title === undefined ? note.title : cleanTitle(changes.title);
    const doc = changes.doc === undefined ? note.doc : validateDoc(changes.doc);
    return this.store.tx(() => {
      this.store
        .stmt(`UPDATE notes SET title = ?, doc = ?, text = ?, updated_at = ?, editor_id = ${MY_ID_SQL}, editor_name = ${MY_NAME_SQL} WHERE id = ?`)
        .run(title, JSON.stringify(doc), docText(doc), nowIso(), id);
      return this.get(id);
    });
  }

  /** Moves a note to the trash; `restore` brings it back. */
  delete(id: number): Note {
    const note = this.get(id);
    if (note.deletedAt) inTrash('note', id);
    return this.setDeleted(id, nowIso());
  }

  /** Takes a note out of the trash. */
  restore(id: number): Note {
    if (!this.get(id).deletedAt) throw new ApostilError('conflict', `Note ${id} is not in the trash.`);
    return this.setDeleted(id, null);
  }

  private setDeleted(id: number, deletedAt: string | null): Note {
    return this.store.tx(() => {
      this.store.stmt('UPDATE notes SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, deletedAt ?? nowIso(), id);
      return this.get(id);
    });
  }
}
