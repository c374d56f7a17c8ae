import type { Library } from '../library';
import type { ExportFormat } from './format';

/** Escapes text for XML content and attribute values, dropping characters XML 1.0 cannot carry. */
export function escapeXml(text: string): string {
  return text
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

interface TagNode {
  id: number;
  uuid: string;
  name: string;
  parentId: number | null;
  color: string | null;
}

/**
 * The `<Code>` elements of the tag hierarchy (a tag-scoped selection: that tag's subtree),
 * nested, each with its GUID (the tag's uuid) and colour, indented from `depth`: what a
 * REFI-QDA codebook and a project's CodeBook hold.
 */
export function codesXml(lib: Library, tagIds: number[] | null | undefined, depth: number): string {
  const rows = lib.store.db
    .prepare<[], TagNode>('SELECT id, uuid, name, parent_id AS parentId, color FROM tags')
    .all()
    .sort((a, b) => a.name.localeCompare(b.name));
  const children = new Map<number | null, TagNode[]>();
  for (const t of rows) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const inScope = tagIds ? new Set(tagIds) : null;
  const roots = inScope ? rows.filter((t) => inScope.has(t.id) && !inScope.has(t.parentId ?? -1)) : (children.get(null) ?? []);
  const code = (t: TagNode, level: number): string => {
    const pad = '  '.repeat(level);
    const color = t.color ? ` color="${escapeXml(t.color.toUpperCase())}"` : '';
    const head = `${pad}<Code guid="${escapeXml(t.uuid)}" name="${escapeXml(t.name)}" isCodable="true"${color}`;
    const kids = children.get(t.id) ?? [];
    return kids.length ? `${head}>\n${kids.map((k) => code(k, level + 1)).join('')}${pad}</Code>\n` : `${head}/>\n`;
  };
  return roots.map((t) => code(t, depth)).join('');
}

/**
 * REFI-QDA codebook (`.qdc`, namespace `urn:QDA-XML:codebook:1.0`): the tag hierarchy as
 * nested codes with their GUIDs and colours, for QualCoder, ATLAS.ti, MAXQDA and NVivo.
 * A tag-scoped export holds that tag's subtree.
 */
export const qdc: ExportFormat = {
  extension: 'qdc',
  mime: 'application/xml; charset=utf-8',
  run(ctx) {
    const { lib, selection, write } = ctx;
    write(
      '<?xml version="1.0" encoding="utf-8"?>\n' +
        `<CodeBook xmlns="urn:QDA-XML:codebook:1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ` +
        `xsi:schemaLocation="urn:QDA-XML:codebook:1.0 Codebook.xsd" origin="${escapeXml(ctx.generator)}">\n` +
        `  <Codes>\n${codesXml(lib, selection.tagIds, 2)}  </Codes>\n</CodeBook>\n`,
    );
  },
};
