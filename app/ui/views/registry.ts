import { copyAsMarkdown } from '../export/clipboard';
import type { ScopeKind } from '../export/exportDialog';
import type { LibraryCounts } from '../model/counts';
import type { NavSection } from '../panels/library';
import { AgreementView } from './agreement';
import { ActivityView } from './activity';
import { AllQuotesView } from './allQuotes';
import type { ArticleView } from './article';
import { NoteView } from './note';
import { TagsView } from './tags';
import { TrashView } from './trash';
import type { Place, View, ViewContext } from './view';

/** What views ask of the window beyond the shared context. */
export interface Shell {
  /** The reader, which is always there (index.html holds its markup). */
  article: ArticleView;
  /** Shows an embedded quote in its article (or says why it cannot). */
  showQuote(quoteId: number): void;
  /** Moves a note to the trash and leaves it. */
  deleteNote(id: number): void;
  /** Opens the Export dialog with a scope chosen. */
  openExport(scope: ScopeKind): void;
}

/** One kind of place: whether the Quotes panel shows beside it, its navigation entry, and how its view is made. */
export interface ViewEntry {
  /** The Quotes panel of the open article shows beside this view. */
  side: boolean;
  /** Its entry among the library's sections, if it has one. */
  nav?: Omit<NavSection, 'section'> & {
    /** The number beside it, from the library's counters (none when undefined). */
    count(counts: LibraryCounts): number | undefined;
  };
  create(ctx: ViewContext, shell: Shell): View;
}

/**
 * Every view of the centre pane, by the kind of place it shows: adding a view is one
 * entry here (plus its module and catalogue keys); the app, the navigation and
 * the window layout read this table.
 */
export const VIEWS: Record<Place['kind'], ViewEntry> = {
  article: { side: true, create: (_ctx, shell) => shell.article },
  note: {
    side: true,
    create: (ctx, shell) =>
      new NoteView(ctx, {
        showQuote: (id) => shell.showQuote(id),
        onDelete: (id) => shell.deleteNote(id),
        onCopy: (id) => void copyAsMarkdown({ kind: 'note', noteId: id }),
        onExport: () => shell.openExport('note'),
      }),
  },
  quotes: { side: false, nav: { glyph: '❝', label: 'section.quotes', count: (c) => c.quotes.live }, create: (ctx) => new AllQuotesView(ctx) },
  tags: { side: false, nav: { glyph: '#', label: 'section.tags', count: (c) => c.tags }, create: (ctx) => new TagsView(ctx) },
  trash: { side: false, nav: { glyph: '⌫', label: 'section.trash', count: (c) => c.quotes.trash + c.notes.trash }, create: (ctx) => new TrashView(ctx) },
  agreement: {
    side: false,
    nav: { glyph: '≈', label: 'section.agreement', count: () => undefined },
    create: (ctx, shell) => new AgreementView(ctx, { showPassage: (id, range) => void shell.article.showPassage(id, range) }),
  },
  activity: {
    side: false,
    // The number is what others changed since the last look; nothing shows when nothing is new (or the library is not shared).
    nav: { glyph: '◔', label: 'section.activity', count: (c) => c.activity || undefined },
    create: (ctx, shell) => new ActivityView(ctx, { showQuote: (id) => shell.showQuote(id) }),
  },
};
