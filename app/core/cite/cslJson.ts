import type { JsonNode } from 'citeproc';

/** A CSL style or locale in citeproc-js's JSON form (how Apostil ships its styles and locales). */
export type CslNode = JsonNode;

const CSL_NS = 'http://purl.org/net/xbiblio/csl';

function isNode(value: unknown): value is CslNode {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.name === 'string' &&
    typeof v.attrs === 'object' &&
    v.attrs !== null &&
    Object.values(v.attrs).every((a) => typeof a === 'string') &&
    Array.isArray(v.children) &&
    v.children.every((c) => typeof c === 'string' || isNode(c))
  );
}

/** Parses a shipped JSON style or locale, checking that its root element is `root` (`style` or `locale`). */
export function parseCslNode(text: string, root: 'style' | 'locale'): CslNode {
  const value: unknown = JSON.parse(text);
  if (!isNode(value) || value.name !== root) throw new Error(`not a CSL ${root} in JSON form`);
  return value;
}

function childNamed(node: CslNode, name: string): CslNode | undefined {
  return node.children.find((c): c is CslNode => typeof c !== 'string' && c.name === name);
}

/** The text of a style's `info/title` (empty when it has none). */
export function styleTitle(style: CslNode): string {
  const info = childNamed(style, 'info');
  const title = info && childNamed(info, 'title');
  return title
    ? title.children
        .filter((c): c is string => typeof c === 'string')
        .join('')
        .trim()
    : '';
}

function escapeXml(text: string, attr: boolean): string {
  const out = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return attr ? out.replace(/"/g, '&quot;') : out;
}

function elementXml(node: CslNode, root: boolean): string {
  const attrs = { ...(root && !node.attrs.xmlns ? { xmlns: CSL_NS } : {}), ...node.attrs };
  const open = `<${node.name}${Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escapeXml(v, true)}"`)
    .join('')}`;
  const inner = node.children.map((c) => (typeof c === 'string' ? escapeXml(c, false) : elementXml(c, false))).join('');
  return inner ? `${open}>${inner}</${node.name}>` : `${open}/>`;
}

/** A JSON style or locale written back as a CSL XML document (for tools that read `.csl` files, such as pandoc). */
export function cslNodeToXml(node: CslNode): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n${elementXml(node, true)}\n`;
}
