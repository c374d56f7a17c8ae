import { AlignmentType, BorderStyle, Document, ExternalHyperlink, HeadingLevel, LevelFormat, Paragraph, TextRun, type ParagraphChild } from 'docx';
import type { Rich } from '../cite/rich';
import type { DocNode } from '../notes';
import { QUOTE_EMBED } from '../notes';
import { articleEntries, BIBLIOGRAPHY_BLOCK, hasBibliographyBlock, noteCiting, type NoteCiting } from './citing';
import { packDocx } from './docxPack';
import { notesWithEmbeds, walkReport, type ExportContext, type ExportFormat } from './format';
import { articleInfos, citationLine, citationOf, embedCitationLine, type Embed } from './rows';

const HEADINGS = [
  HeadingLevel.HEADING_1,
  HeadingLevel.HEADING_2,
  HeadingLevel.HEADING_3,
  HeadingLevel.HEADING_4,
  HeadingLevel.HEADING_5,
  HeadingLevel.HEADING_6,
];
const MONO = 'Consolas';
const QUOTE_STYLE = 'Quote';
const CITATION_STYLE = 'Citation';
const BIBLIOGRAPHY_STYLE = 'Bibliography';
type Mark = NonNullable<DocNode['marks']>[number];

function safeHref(href: unknown): string | null {
  return typeof href === 'string' && /^(https?:|mailto:)/i.test(href.trim()) ? href.trim() : null;
}

/** A formatted citation as Word runs, keeping italics, bold, small capitals and super/subscripts. */
function richRuns(runs: Rich): TextRun[] {
  return runs.map((r) => new TextRun({ text: r.text, italics: r.italic, bold: r.bold, smallCaps: r.smallCaps, superScript: r.sup, subScript: r.sub }));
}

function textRun(text: string, marks: Mark[]): TextRun {
  const has = (t: string) => marks.some((m) => m.type === t);
  return new TextRun({
    text,
    bold: has('strong') || undefined,
    italics: has('em') || undefined,
    strike: has('strike') || undefined,
    underline: has('underline') ? {} : undefined,
    font: has('code') ? MONO : undefined,
    style: marks.some((m) => m.type === 'link') ? 'Hyperlink' : undefined,
  });
}

/** A note's inline content as Word runs and links. */
function inlineRuns(nodes: DocNode[], inherited: Mark[] = []): ParagraphChild[] {
  const out: ParagraphChild[] = [];
  for (const node of nodes) {
    const marks = [...inherited, ...(node.marks ?? [])];
    if (node.type === 'text') {
      const run = textRun(node.text ?? '', marks);
      const href = safeHref(marks.find((m) => m.type === 'link')?.attrs?.href);
      out.push(href ? new ExternalHyperlink({ link: href, children: [run] }) : run);
    } else if (node.type === 'hard_break') {
      out.push(new TextRun({ break: 1 }));
    } else if (node.content) {
      out.push(...inlineRuns(node.content, marks));
    }
  }
  return out;
}

/** Walks one note document into Word paragraphs. */
class NoteWriter {
  readonly paragraphs: Paragraph[] = [];
  private lists = 0;

  constructor(
    private readonly embeds: Map<number, Embed>,
    private readonly citing: NoteCiting | null,
  ) {}

  blocks(nodes: DocNode[], ctx: { quote?: boolean; list?: { ordered: boolean; level: number; instance: number } } = {}): void {
    for (const node of nodes) this.block(node, ctx);
  }

  private para(children: ParagraphChild[], ctx: { quote?: boolean; list?: { ordered: boolean; level: number; instance: number } }, first = true): Paragraph {
    const list = ctx.list && first ? ctx.list : undefined;
    return new Paragraph({
      children,
      style: ctx.quote ? QUOTE_STYLE : undefined,
      bullet: list && !list.ordered ? { level: list.level } : undefined,
      numbering: list?.ordered ? { reference: 'ordered', level: list.level, instance: list.instance } : undefined,
      indent: ctx.list && !first ? { left: 720 * (ctx.list.level + 1) } : undefined,
    });
  }

