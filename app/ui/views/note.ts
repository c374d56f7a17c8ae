import { t } from '../i18n/i18n';
import { en, type MessageKey } from '../i18n/messages.en';
import type { Command, EditorState } from 'prosemirror-state';
import type { Note } from '../../core/model';
import { Autosave, type SaveState } from '../autosave';
import { call, callOnExit } from '../client';
import { formatDate, h, keyLabel, safeLink } from '../dom';
import {
  blockActive,
  insideNode,
  markActive,
  setLink,
  insertQuote,
  redo,
  toggleCode,
  toggleEm,
  toggleHeading,
  toggleStrong,
  toggleWrap,
  undo,
  insertBibliography,
} from '../notes/commands';
import { NoteEditor, NOTE_KEYS } from '../notes/editor';
import { NoteCitations } from '../cite/noteCitations';
import type { EmbedInfo } from '../notes/embed';
import { DisposableStore } from '../model/lifecycle';
import { pickQuote } from '../notes/quotePicker';
import { embedInfo } from '../quoteInfo';
import { LINK_SCHEMES, noteSchema } from '../notes/schema';
import { toastError } from '../toast';
import { askText } from '../widgets/dialog';
import { openMenu } from '../widgets/menu';
import { rovingToolbar } from '../widgets/toolbar';

import type { Place, View, ViewContext } from './view';

/** What the note view asks of the app beyond the shared context. */
export interface NoteViewHost {
  /** Shows an embedded quote in its article. */
  showQuote(quoteId: number): void;
  /** The user asked to move the note to the trash. */
  onDelete(noteId: number): void;
  /** The user asked to copy the note as Markdown. */
  onCopy(noteId: number): void;
  /** The user asked to export the note. */
  onExport(noteId: number): void;
}

/** What is saved: the title and the document, always together. */
interface Draft {
  id: number;
  title: string;
  /** The document as ProseMirror JSON. */
  doc: Record<string, unknown>;
}

const SAVE_DELAY_MS = 500;

interface ToolButton {
  label: MessageKey;
  glyph: string;
  key?: string;
  command: Command;
  active?(state: EditorState): boolean;
}

const { nodes, marks } = noteSchema;

const TOOLS: (ToolButton | '|')[] = [
  { label: 'note.tool.bold', glyph: 'B', key: NOTE_KEYS.bold, command: toggleStrong, active: (s) => markActive(s, marks.strong!) },
  { label: 'note.tool.italic', glyph: 'I', key: NOTE_KEYS.italic, command: toggleEm, active: (s) => markActive(s, marks.em!) },
  { label: 'note.tool.code', glyph: '</>', key: NOTE_KEYS.code, command: toggleCode, active: (s) => markActive(s, marks.code!) },
  '|',
  { label: 'note.tool.h1', glyph: 'H1', key: NOTE_KEYS.h1, command: toggleHeading(1), active: (s) => blockActive(s, nodes.heading!, { level: 1 }) },
  { label: 'note.tool.h2', glyph: 'H2', key: NOTE_KEYS.h2, command: toggleHeading(2), active: (s) => blockActive(s, nodes.heading!, { level: 2 }) },
  { label: 'note.tool.h3', glyph: 'H3', key: NOTE_KEYS.h3, command: toggleHeading(3), active: (s) => blockActive(s, nodes.heading!, { level: 3 }) },
  '|',
  { label: 'note.tool.bullet', glyph: '•', key: NOTE_KEYS.bullet, command: toggleWrap(nodes.bullet_list!), active: (s) => insideNode(s, nodes.bullet_list!) },
  {
    label: 'note.tool.ordered',
    glyph: '1.',
    key: NOTE_KEYS.ordered,
    command: toggleWrap(nodes.ordered_list!),
    active: (s) => insideNode(s, nodes.ordered_list!),
  },
  {
    label: 'note.tool.blockquote',
    glyph: '❞',
    key: NOTE_KEYS.blockquote,
    command: toggleWrap(nodes.blockquote!),
    active: (s) => insideNode(s, nodes.blockquote!),
  },
  '|',
  { label: 'note.tool.undo', glyph: '↶', key: NOTE_KEYS.undo, command: undo },
  { label: 'note.tool.redo', glyph: '↷', key: NOTE_KEYS.redo, command: redo },
];

