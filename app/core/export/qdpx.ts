import { createHash } from 'node:crypto';
import { zipSync } from 'fflate';
import type { QuoteAuthor } from '../model';
import type { ExportFormat } from './format';
import { codesXml, escapeXml } from './qdc';
import { articleInfos, quoteRecords, tagPaths, type QuoteRecord } from './rows';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A GUID for `id`: itself when it is one (uuids, person ids), else one derived from it by SHA-1, the same every time. */
export function guidOf(id: string): string {
  if (GUID.test(id)) return id.toLowerCase();
  const h = createHash('sha1').update(id, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The user a coding is credited to: who linked the tag, else who made the quote. */
function coderOf(q: QuoteRecord, tag: string): QuoteAuthor | undefined {
  return q.tagBy.get(tag) ?? q.author;
}

/**
 * REFI-QDA project (`.qdpx`: a zip of `project.qde`, namespace `urn:QDA-XML:project:1.0`,
 * and the articles' texts under `sources/`): the coders as `<Users>` (person id as GUID,
 * display name), the tag hierarchy as the CodeBook, each article a TextSource and each
 * anchored quote a PlainTextSelection (code-point positions, its comment as Description)
 * with one Coding per tag, `creatingUser` naming who linked it (else the quote's author).
 * Orphaned quotes have no place in the text and are left out. A library that never synced
 * has no Users and no `creatingUser`.
 */
export const qdpx: ExportFormat = {
  extension: 'qdpx',
  mime: 'application/zip',
  encoding: 'base64',
  run(ctx) {
    const { lib, selection } = ctx;
    const articles = articleInfos(lib, selection.articleIds);
    const uuids = new Map(
      lib.store.db
        .prepare<[], { id: number; uuid: string }>('SELECT id, uuid FROM tags')
        .all()
        .map((r) => [r.id, r.uuid]),
    );
    const paths = tagPaths(lib);
    const users = new Map<string, string>();
    const byArticle = new Map<number, string[]>();
    const user = (p: QuoteAuthor | undefined): string => {
      if (!p) return '';
      const guid = guidOf(p.id);
      if (!users.has(guid)) users.set(guid, p.name);
      return ` creatingUser="${guid}"`;
    };
    for (const q of quoteRecords(lib, selection.quoteIds, paths)) {
      if (q.status === 'orphaned') continue;
      const name = escapeXml([...q.exact].slice(0, 60).join(''));
      const lines = [
        `      <PlainTextSelection guid="${guidOf(q.uuid)}" name="${name}" startPosition="${q.startCp}" endPosition="${q.endCp}"${user(q.author)} creationDateTime="${escapeXml(q.createdAt)}">`,
      ];
      if (q.comment) lines.push(`        <Description>${escapeXml(q.comment)}</Description>`);
      for (const tagId of q.tagIds) {
        const uuid = uuids.get(tagId);
        if (!uuid) continue;
        lines.push(
          `        <Coding guid="${guidOf(`${q.uuid}/${uuid}`)}"${user(coderOf(q, paths.get(tagId) ?? ''))}>`,
          `          <CodeRef targetGUID="${escapeXml(uuid)}"/>`,
          '        </Coding>',
        );
      }
      lines.push('      </PlainTextSelection>');
      byArticle.set(q.articleId, [...(byArticle.get(q.articleId) ?? []), lines.join('\n')]);
    }
    const files: Record<string, Uint8Array> = {};
    const encoder = new TextEncoder();
    const body = lib.store.db.prepare<[number], { body: string }>('SELECT body FROM articles WHERE id = ?');
    const sources: string[] = [];
    for (const a of articles.values()) {
      const guid = guidOf(a.uuid);
      files[`sources/${guid}.txt`] = encoder.encode(body.get(a.id)?.body ?? '');
      const selections = byArticle.get(a.id) ?? [];
      const head = `    <TextSource guid="${guid}" name="${escapeXml(a.title)}" plainTextPath="internal://${guid}.txt"`;
      sources.push(selections.length ? `${head}>\n${selections.join('\n')}\n    </TextSource>` : `${head}/>`);
    }
    const usersXml = users.size
      ? `  <Users>\n${[...users].map(([guid, name]) => `    <User guid="${guid}" name="${escapeXml(name)}"/>`).join('\n')}\n  </Users>\n`
      : '';
    const project =
      '<?xml version="1.0" encoding="utf-8"?>\n' +
      `<Project xmlns="urn:QDA-XML:project:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
      `xsi:schemaLocation="urn:QDA-XML:project:1.0 Project.xsd" name="${escapeXml(selection.title)}" origin="${escapeXml(ctx.generator)}">\n` +
      usersXml +
      `  <CodeBook>\n    <Codes>\n${codesXml(lib, selection.tagIds, 3)}    </Codes>\n  </CodeBook>\n` +
      (sources.length ? `  <Sources>\n${sources.join('\n')}\n  </Sources>\n` : '') +
      '</Project>\n';
    files['project.qde'] = encoder.encode(project);
    ctx.write(Buffer.from(zipSync(files)).toString('base64'));
  },
};
