import type { DocNode } from '../notes';
import { QUOTE_EMBED } from '../notes';
import { richHtml } from '../cite/rich';
import { articleEntries, BIBLIOGRAPHY_BLOCK, hasBibliographyBlock, noteCiting, type NoteCiting } from './citing';
import { notesWithEmbeds, walkReport, type ExportFormat } from './format';
import { articleInfos, citationLine, citationOf, embedCitationLine, type ArticleInfo, type Embed } from './rows';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function safeHref(href: unknown): string | null {
  return typeof href === 'string' && /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : null;
}

const STYLE = `
:root { color-scheme: light; }
body { margin: 2rem auto; max-width: 46rem; padding: 0 1rem; line-height: 1.75; color: #1a1a1a; background: #fff;
  font-family: "Noto Serif CJK TC", "Noto Serif TC", "Source Han Serif TC", "Songti TC", "PMingLiU", "Noto Serif CJK SC",
    "Noto Serif CJK JP", "Noto Serif CJK KR", "Noto Sans CJK TC", "Microsoft JhengHei", "Hiragino Mincho ProN", serif;
  line-break: strict; overflow-wrap: anywhere; }
h1, h2, h3 { line-height: 1.4; font-family: "Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei",
  "Noto Sans CJK SC", "Noto Sans CJK JP", "Noto Sans CJK KR", sans-serif; }
.article { border-top: 1px solid #ccc; margin-top: 2rem; }
.citation { color: #555; font-size: .95em; }
.bibliography .csl-entry { padding-left: 2em; text-indent: -2em; margin: .4rem 0; }
.quote { break-inside: avoid; margin: 1.25rem 0; }
blockquote { margin: 0; padding: .25rem 1rem; border-left: 4px solid var(--mark, #e0b000); background: #fafaf5; white-space: pre-wrap; }
.meta { font-size: .9em; color: #333; margin: .35rem 0 0 1.25rem; }
.tag { display: inline-block; padding: 0 .45em; margin-right: .3em; border: 1px solid #bbb; border-radius: .6em; font-size: .9em; }
.comment { white-space: pre-wrap; }
.removed { color: #888; font-style: italic; }
.note { border-top: 1px solid #ccc; margin-top: 2rem; }
figure.embed { margin: 1rem 0; }
figure.embed figcaption { font-size: .9em; color: #555; margin-left: 1.25rem; }
@media print { body { margin: 0; max-width: none; } a { color: inherit; } .article, .note { break-before: auto; } }
`;

/** An article's plain citation line, linked to its URL; `line` overrides the line (an embed's, with its locator). */
function citationHtml(a: ArticleInfo, line?: string): string {
  const c = citationOf(a);
  const text = escapeHtml(line ?? citationLine(c));
  const href = safeHref(c.url);
  return href ? `${text} <a href="${escapeHtml(href)}">${escapeHtml(href)}</a>` : text;
}

function embedHtml(embed: Embed | undefined, citing: NoteCiting | null): string {
  if (!embed) return '<p class="removed">(quote removed)</p>';
  const removed = embed.quote.deletedAt ? ' <span class="removed">(quote in trash)</span>' : '';
  const styled = citing?.cite(embed.quote.id);
  const citation = styled ? richHtml(styled.citation) : citationHtml(embed.article, embedCitationLine(embed));
  return `<figure class="embed"><blockquote>${escapeHtml(embed.quote.exact)}</blockquote><figcaption>— ${citation}${removed}</figcaption></figure>`;
}

/** A note's bibliography: its heading and one paragraph per work. */
function bibliographyHtml(citing: NoteCiting | null): string {
  if (!citing) return '';
  return `<section class="bibliography"><h3>${escapeHtml(citing.heading)}</h3>${citing.bibliography.map((e) => `<p class="csl-entry">${richHtml(e)}</p>`).join('')}</section>`;
}

const MARK_TAGS: Record<string, string> = { strong: 'strong', em: 'em', code: 'code', strike: 's', underline: 'u' };

function inlineHtml(node: DocNode): string {
  let html: string;
  if (node.type === 'text') html = escapeHtml(node.text ?? '');
  else if (node.type === 'hard_break') return '<br>';
  else if (node.type === 'image') html = escapeHtml(String(node.attrs?.alt ?? ''));
  else html = (node.content ?? []).map(inlineHtml).join('');
  for (const mark of node.marks ?? []) {
    const tag = MARK_TAGS[mark.type];
    if (tag) html = `<${tag}>${html}</${tag}>`;
    const href = mark.type === 'link' ? safeHref(mark.attrs?.href) : null;
    if (href) html = `<a href="${escapeHtml(href)}">${html}</a>`;
  }
  return html;
}