const STATUS: Record<SaveState, MessageKey> = {
  saved: 'note.status.saved',
  dirty: 'note.status.dirty',
  saving: 'note.status.saving',
  error: 'note.status.error',
};

/**
 * The notes view: a title, a formatting toolbar and the editor. Every change is
 * autosaved (debounced, flushed on blur, when switching notes and as the page
 * goes away) and "Saved" shows only once the api has stored it.
 */
export class NoteView implements View {
  readonly el = h('section', { class: 'view', 'aria-label': t('pane.note'), hidden: true });
  private readonly owned = new DisposableStore();
  private readonly pinned = new DisposableStore();
  private readonly loading = new Set<number>();
  /** Embedded quote ids the api no longer knows. */
  private readonly missing = new Set<number>();
  private readonly editor: NoteEditor;
  private readonly title_: HTMLInputElement;
  private readonly status: HTMLElement;
  private readonly retry: HTMLButtonElement;
  private readonly updated: HTMLElement;
  private readonly buttons: { tool: ToolButton; el: HTMLButtonElement }[] = [];
  private readonly toolbar: { sync(): void };
  private readonly saver: Autosave<Draft>;
  private note: Note | null = null;
  private readonly citations = new NoteCitations(() => this.refreshEmbeds());

  constructor(
    private readonly ctx: ViewContext,
    private readonly host: NoteViewHost,
  ) {
    const root = this.el;
    const bar = h('div', { class: 'view-toolbar note-toolbar', role: 'toolbar', 'aria-label': t('note.formatting') });
    for (const tool of TOOLS) {
      if (tool === '|') {
        bar.append(h('span', { class: 'toolbar-sep', 'aria-hidden': 'true' }));
        continue;
      }
      const el = h(
        'button',
        {
          type: 'button',
          class: `tool tool-${en[tool.label].toLowerCase().replace(/\s+/g, '-')}`,
          'aria-label': t(tool.label),
          title: tool.key ? `${t(tool.label)} (${keyLabel(tool.key)})` : t(tool.label),
          onmousedown: (e: Event) => e.preventDefault(),
          onclick: () => this.editor.run(tool.command),
        },
        tool.glyph,
      );
      this.buttons.push({ tool, el });
      bar.append(el);
    }
    bar.append(
      h('span', { class: 'toolbar-sep', 'aria-hidden': 'true' }),
      h(
        'button',
        {
          type: 'button',
          class: 'tool tool-text',
          title: `${t('note.link')} (${keyLabel(NOTE_KEYS.link)})`,
          onmousedown: (e: Event) => e.preventDefault(),
          onclick: () => void this.link(),
        },
        t('note.link'),
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'tool tool-text',
          title: t('note.insertQuote.title', { shortcut: keyLabel(NOTE_KEYS.quote) }),
          onmousedown: (e: Event) => e.preventDefault(),
          onclick: () => void this.pickQuote(),
        },
        `❝ ${t('note.insertQuote')}`,
      ),
    );
    this.toolbar = rovingToolbar(bar);
    this.status = h('span', { class: 'save-status', role: 'status', 'aria-live': 'polite' });
    this.retry = h('button', { type: 'button', class: 'link-button', hidden: true, onclick: () => void this.saver.flush() }, t('action.retry'));
    this.updated = h('span', { class: 'note-updated' });
    this.title_ = h('input', {
      type: 'text',
      class: 'note-title',
      placeholder: t('note.untitled'),
      'aria-label': t('note.title'),
      maxlength: 1000,
      oninput: () => this.changed(),
      onblur: () => void this.saver.flush(),
      onkeydown: (e: Event) => {
        if ((e as KeyboardEvent).key === 'Enter' && !(e as KeyboardEvent).isComposing) {
          e.preventDefault();
          this.editor.focus();
        }
      },
    });
    const mount = h('div', { class: 'note-editor' });
    const more: HTMLButtonElement = h(
      'button',
      {
        type: 'button',
        class: 'tag-more',
        'aria-label': t('note.actions'),
        'aria-haspopup': 'menu',
        onclick: () =>
          openMenu(more, t('note.actions'), [
            { label: t('quote.copyMarkdown'), run: () => void this.flush().then(() => this.note && host.onCopy(this.note.id)) },
            { label: t('note.insertBibliography'), run: () => void this.editor.run(insertBibliography()) },
            { label: t('menu.export'), run: () => void this.flush().then(() => this.note && host.onExport(this.note.id)) },
            { separator: true },
            { label: t('note.trash'), danger: true, run: () => this.note && host.onDelete(this.note.id) },
          ]),
      },
      '⋯',
    );
    root.append(
      h('div', { class: 'view-header' }, bar, h('span', { class: 'spacer' }), h('span', { class: 'save-box' }, this.status, this.retry), more),
      h('div', { class: 'view-scroll' }, h('div', { class: 'note-page' }, this.title_, this.updated, mount)),
    );
    this.saver = new Autosave<Draft>({
      delay: SAVE_DELAY_MS,
      save: async (d) => this.stored((await call('notes:update', d)).note),
      saveOnExit: async (d) => this.stored((await callOnExit('notes:update', d)).note),
      onState: (state, err) => this.showState(state, err),
    });
    this.editor = new NoteEditor(mount, {
      info: (id) => this.info(id),
      bibliography: () => this.citations.bibliography(),
      activate: (id) => host.showQuote(id),
      onChange: () => this.changed(),
      onBlur: () => void this.saver.flush(),
      onState: (state) => this.syncTools(state),
      onPickQuote: () => void this.pickQuote(),
      onLink: () => void this.link(),
    });
    const { quotes, sources } = ctx.model;
    this.owned.add(
      quotes.onDidChange((e) => {
        const embeds = new Set(this.note?.quoteIds ?? []);
        if (e.kind === 'reset' && this.note) void this.loadEmbeds(this.note.quoteIds, true);
        else if (e.kind === 'put' ? e.quotes.some((q) => embeds.has(q.id)) : e.kind === 'gone' && e.ids.some((id) => embeds.has(id))) this.refreshEmbeds();
      }),
    );
    this.owned.add(
      sources.onDidChange((e) => {
        if (e.kind === 'reset' && this.note) void this.loadEmbeds(this.note.quoteIds, true);
        else this.refreshEmbeds();
      }),
    );
    // An article relabelled with another language typesets its embeds by it.
    this.owned.add(
      ctx.model.articles.onDidChange((e) => {
        if (e.kind === 'put' && this.note?.quoteIds.some((id) => quotes.get(id)?.articleId === e.article.id)) this.refreshEmbeds();
      }),
    );
  }

  title(): string {
    return this.note?.title || t('note.untitled');
  }

  async show(place: Place): Promise<void> {
    if (place.kind === 'note') await this.open(place.id);
  }

  async leave(): Promise<void> {
    await this.flush();
  }

  /** Focuses the title, e.g. of a note just made. */
  focusTitle(): void {
    this.title_.focus();
  }

  /** What an embed shows, from the quote and source stores; a quote not held yet is fetched and the embed redrawn. */
  private info(id: number): EmbedInfo | 'loading' | undefined {
    const { quotes, sources } = this.ctx.model;
    const quote = quotes.get(id);
    if (quote) {
      const source = sources.get(quote.articleId);
      if (source === undefined) void this.loadEmbeds([id]);
      return { ...embedInfo(quote, this.ctx.catalog, source), styled: this.citations.citation(id) };
    }
    if (this.missing.has(id)) return undefined;
    void this.loadEmbeds([id]);
    return 'loading';
  }

  /** Fetches the quotes a note embeds (only those) and their articles' sources, then redraws the embeds. */
  private async loadEmbeds(ids: readonly number[], again = false): Promise<void> {
    const { quotes, sources } = this.ctx.model;
    const wanted = ids.filter((id) => again || !this.loading.has(id));
    if (!wanted.length) return;
    for (const id of wanted) this.loading.add(id);
    try {
      const found = again ? await quotes.fetch(wanted) : await quotes.ensure(wanted);
      this.pinned.add(quotes.pin(found.map((q) => q.id)));
      const seen = new Set(found.map((q) => q.id));
      for (const id of wanted) if (!seen.has(id)) this.missing.add(id);
      await sources.ensure(found.map((q) => q.articleId));
    } catch {
      // The embeds stay as they are; the next change or opening tries again.
    } finally {
      for (const id of wanted) this.loading.delete(id);
    }
    this.refreshEmbeds();
  }

  /** Saves what is pending, then shows another note. */
  async open(id: number, focus: 'title' | 'text' | null = null): Promise<void> {
    await this.flush();
    const { note } = await call('notes:get', { id });
    this.pinned.clear();
    this.missing.clear();
    await this.loadEmbeds(note.quoteIds);
    this.note = note;
    this.title_.value = note.title;
    this.editor.setDoc(note.doc);
    this.citations.update(note.quoteIds);
    this.showUpdated(note);
    this.showState('saved');
    if (focus === 'title') this.title_.focus();
    else if (focus === 'text') this.editor.focus();
  }

  /** Forgets the note (it was deleted), after saving what is pending. */
  async close(): Promise<void> {
    await this.flush();
    this.note = null;
  }

  /** Saves what is pending now. */
  flush(): Promise<void> {
    return this.saver.flush();
  }

  /** Inserts a quote embed at the cursor. */
  insertQuote(quoteId: number): void {
    this.editor.run(insertQuote(quoteId));
  }

  /** Redraws embeds after quotes changed. */
  refreshEmbeds(): void {
    this.editor.refreshEmbeds();
  }

  private changed(): void {
    if (!this.note) return;
    this.saver.change({ id: this.note.id, title: this.title_.value, doc: { ...this.editor.doc } });
  }

  private stored(note: Note): void {
    if (note.id === this.note?.id) {
      this.note = note;
      this.citations.update(note.quoteIds);
      this.showUpdated(note);
    }
    this.ctx.model.commands.noteSaved(note);
  }

  private showUpdated(note: Note): void {
    this.updated.textContent = t('note.edited', { date: formatDate(note.updatedAt, true) });
  }

  private showState(state: SaveState, err?: unknown): void {
    const failedBefore = this.status.dataset.state === 'error';
    this.status.textContent = t(STATUS[state]);
    this.status.dataset.state = state;
    this.retry.hidden = state !== 'error';
    this.status.title = state === 'error' ? t('note.saveError', { message: err instanceof Error ? err.message : String(err) }) : '';
    if (state === 'error' && !failedBefore) toastError(err, t('error.saveNote'));
  }

  private syncTools(state: EditorState): void {
    for (const { tool, el } of this.buttons) {
      el.disabled = !tool.command(state);
      if (tool.active) el.setAttribute('aria-pressed', String(tool.active(state)));
    }
    this.toolbar.sync();
  }

  private async pickQuote(): Promise<void> {
    const id = await pickQuote(this.ctx.catalog);
    if (id !== null) await this.loadEmbeds([id]);
    if (id !== null) this.insertQuote(id);
    else this.editor.focus();
  }

  dispose(): void {
    this.citations.dispose();
    this.owned.dispose();
    this.pinned.dispose();
    this.saver.dispose();
  }

  private async link(): Promise<void> {
    this.editor.syncSelection();
    const { empty } = this.editor.state.selection;
    if (empty) {
      this.editor.focus();
      return;
    }
    const href = await askText({ title: t('note.link'), label: t('note.link.label'), value: 'https://', confirm: t('action.apply') });
    if (href === null) return this.editor.focus();
    const url = href === 'https://' ? null : safeLink(href, LINK_SCHEMES);
    if (href !== 'https://' && !url) return toastError(t('note.link.invalid', { href }), t('note.link.none'));
    this.editor.run(setLink(url?.href ?? ''));
  }
}
