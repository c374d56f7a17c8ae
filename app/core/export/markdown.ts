import type { DocNode } from '../notes';
import { QUOTE_EMBED } from '../notes';
import type { Rich } from '../cite/rich';
import { articleEntries, BIBLIOGRAPHY_BLOCK, exportWorks, hasBibliographyBlock, noteCiting, type NoteCiting } from './citing';
import { notesWithEmbeds, walkReport, type ExportContext, type ExportFormat } from './format';
import { distinctWorks } from '../cite/works';
import { locatorText } from '../cite/locator';
import { articleInfos, citationLine, citationOf, embedCitationLine, embedsOf, type ArticleInfo, type Embed } from './rows';

/** Escapes text so that Markdown shows it literally. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>|~]/g, '\\$&').replace(/^(\s*)([#>+=-]|\d+[.)])/gm, '$1\\$2');
}

/** Prefixes every line of `text` with `prefix` (blank lines get it without trailing space). */
function prefixLines(text: string, prefix: string, first = prefix): string {
  return text
    .split('\n')
    .map((line, i) => ((i === 0 ? first : prefix) + line).replace(/[ \t]+$/, ''))
    .join('\n');
}

function linkTarget(href: unknown): string | null {
  return typeof href === 'string' && /^(https?:|mailto:)/i.test(href) ? href.replace(/[()\s]/g, encodeURIComponent) : null;
}

/** A quote as a Markdown blockquote followed by its plain citation line (with its page or paragraph), linked to the work's URL. */
export function quoteBlock(embed: Embed, note = ''): string {
  const url = citationOf(embed.article).url;
  const line = escapeMarkdown(embedCitationLine(embed));
  const cite = url ? `[${line}](${linkTarget(url) ?? ''})` : line;
  return `${prefixLines(escapeMarkdown(embed.quote.exact), '> ')}\n>\n> — ${cite}${note}`;
}

