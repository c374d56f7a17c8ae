import { t } from '../i18n/i18n';
import { baseKeymap, chainCommands, exitCode, setBlockType } from 'prosemirror-commands';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { history } from 'prosemirror-history';
import { undoInputRule } from 'prosemirror-inputrules';
import { keymap } from 'prosemirror-keymap';
import { Node as PMNode } from 'prosemirror-model';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import { EditorState, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import type { DocNode } from '../../core/model';
import { QUOTE_KEY } from '../dom';
import { syncDomSelection } from '../selection';
import { QUOTE_DRAG_TYPE } from '../panels/quoteCard';
import { insertQuote, redo, selectedEmbed, toggleEm, toggleHeading, toggleStrong, toggleCode, toggleWrap, undo } from './commands';
import { BIBLIOGRAPHY, bibliographyViews, type BibliographyHost, type BibliographyView } from './bibliography';
import { quoteEmbedViews, type EmbedHost, type QuoteEmbedView } from './embed';
import { noteInputRules } from './rules';
import { noteSchema } from './schema';

/** How the notes editor reports to whoever hosts it. */
export interface NoteEditorCallbacks extends EmbedHost, BibliographyHost {
  /** The document changed (typing, formatting, an embed). */
  onChange(doc: DocNode): void;
  /** The editor lost focus. */
  onBlur(): void;
  /** The editor state changed (for toolbar buttons). */
  onState(state: EditorState): void;
  /** The user asked to pick a quote to embed (Mod-Shift-E). */
  onPickQuote(): void;
  /** The user asked to add a link (Mod-K). */
  onLink(): void;
}

const { nodes } = noteSchema;

/** The editor's key bindings; exported so the toolbar can show them. */
export const NOTE_KEYS = {
  bold: 'Mod-b',
  italic: 'Mod-i',
  code: 'Mod-`',
  undo: 'Mod-z',
  redo: 'Mod-Shift-z',
  h1: 'Shift-Ctrl-1',
  h2: 'Shift-Ctrl-2',
  h3: 'Shift-Ctrl-3',
  bullet: 'Shift-Ctrl-8',
  ordered: 'Shift-Ctrl-9',
  blockquote: 'Ctrl->',
  link: 'Mod-Shift-k',
  quote: QUOTE_KEY,
} as const;

/**
 * The notes editor: an editable ProseMirror view with history, Markdown-style
 * input rules, lists, links, drop and gap cursors, and quote embeds that can be
 * dropped in from a quote card or inserted by command.
 */
export class NoteEditor {
  private readonly view: EditorView;
  private readonly embeds = new Set<QuoteEmbedView>();
  private readonly bibliographies = new Set<BibliographyView>();

  constructor(
    mount: HTMLElement,
    private readonly callbacks: NoteEditorCallbacks,
  ) {
    this.view = new EditorView(mount, {
      state: this.stateFor(null),
      attributes: { class: 'note-doc', role: 'textbox', 'aria-multiline': 'true', 'aria-label': t('note.text'), spellcheck: 'true' },
      nodeViews: { quote_embed: quoteEmbedViews(callbacks, this.embeds), [BIBLIOGRAPHY]: bibliographyViews(callbacks, this.bibliographies) },
      dispatchTransaction: (tr) => {
        const state = this.view.state.apply(tr);
        this.view.updateState(state);
        callbacks.onState(state);
        if (tr.docChanged) callbacks.onChange(state.doc.toJSON() as DocNode);
      },
      handleDrop: (view, event) => {
        const id = Number(event.dataTransfer?.getData(QUOTE_DRAG_TYPE));
        if (!Number.isSafeInteger(id) || id <= 0) return false;
        const pos = view.posAtCoords({ left: event.clientX, top: event.clientY });
        event.preventDefault();
        insertQuote(id, pos?.pos)(view.state, view.dispatch);
        view.focus();
        return true;
      },
      handleDOMEvents: {
        blur: () => {
          callbacks.onBlur();
          return false;
        },
        dragover: (_view, event) => {
          if (event.dataTransfer?.types.includes(QUOTE_DRAG_TYPE)) event.dataTransfer.dropEffect = 'copy';
          return false;
        },
      },
    });
  }

  private stateFor(doc: DocNode | null): EditorState {
    const activate: Command = (state) => {
      const id = selectedEmbed(state);
      if (id === null) return false;
      this.callbacks.activate(id);
      return true;
    };
    const call =
      (fn: () => void): Command =>
      () => {
        fn();
        return true;
      };
    const hardBreak: Command = chainCommands(exitCode, (state, dispatch) => {
      dispatch?.(state.tr.replaceSelectionWith(nodes.hard_break!.create()).scrollIntoView());
      return true;
    });
    return EditorState.create({
      doc: doc ? PMNode.fromJSON(noteSchema, doc) : undefined,
      schema: noteSchema,
      plugins: [
        noteInputRules(),
        keymap({
          [NOTE_KEYS.undo]: undo,
          [NOTE_KEYS.redo]: redo,
          'Mod-y': redo,
          Backspace: undoInputRule,
          [NOTE_KEYS.bold]: toggleStrong,
          [NOTE_KEYS.italic]: toggleEm,
          [NOTE_KEYS.code]: toggleCode,
          [NOTE_KEYS.h1]: toggleHeading(1),
          [NOTE_KEYS.h2]: toggleHeading(2),
          [NOTE_KEYS.h3]: toggleHeading(3),
          'Shift-Ctrl-0': setBlockType(nodes.paragraph!),
          [NOTE_KEYS.bullet]: toggleWrap(nodes.bullet_list!),
          [NOTE_KEYS.ordered]: toggleWrap(nodes.ordered_list!),
          [NOTE_KEYS.blockquote]: toggleWrap(nodes.blockquote!),
          [NOTE_KEYS.link]: call(() => this.callbacks.onLink()),
          [NOTE_KEYS.quote]: call(() => this.callbacks.onPickQuote()),
          'Shift-Enter': hardBreak,
          'Mod-Enter': hardBreak,
          Enter: chainCommands(activate, splitListItem(nodes.list_item!)),
          Tab: sinkListItem(nodes.list_item!),
          'Shift-Tab': liftListItem(nodes.list_item!),
        }),
        keymap(baseKeymap),
        dropCursor({ color: 'var(--accent)', width: 2 }),
        gapCursor(),
        history(),
      ],
    });
  }

  /** Shows a document, with a fresh undo history. */
  setDoc(doc: DocNode): void {
    this.view.updateState(this.stateFor(doc));
    this.callbacks.onState(this.view.state);
  }

  /** The document as JSON. */
  get doc(): DocNode {
    return this.view.state.doc.toJSON() as DocNode;
  }

  /** The current editor state. */
  get state(): EditorState {
    return this.view.state;
  }

  /** Takes over a selection the browser made that ProseMirror has not read yet (see {@link syncDomSelection}). */
  syncSelection(): void {
    syncDomSelection(this.view);
  }

  /** Runs a command on the editor and gives it focus back. */
  run(command: Command): boolean {
    const done = command(this.view.state, this.view.dispatch, this.view);
    this.view.focus();
    return done;
  }

  /** Redraws every quote embed from the host's current data (after quotes change). */
  refreshEmbeds(): void {
    for (const e of this.embeds) e.render();
    for (const b of this.bibliographies) b.render();
  }

  /** Puts the cursor in the editor. */
  focus(): void {
    this.view.focus();
  }

  /** The editable element. */
  get dom(): HTMLElement {
    return this.view.dom;
  }
}
