import type { Library } from '../library';
import type { Note } from '../notes';
import { articleInfos, embedsOf, quoteRecords, type ArticleInfo, type Embed, type QuoteRecord } from './rows';
import type { ScopeSelection } from './scope';

/** Options that some formats honour. */
export interface ExportOptions {
  /** CSV: start with a UTF-8 byte order mark so that Excel reads the file as UTF-8. */
  bom?: boolean;
  /** Cite in this CSL style (an id); without it, the library's chosen style once chosen, else Apostil's plain line. */
  style?: string;
  /** Cite in this CSL style, given whole (the CLI's `--style FILE.csl`); it is not stored. */
  styleXml?: string;
  /** The CSL locale (`en-US`, `zh-TW` …); null or `auto` follows the style. */
  locale?: string | null;
  /**
   * Markdown: `pandoc` writes pandoc citations (`[@key, para. 3]`) and front matter naming
   * the bibliography. `plain`: Apostil's plain citation line even when a style is chosen.
   */
  citations?: 'pandoc' | 'plain';
  /** Markdown with pandoc citations: the CSL-JSON file the front matter names; without it the references are inline. */
  bibliographyFile?: string;
  /** Markdown with pandoc citations: the CSL style file the front matter names for pandoc. */
  styleFile?: string;
}

/** Everything a format writer gets: the library, what to write, and where. */
export interface ExportContext {
  lib: Library;
  selection: ScopeSelection;
  options: ExportOptions;
  /** `Apostil 0.1.0`: written into formats that name their producer. */
  generator: string;
  /** Receives the output piece by piece, so that large exports stream. */
  write: (chunk: string) => void;
}

/** One export format: its file extension, media type and writer. */
export interface ExportFormat {
  extension: string;
  mime: string;
  /** `base64` when the format is binary (Word): its writer hands over the file as base64 text. */
  encoding?: 'base64';
  /** Whether the format includes quotes and notes in the trash (the lossless backup does). */
  trash?: boolean;
  run(ctx: ExportContext): void;
}

/** What a report writer does for each article and each of its quotes, in order. */
export interface ReportVisitor {
  article(a: ArticleInfo): void;
  quote(q: QuoteRecord, a: ArticleInfo): void;
  /** Called for an article-scoped report whose article has no quotes. */
  noQuotes(a: ArticleInfo): void;
}

/** Walks the selection's quotes grouped by article (streamed), calling the visitor. */
export function walkReport(ctx: ExportContext, visitor: ReportVisitor): void {
  const { lib, selection } = ctx;
  const articles = articleInfos(lib, selection.articleIds);
  let current = -1;
  for (const q of quoteRecords(lib, selection.quoteIds)) {
    const a = articles.get(q.articleId)!;
    if (q.articleId !== current) {
      visitor.article(a);
      current = q.articleId;
    }
    visitor.quote(q, a);
  }
  if (current === -1 && selection.scope.kind === 'article') {
    const a = articles.get(selection.articleIds[0]!)!;
    visitor.article(a);
    visitor.noQuotes(a);
  }
}

/** The selection's notes, one at a time, each with the quotes it embeds. */
export function* notesWithEmbeds(ctx: ExportContext): Generator<{ note: Note; embeds: Map<number, Embed> }> {
  for (const id of ctx.selection.noteIds) {
    const note = ctx.lib.notes.get(id);
    yield { note, embeds: embedsOf(ctx.lib, note.quoteIds) };
  }
}
