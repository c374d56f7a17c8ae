import { t } from '../i18n/i18n';
import type { Tag } from '../../core/model';
import { h } from '../dom';

/** Splits what was typed in a tag field into tag paths: comma separated, `parent/child` allowed. */
export function parseTags(input: string): string[] {
  const tags = input
    .split(/[,，、]/)
    .map((t) =>
      t
        .split('/')
        .map((part) => part.replace(/\s+/g, ' ').trim())
        .filter(Boolean)
        .join('/'),
    )
    .filter(Boolean);
  return [...new Set(tags)];
}

const fold = (s: string) => s.normalize('NFKC').toLowerCase();

/** Existing tags matching `query`, best first: whole path, path prefix, segment prefix, then anywhere. */
export function suggestTags(tags: readonly Tag[], query: string, exclude: ReadonlySet<string> = new Set(), limit = 8): Tag[] {
  const q = fold(parseTags(query)[0] ?? '');
  if (!q) return [];
  const scored: { tag: Tag; score: number }[] = [];
  for (const tag of tags) {
    if (exclude.has(tag.path)) continue;
    const p = fold(tag.path);
    const score = p === q ? 0 : p.startsWith(q) ? 1 : p.split('/').some((s) => s.startsWith(q)) ? 2 : p.includes(q) ? 3 : -1;
    if (score >= 0) scored.push({ tag, score });
  }
  return scored
    .sort((a, b) => a.score - b.score || b.tag.count - a.tag.count || a.tag.path.localeCompare(b.tag.path))
    .slice(0, limit)
    .map((s) => s.tag);
}

/** How a tag field finds tags and reports what was chosen. */
export interface TagInputOptions {
  label: string;
  placeholder: string;
  /** The tags to suggest from. */
  tags(): readonly Tag[];
  /** Paths not to suggest (already on the quote). */
  exclude(): ReadonlySet<string>;
  /** Adds tags; resolves once they are stored. */
  onAdd(paths: string[]): Promise<void>;
  /** Backspace in an empty field. */
  onBackspace?(): void;
  /** Enter in an empty field. */
  onSubmitEmpty?(): void;
  /** The colour a tag path shows, for the suggestion dots. */
  colorOf?(path: string): string | null;
  /** Adds what is typed when focus leaves the field, so a tag that looks entered is stored. */
  commitOnBlur?: boolean;
  /** Stores what is typed when the window goes away (reload, close) before it was added. */
  saveOnExit?(paths: string[]): void;
}

/** Fields whose typed text is stored when the window goes away. */
const unloading = new Set<TagInput>();
let listening = false;

function saveAllOnExit(): void {
  for (const field of unloading) {
    if (field.input.isConnected) field.saveOnExit();
    else unloading.delete(field);
  }
}

let nextId = 0;

/**
 * A tag field with autocomplete (ARIA combobox + listbox): suggests existing tags as
 * you type, offers to create a new one, and accepts `parent/child` paths and commas.
 * Arrow keys choose, Enter or Tab adds, Escape closes the list.
 */
export class TagInput {
  readonly el: HTMLElement;
  readonly input: HTMLInputElement;
  private readonly list: HTMLUListElement;
  private options: { path: string; create: boolean }[] = [];
  private active = -1;
  private busy = false;

  constructor(private readonly opts: TagInputOptions) {
    const listId = `tag-suggestions-${++nextId}`;
    this.input = h('input', {
      type: 'text',
      class: 'tag-input',
      role: 'combobox',
      'aria-label': opts.label,
      'aria-autocomplete': 'list',
      'aria-expanded': 'false',
      'aria-controls': listId,
      placeholder: opts.placeholder,
      autocomplete: 'off',
      spellcheck: 'false',
      enterkeyhint: 'done',
    });
    this.list = h('ul', { class: 'tag-suggestions', role: 'listbox', id: listId, 'aria-label': t('tags.suggestions'), hidden: true });
    this.el = h('div', { class: 'tag-combo' }, this.input, this.list);
    this.input.addEventListener('input', () => this.onInput());
    this.input.addEventListener('keydown', (e) => this.onKey(e));
    this.input.addEventListener('blur', () => {
      this.close();
      if (opts.commitOnBlur && !this.busy) void this.commitPending();
    });
    if (opts.saveOnExit) {
      for (const field of unloading) if (!field.input.isConnected) unloading.delete(field);
      unloading.add(this);
      if (!listening) window.addEventListener('pagehide', saveAllOnExit);
      listening = true;
    }
    this.list.addEventListener('mousedown', (e) => e.preventDefault());
  }

  /** Stores what is typed but not yet added (used before focus leaves a form). */
  async commitPending(): Promise<void> {
    const paths = parseTags(this.input.value);
    if (paths.length) await this.add(paths);
  }

  /** Hands what is typed to `saveOnExit` (the window is going away). */
  saveOnExit(): void {
    const paths = parseTags(this.input.value);
    if (paths.length) this.opts.saveOnExit?.(paths);
  }

  private onInput(): void {
    const value = this.input.value;
    if (/[,，、]/.test(value)) {
      const cut = Math.max(value.lastIndexOf(','), value.lastIndexOf('，'), value.lastIndexOf('、'));
      const done = parseTags(value.slice(0, cut));
      this.input.value = value.slice(cut + 1).trimStart();
      if (done.length) void this.add(done, false);
    }
    this.refresh();
  }