  private block(node: DocNode, ctx: { quote?: boolean; list?: { ordered: boolean; level: number; instance: number } }): void {
    const content = node.content ?? [];
    switch (node.type) {
      case 'paragraph':
        this.paragraphs.push(this.para(inlineRuns(content), ctx));
        return;
      case 'heading': {
        const level = Math.min(6, Math.max(1, Number(node.attrs?.level ?? 1)));
        this.paragraphs.push(new Paragraph({ children: inlineRuns(content), heading: HEADINGS[level - 1] }));
        return;
      }
      case 'blockquote':
        this.blocks(content, { ...ctx, quote: true });
        return;
      case 'bullet_list':
      case 'ordered_list': {
        const level = ctx.list ? ctx.list.level + 1 : 0;
        const instance = ctx.list?.instance ?? ++this.lists;
        for (const item of content) {
          const [first, ...rest] = item.content ?? [];
          const list = { ordered: node.type === 'ordered_list', level: Math.min(level, 8), instance };
          if (first) this.block(first, { ...ctx, list });
          this.blocks(rest, { ...ctx, list: { ...list, level: Math.min(level + 1, 8) } });
        }
        return;
      }
      case 'code_block':
        this.paragraphs.push(new Paragraph({ children: [new TextRun({ text: content.map((c) => c.text ?? '').join(''), font: MONO })] }));
        return;
      case 'horizontal_rule':
        this.paragraphs.push(new Paragraph({ children: [], border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '999999', space: 1 } } }));
        return;
      case QUOTE_EMBED:
        this.embed(this.embeds.get(node.attrs?.quoteId as number));
        return;
      case BIBLIOGRAPHY_BLOCK:
        this.bibliography();
        return;
      default:
        if (content.some((c) => c.type === 'text')) this.paragraphs.push(this.para(inlineRuns(content), ctx));
        else this.blocks(content, ctx);
    }
  }

  private embed(embed: Embed | undefined): void {
    if (!embed) {
      this.paragraphs.push(new Paragraph({ children: [new TextRun({ text: '(quote removed)', italics: true })], style: QUOTE_STYLE }));
      return;
    }
    const lines = embed.quote.exact.split('\n');
    this.paragraphs.push(new Paragraph({ style: QUOTE_STYLE, children: lines.flatMap((l, i) => [new TextRun({ text: l, break: i ? 1 : undefined })]) }));
    const styled = this.citing?.cite(embed.quote.id);
    const citation = styled ? richRuns(styled.citation) : [new TextRun(embedCitationLine(embed))];
    const trashed = embed.quote.deletedAt ? [new TextRun({ text: ' (quote in trash)', italics: true })] : [];
    this.paragraphs.push(new Paragraph({ style: CITATION_STYLE, children: [new TextRun('— '), ...citation, ...trashed] }));
  }

  /** The works cited, under a heading in the style's language. */
  bibliography(): void {
    if (!this.citing) return;
    this.paragraphs.push(new Paragraph({ text: this.citing.heading, heading: HeadingLevel.HEADING_1 }));
    for (const entry of this.citing.bibliography) this.paragraphs.push(new Paragraph({ style: BIBLIOGRAPHY_STYLE, children: richRuns(entry) }));
  }
}

function report(ctx: ExportContext): Paragraph[] {
  const out: Paragraph[] = [];
  const entries = articleEntries(ctx, [...articleInfos(ctx.lib, ctx.selection.articleIds).values()]);
  walkReport(ctx, {
    article(a) {
      out.push(new Paragraph({ text: a.title, heading: HeadingLevel.HEADING_1 }));
      const entry = entries?.get(a.id);
      out.push(new Paragraph({ style: CITATION_STYLE, children: entry ? richRuns(entry) : [new TextRun(citationLine(citationOf(a)))] }));
    },
    quote(q) {
      out.push(new Paragraph({ style: QUOTE_STYLE, text: q.exact }));
      if (q.tags.length) out.push(new Paragraph({ children: [new TextRun({ text: 'Tags: ', bold: true }), new TextRun(q.tags.join(', '))] }));
      if (q.comment) out.push(new Paragraph({ children: [new TextRun({ text: 'Comment: ', bold: true }), new TextRun(q.comment)] }));
    },
    noQuotes() {
      out.push(new Paragraph({ children: [new TextRun({ text: 'No quotes.', italics: true })] }));
    },
  });
  return out;
}

/** Builds the Word document of an export: a report of quotes, or notes with cited block quotes and their bibliography. */
export function docxDocument(ctx: ExportContext): Document {
  const children: Paragraph[] = [new Paragraph({ text: ctx.selection.title, heading: HeadingLevel.TITLE })];
  if (ctx.selection.scope.kind !== 'note') children.push(...report(ctx));
  for (const { note, embeds } of notesWithEmbeds(ctx)) {
    const citing = noteCiting(ctx, note);
    if (ctx.selection.scope.kind !== 'note') children.push(new Paragraph({ text: note.title || 'Untitled note', heading: HeadingLevel.HEADING_1 }));
    const writer = new NoteWriter(embeds, citing);
    writer.blocks(note.doc.content ?? []);
    if (citing && !hasBibliographyBlock(note.doc) && citing.bibliography.length) writer.bibliography();
    children.push(...writer.paragraphs);
  }
  return new Document({
    creator: ctx.generator,
    title: ctx.selection.title,
    styles: {
      default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: 'PMingLiU' } } } },
      paragraphStyles: [
        {
          id: QUOTE_STYLE,
          name: 'Quote',
          basedOn: 'Normal',
          next: 'Normal',
          quickFormat: true,
          paragraph: { indent: { left: 720, right: 720 }, spacing: { before: 120, after: 60 } },
        },
        {
          id: CITATION_STYLE,
          name: 'Citation',
          basedOn: 'Normal',
          next: 'Normal',
          paragraph: { indent: { left: 720 }, spacing: { after: 160 } },
          run: { color: '555555' },
        },
        {
          id: BIBLIOGRAPHY_STYLE,
          name: 'Bibliography',
          basedOn: 'Normal',
          next: 'Normal',
          paragraph: { indent: { left: 720, hanging: 720 }, spacing: { after: 120 } },
        },
      ],
    },
    numbering: {
      config: [
        {
          reference: 'ordered',
          levels: Array.from({ length: 9 }, (_, level) => ({
            level,
            format: LevelFormat.DECIMAL,
            text: `%${level + 1}.`,
            alignment: AlignmentType.START,
            style: { paragraph: { indent: { left: 720 * (level + 1), hanging: 360 } } },
          })),
        },
      ],
    },
    sections: [{ children }],
  });
}

/** Word (.docx): notes with headings, lists, emphasis, links, cited block quotes and the bibliography; reports of quotes. */
export const docx: ExportFormat = {
  extension: 'docx',
  mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  encoding: 'base64',
  run(ctx) {
    ctx.write(Buffer.from(packDocx(docxDocument(ctx))).toString('base64'));
  },
};