/** Renders one note document as HTML; quote embeds become figures with their citation (in a CSL style when `citing` is given). */
export function docHtml(doc: DocNode, embeds: Map<number, Embed>, citing: NoteCiting | null = null): string {
  const children = (node: DocNode) => (node.content ?? []).map(block).join('');
  const block = (node: DocNode): string => {
    switch (node.type) {
      case 'paragraph':
        return `<p>${children(node) || ''}</p>`;
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1))) + 2;
        return `<h${Math.min(6, level)}>${children(node)}</h${Math.min(6, level)}>`;
      }
      case 'blockquote':
        return `<blockquote>${children(node)}</blockquote>`;
      case 'bullet_list':
        return `<ul>${children(node)}</ul>`;
      case 'ordered_list':
        return `<ol start="${Number(node.attrs?.order ?? 1) || 1}">${children(node)}</ol>`;
      case 'list_item':
        return `<li>${children(node)}</li>`;
      case 'code_block':
        return `<pre><code>${escapeHtml((node.content ?? []).map((c) => c.text ?? '').join(''))}</code></pre>`;
      case 'horizontal_rule':
        return '<hr>';
      case QUOTE_EMBED:
        return embedHtml(embeds.get(node.attrs?.quoteId as number), citing);
      case BIBLIOGRAPHY_BLOCK:
        return bibliographyHtml(citing);
      case 'text':
      case 'hard_break':
      case 'image':
        return inlineHtml(node);
      default:
        return (node.content ?? []).map((c) => block(c)).join('') || inlineHtml(node);
    }
  };
  const content = doc.content ?? [];
  return content.map((n) => (n.type === 'text' ? inlineHtml(n) : block(n))).join('\n');
}

/** HTML: a self-contained, printable report (no scripts, no external resources, CJK fonts). */
export const html: ExportFormat = {
  extension: 'html',
  mime: 'text/html; charset=utf-8',
  run(ctx) {
    const { write, selection } = ctx;
    const lang = ctx.lib.store
      .stmt<{ lang: string }>('SELECT lang FROM articles WHERE lang IS NOT NULL GROUP BY lang ORDER BY count(*) DESC LIMIT 1')
      .get()?.lang;
    write(
      `<!DOCTYPE html>\n<html lang="${escapeHtml(lang ?? 'und')}">\n<head>\n<meta charset="utf-8">\n` +
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">\n` +
        `<meta name="generator" content="${escapeHtml(ctx.generator)}">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n` +
        `<title>${escapeHtml(selection.title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n<h1>${escapeHtml(selection.title)}</h1>\n`,
    );
    if (selection.scope.kind !== 'note') {
      let open = false;
      const entries = articleEntries(ctx, [...articleInfos(ctx.lib, selection.articleIds).values()]);
      walkReport(ctx, {
        article(a) {
          if (open) write('</section>\n');
          open = true;
          const entry = entries?.get(a.id);
          write(
            `<section class="article"${a.lang ? ` lang="${escapeHtml(a.lang)}"` : ''}>\n${selection.scope.kind === 'article' ? '' : `<h2>${escapeHtml(a.title)}</h2>\n`}<p class="citation">${entry ? richHtml(entry) : citationHtml(a)}</p>\n`,
          );
        },
        quote(q) {
          const style = q.color ? ` style="--mark: ${q.color}"` : '';
          const tags = q.tags.length ? `<div class="tags">${q.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join('')}</div>` : '';
          const comment = q.comment ? `<div class="comment">${escapeHtml(q.comment)}</div>` : '';
          write(
            `<div class="quote" id="quote-${q.id}"${style}><blockquote>${escapeHtml(q.exact)}</blockquote>${tags || comment ? `<div class="meta">${tags}${comment}</div>` : ''}</div>\n`,
          );
        },
        noQuotes() {
          write('<p class="removed">No quotes.</p>\n');
        },
      });
      if (open) write('</section>\n');
    }
    for (const { note, embeds } of notesWithEmbeds(ctx)) {
      const heading = selection.scope.kind === 'note' ? '' : `<h2>${escapeHtml(note.title || 'Untitled note')}</h2>\n`;
      const citing = noteCiting(ctx, note);
      const trailing = citing && !hasBibliographyBlock(note.doc) && citing.bibliography.length ? bibliographyHtml(citing) : '';
      write(`<section class="note">\n${heading}${docHtml(note.doc, embeds, citing)}${trailing}\n</section>\n`);
    }
    write('</body>\n</html>\n');
  },
};