  private refresh(): void {
    const typed = parseTags(this.input.value)[0];
    const found = typed ? suggestTags(this.opts.tags(), typed, this.opts.exclude()) : [];
    this.options = found.map((t) => ({ path: t.path, create: false }));
    const exists = typed && this.opts.tags().some((t) => fold(t.path) === fold(typed));
    if (typed && !exists) this.options.push({ path: typed, create: true });
    this.active = this.options.length ? 0 : -1;
    this.render();
  }

  private render(): void {
    const open = this.options.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', String(open));
    this.list.replaceChildren(
      ...this.options.map((o, i) => {
        const id = `${this.list.id}-${i}`;
        const slash = o.path.lastIndexOf('/');
        const color = this.opts.colorOf?.(o.path) ?? null;
        const dot = h('span', { class: `tag-dot${color ? ' colored' : ''}`, 'aria-hidden': 'true' });
        if (color) dot.style.setProperty('--tag-color', color);
        const count = this.opts.tags().find((t) => t.path === o.path)?.count;
        return h(
          'li',
          {
            id,
            role: 'option',
            class: `tag-option${o.create ? ' create' : ''}`,
            'aria-selected': String(i === this.active),
            onclick: () => void this.add([o.path]),
          },
          o.create ? h('span', { class: 'tag-option-create', 'aria-hidden': 'true' }, '+') : dot,
          h(
            'span',
            { class: 'tag-option-path' },
            o.create ? t('tags.create') : '',
            slash > 0 && h('span', { class: 'tag-option-parent' }, o.path.slice(0, slash + 1)),
            h('span', { class: 'tag-option-name' }, o.create ? `“${o.path.slice(slash + 1)}”` : o.path.slice(slash + 1)),
          ),
          count !== undefined && h('span', { class: 'tag-option-count' }, String(count)),
        );
      }),
    );
    if (this.active >= 0) this.input.setAttribute('aria-activedescendant', `${this.list.id}-${this.active}`);
    else this.input.removeAttribute('aria-activedescendant');
  }

  private close(): void {
    this.options = [];
    this.active = -1;
    this.render();
  }

  private move(step: number): void {
    if (!this.options.length) {
      this.refresh();
      return;
    }
    this.active = (this.active + step + this.options.length) % this.options.length;
    this.render();
    this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
  }

  private onKey(e: KeyboardEvent): void {
    if (e.isComposing || this.busy) return;
    const open = this.options.length > 0;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      this.move(e.key === 'ArrowDown' ? 1 : -1);
    } else if (e.key === 'Enter') {
      e.preventDefault();
      const chosen = open && this.active >= 0 ? [this.options[this.active]!.path] : parseTags(this.input.value);
      if (chosen.length) void this.add(chosen);
      else this.opts.onSubmitEmpty?.();
    } else if (e.key === 'Tab' && !e.shiftKey && this.input.value.trim()) {
      const chosen = open && this.active >= 0 ? [this.options[this.active]!.path] : parseTags(this.input.value);
      void this.add(chosen);
    } else if (e.key === 'Escape' && open) {
      e.preventDefault();
      e.stopPropagation();
      this.close();
    } else if (e.key === 'Backspace' && !this.input.value) {
      this.opts.onBackspace?.();
    }
  }

  private async add(paths: string[], clear = true): Promise<void> {
    if (clear) this.input.value = '';
    this.close();
    this.busy = true;
    this.input.setAttribute('aria-busy', 'true');
    try {
      await this.opts.onAdd(paths);
    } finally {
      this.busy = false;
      this.input.removeAttribute('aria-busy');
    }
  }
}

/** How a tag editor reports changes; each resolves once the api has answered. */
export interface TagEditorOptions extends Omit<TagInputOptions, 'exclude' | 'onBackspace'> {
  onRemove(path: string): Promise<void>;
}

/** A quote's tags as removable chips followed by a {@link TagInput}. */
export class TagEditor {
  readonly el: HTMLElement;
  readonly field: TagInput;
  private readonly chips: HTMLElement;
  private tags: string[] = [];

  constructor(private readonly opts: TagEditorOptions) {
    this.field = new TagInput({
      ...opts,
      exclude: () => new Set(this.tags),
      onBackspace: () => {
        const last = this.tags[this.tags.length - 1];
        if (last) void opts.onRemove(last);
      },
    });
    this.chips = h('span', { class: 'tag-chips' });
    this.el = h('div', { class: 'tag-row' }, this.chips, this.field.el);
  }

  /** Shows these tags as chips. */
  setTags(tags: string[]): void {
    this.tags = [...tags];
    this.chips.replaceChildren(...tags.map((tag) => tagChip(tag, this.opts.colorOf?.(tag) ?? null, () => void this.opts.onRemove(tag))));
    this.field.input.placeholder = tags.length ? t('tags.addMore') : this.opts.placeholder;
  }
}

/** A tag as a chip, with a remove button when `onRemove` is given. */
export function tagChip(tag: string, color: string | null, onRemove?: () => void): HTMLElement {
  const chip = h(
    'span',
    { class: `tag-chip${color ? ' colored' : ''}` },
    h('span', { class: 'tag-name' }, tag),
    onRemove && h('button', { type: 'button', class: 'tag-remove', 'aria-label': t('tags.remove', { tag }), onclick: onRemove }, '×'),
  );
  if (color) chip.style.setProperty('--tag-color', color);
  return chip;
}