/** Formatted citation text as one Markdown paragraph: emphasis with `*`, superscripts and subscripts in pandoc's `^…^` and `~…~`. */
export function richMarkdown(runs: Rich): string {
  const md = runs
    .map((r) => {
      const [, lead = '', core = '', trail = ''] = /^(\s*)([\s\S]*?)(\s*)$/.exec(r.text.replace(/\s+/g, ' ')) ?? [];
      if (!core) return lead + trail;
      let out = core.replace(/[\\`*_[\]<>|~^]/g, '\\$&');
      if (r.sup) out = `^${out.replace(/ /g, '\\ ')}^`;
      if (r.sub) out = `~${out.replace(/ /g, '\\ ')}~`;
      if (r.bold) out = `**${out}**`;
      if (r.italic) out = `*${out}*`;
      return lead + out + trail;
    })
    .join('');
  return md.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** How a note's embeds are cited: Apostil's plain line, a CSL style, or pandoc citations for `pandoc --citeproc`. */
export type EmbedCiting = { kind: 'plain' } | { kind: 'style'; citing: NoteCiting } | { kind: 'pandoc'; citing: NoteCiting };

/** A pandoc citation of an embed: `[@key, para. 3]`. */
function pandocCite(citing: NoteCiting, quoteId: number): string {
  const c = citing.cite(quoteId);
  if (!c) return '';
  const locator = c.locator ? `, ${locatorText(c.locator)}` : '';
  return `[@${c.key}${locator}]`;
}

function citedEmbed(embed: Embed, cite: EmbedCiting): string {
  const trashed = embed.quote.deletedAt ? ' *(quote in trash)*' : '';
  if (cite.kind === 'plain') return quoteBlock(embed, trashed);
  const citation = cite.kind === 'pandoc' ? pandocCite(cite.citing, embed.quote.id) : `— ${richMarkdown(cite.citing.cite(embed.quote.id)?.citation ?? [])}`;
  return `${prefixLines(escapeMarkdown(embed.quote.exact), '> ')}\n>\n> ${citation}${trashed}`;
}

function bibliographyMarkdown(cite: EmbedCiting, headingLevel: number): string {
  if (cite.kind === 'plain') return '';
  if (cite.kind === 'pandoc') return '::: {#refs}\n:::';
  const { heading, bibliography } = cite.citing;
  return [`${'#'.repeat(Math.min(6, headingLevel))} ${escapeMarkdown(heading)}`, ...bibliography.map(richMarkdown)].join('\n\n');
}

const MARK_ORDER = ['link', 'strong', 'em', 'strike', 'code'];
type Mark = NonNullable<DocNode['marks']>[number];

function openMark(m: Mark): string {
  return { link: '[', strong: '**', em: '*', strike: '~~', code: '`' }[m.type] ?? '';
}

function closeMark(m: Mark): string {
  if (m.type === 'link') {
    const href = linkTarget(m.attrs?.href);
    return href ? `](${href})` : ']()';
  }
  return openMark(m);
}

function inline(nodes: DocNode[]): string {
  let out = '';
  let active: Mark[] = [];
  const sameMark = (a: Mark, b: Mark) => a.type === b.type && JSON.stringify(a.attrs ?? {}) === JSON.stringify(b.attrs ?? {});
  const setMarks = (marks: Mark[]) => {
    let keep = 0;
    while (keep < active.length && keep < marks.length && sameMark(active[keep]!, marks[keep]!)) keep++;
    for (let i = active.length - 1; i >= keep; i--) out += closeMark(active[i]!);
    for (let i = keep; i < marks.length; i++) out += openMark(marks[i]!);
    active = marks;
  };
  for (const node of nodes) {
    const marks = (node.marks ?? []).filter((m) => MARK_ORDER.includes(m.type)).sort((a, b) => MARK_ORDER.indexOf(a.type) - MARK_ORDER.indexOf(b.type));
    if (node.type === 'text') {
      setMarks(marks);
      const code = active.some((m) => m.type === 'code');
      out += code ? (node.text ?? '').replace(/`/g, '\u02cb') : escapeMarkdown(node.text ?? '');
    } else if (node.type === 'hard_break') {
      setMarks([]);
      out += '\\\n';
    } else if (node.type === 'image') {
      setMarks(marks);
      out += escapeMarkdown(String(node.attrs?.alt ?? ''));
    } else if (node.content) {
      setMarks(marks);
      out += inline(node.content);
    }
  }
  setMarks([]);
  return out;
}

function isInline(node: DocNode): boolean {
  return node.type === 'text' || node.type === 'hard_break' || node.type === 'image';
}

/**
 * Renders one note document as Markdown (headings moved `headingOffset` levels down);
 * quote embeds become blockquotes with their citation, a bibliography block the works cited.
 */
export function docMarkdown(doc: DocNode, embeds: Map<number, Embed>, headingOffset = 0, cite: EmbedCiting = { kind: 'plain' }): string {
  const blocks = (nodes: DocNode[], tight = false): string =>
    nodes
      .map(block)
      .filter((b) => b !== '')
      .join(tight ? '\n' : '\n\n');
  const block = (node: DocNode): string => {
    const content = node.content ?? [];
    switch (node.type) {
      case 'paragraph':
        return inline(content);
      case 'heading':
        return `${'#'.repeat(Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1)) + headingOffset))} ${inline(content)}`;
      case 'blockquote':
        return prefixLines(blocks(content), '> ');
      case 'bullet_list':
        return content.map((item) => prefixLines(blocks(item.content ?? []), '  ', '- ')).join('\n');
      case 'ordered_list': {
        const start = Number(node.attrs?.order ?? 1);
        return content
          .map((item, i) => {
            const marker = `${start + i}. `;
            return prefixLines(blocks(item.content ?? []), ' '.repeat(marker.length), marker);
          })
          .join('\n');
      }
      case 'code_block': {
        const text = content.map((c) => c.text ?? '').join('');
        const fence = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
        return `${fence}${typeof node.attrs?.language === 'string' ? node.attrs.language.replace(/\s/g, '') : ''}\n${text}\n${fence}`;
      }
      case 'horizontal_rule':
        return '---';
      case QUOTE_EMBED: {
        const embed = embeds.get(node.attrs?.quoteId as number);
        return embed ? citedEmbed(embed, cite) : '> *(quote removed)*';
      }
      case BIBLIOGRAPHY_BLOCK:
        return bibliographyMarkdown(cite, headingOffset + 2);
      default:
        return content.some(isInline) ? inline(content) : blocks(content, node.type === 'list_item');
    }
  };
  return blocks(doc.content ?? []);
}

function articleInfosOf(ctx: ExportContext): ArticleInfo[] {
  return [...articleInfos(ctx.lib, ctx.selection.articleIds).values()];
}

/** YAML front matter for pandoc: the title, and the bibliography as a file name or inline CSL-JSON references. */
function frontMatter(ctx: ExportContext): string {
  const file = ctx.options.bibliographyFile;
  const refs = file ? `bibliography: ${JSON.stringify(file)}` : `references: ${JSON.stringify(distinctWorks(exportWorks(ctx)))}`;
  const csl = ctx.options.styleFile ? `\ncsl: ${JSON.stringify(ctx.options.styleFile)}` : '';
  return `---\ntitle: ${JSON.stringify(ctx.selection.title)}\n${refs}${csl}\n---\n\n`;
}

/** Markdown: an annotations report (per article its citation, then each quote with tags and comment) and notes; one quote as a cited blockquote. */
export const markdown: ExportFormat = {
  extension: 'md',
  mime: 'text/markdown; charset=utf-8',
  run(ctx) {
    const { write, selection } = ctx;
    if (selection.scope.kind === 'quote') {
      const embeds = embedsOf(ctx.lib, selection.quoteIds);
      for (const embed of embeds.values()) write(`${quoteBlock(embed)}\n`);
      return;
    }
    const pandoc = ctx.options.citations === 'pandoc';
    if (pandoc) write(frontMatter(ctx));
    if (selection.scope.kind !== 'note') {
      write(`# ${escapeMarkdown(selection.title)}\n`);
      const entries = articleEntries(ctx, articleInfosOf(ctx));
      // An article's own report is headed by its title already: no second heading for it.
      const heading = (a: ArticleInfo) => (selection.scope.kind === 'article' ? '' : `\n## ${escapeMarkdown(a.title)}\n`);
      walkReport(ctx, {
        article(a) {
          const c = citationOf(a);
          const entry = entries?.get(a.id);
          if (entry) return write(`${heading(a)}\n${richMarkdown(entry)}\n`);
          write(
            `${heading(a)}\n${escapeMarkdown(citationLine(c))}${c.url ? `  \n${linkTarget(c.url) ? `<${linkTarget(c.url)!.replace(/[<>]/g, encodeURIComponent)}>` : escapeMarkdown(c.url)}` : ''}\n`,
          );
        },
        quote(q) {
          write(`\n${prefixLines(escapeMarkdown(q.exact), '> ')}\n`);
          const meta = [
            q.tags.length ? `**Tags:** ${q.tags.map((t) => `\`${t.replace(/`/g, '\u02cb')}\``).join(', ')}` : '',
            q.comment ? `**Comment:** ${escapeMarkdown(q.comment).replace(/\n/g, '  \n')}` : '',
          ].filter(Boolean);
          if (meta.length) write(`\n${meta.join('  \n')}\n`);
        },
        noQuotes() {
          write('\n*No quotes.*\n');
        },
      });
      if (selection.noteIds.length) write('\n# Notes\n');
    }
    const single = selection.scope.kind === 'note';
    for (const { note, embeds } of notesWithEmbeds(ctx)) {
      const citing = noteCiting(ctx, note);
      const cite: EmbedCiting = citing ? { kind: pandoc ? 'pandoc' : 'style', citing } : { kind: 'plain' };
      let body = docMarkdown(note.doc, embeds, single ? 1 : 2, cite);
      if (cite.kind === 'style' && !hasBibliographyBlock(note.doc) && citing!.bibliography.length) body += `\n\n${bibliographyMarkdown(cite, single ? 2 : 3)}`;
      write(`${single ? '#' : '\n##'} ${escapeMarkdown(note.title || 'Untitled note')}\n${body ? `\n${body}\n` : ''}`);
    }
  },
};
