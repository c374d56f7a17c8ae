import { t as tx, tn } from '../i18n/i18n';
import type { Tag } from '../../core/model';
import type { Catalog } from '../catalog';
import { call } from '../client';
import { h } from '../dom';
import { DisposableStore } from '../model/lifecycle';
import { VirtualList } from '../widgets/virtualList';
import { toast, toastError } from '../toast';
import { askChoice, confirmAction } from '../widgets/dialog';
import { openMenu } from '../widgets/menu';
import { colorName, colorPicker } from '../widgets/palette';
import { Popover } from '../widgets/popover';

import type { Place, View, ViewContext } from './view';

/** A tag in the flattened tree, with its depth (1 at the top) and place among its siblings. */
interface TreeRow {
  tag: Tag;
  level: number;
  position: number;
  siblings: number;
}

/** The tags in tree order (each parent before its children), flattened so only the rows on screen need drawing. */
export function flattenTree(tags: readonly Tag[]): TreeRow[] {
  const children = new Map<number | null, Tag[]>();
  for (const t of tags) children.set(t.parentId, [...(children.get(t.parentId) ?? []), t]);
  const rows: TreeRow[] = [];
  const walk = (parentId: number | null, level: number) => {
    const kids = children.get(parentId) ?? [];
    kids.forEach((tag, i) => {
      rows.push({ tag, level, position: i + 1, siblings: kids.length });
      walk(tag.id, level + 1);
    });
  };
  walk(null, 1);
  return rows;
}

const DRAG_TYPE = 'application/x-apostil-tag';

/**
 * The Tags view: the hierarchy as a tree with live-quote counts; rename inline,
 * recolour, move (drag onto another tag, or "Move to…"), merge and delete, each
 * through the api and reflected at once.
 */
export class TagsView implements View {
  readonly el = h('section', { class: 'view', 'aria-label': tx('section.tags'), hidden: true });
  private readonly tree: HTMLElement;
  private readonly count: HTMLElement;
  private readonly rootDrop: HTMLElement;
  private readonly owned = new DisposableStore();
  private readonly virtual: VirtualList;
  private readonly catalog: Catalog;
  private rows: TreeRow[] = [];
  /** Drawn rows by tag id, kept until the tree changes, so scrolling and redraws keep focus. */
  private readonly nodes = new Map<number, HTMLElement>();
  private renaming: number | null = null;

  constructor(private readonly ctx: ViewContext) {
    this.catalog = ctx.catalog;
    this.count = h('span', { class: 'pane-count' });
    this.tree = h('ul', { class: 'tag-tree', 'aria-label': tx('section.tags') });
    this.rootDrop = h('div', { class: 'tag-root-drop', hidden: true }, tx('tags.rootDrop'));
    this.dropTarget(this.rootDrop, null);
    const scroller = h('div', { class: 'view-scroll' }, h('div', { class: 'view-body' }, this.rootDrop, this.tree));
    this.virtual = this.owned.add(new VirtualList({ scroller, list: this.tree, estimate: 34, row: (i) => this.node(this.rows[i]!) }));
    this.el.append(
      h(
        'div',
        { class: 'view-header' },
        h('h1', { class: 'view-title' }, tx('section.tags')),
        this.count,
        h('span', { class: 'spacer' }),
        h('span', { class: 'view-hint' }, tx('tags.hint')),
      ),
      scroller,
    );
    this.owned.add(ctx.catalog.onTags(() => this.render()));
  }

  title(): string {
    return tx('section.tags');
  }

  async show(_place: Place): Promise<void> {
    this.render();
    await this.ctx.model.tags.load();
  }

  /** Draws the tree from the catalog: only the rows on screen exist, however many tags there are. */
  render(): void {
    const tags = this.catalog.tags;
    this.count.textContent = String(tags.length);
    if (!tags.length) {
      this.rows = [];
      this.virtual.setCount(0);
      this.virtual.draw();
      this.tree.replaceChildren(h('li', { class: 'empty-state' }, h('strong', {}, tx('tags.none')), h('p', {}, tx('tags.none.text'))));
      return;
    }
    const focusedId = (document.activeElement as HTMLElement | null)?.closest?.<HTMLElement>('[data-tag-id]')?.dataset.tagId;
    this.nodes.clear();
    this.rows = flattenTree(tags);
    this.virtual.setCount(this.rows.length);
    this.virtual.draw();
    if (focusedId) this.tree.querySelector<HTMLElement>(`[data-tag-id="${focusedId}"] .tag-open`)?.focus();
  }

  private node(row: TreeRow): HTMLElement {
    const kept = this.nodes.get(row.tag.id);
    if (kept) return kept;
    const li = h(
      'li',
      { class: 'tag-node', 'data-tag-id': row.tag.id, 'aria-level': row.level, 'aria-posinset': row.position, 'aria-setsize': row.siblings },
      this.row(row.tag),
    );
    // Through the CSSOM: the CSP forbids style attributes.
    li.style.setProperty('--tag-depth', String(row.level - 1));
    this.nodes.set(row.tag.id, li);
    return li;
  }

  private row(t: Tag): HTMLElement {
    const dot = h('button', {
      type: 'button',
      class: `tag-dot-button${t.color ? ' colored' : ''}`,
      'aria-label': tx('tags.colour.current', { tag: t.path, name: colorName(t.color) }),
      onclick: (e: Event) => this.recolour(t, e.currentTarget as HTMLElement),
    });
    if (t.color) dot.style.setProperty('--tag-color', t.color);
    const name =
      this.renaming === t.id
        ? this.renameInput(t)
        : h(
            'button',
            { type: 'button', class: 'tag-open', title: tx('tags.open', { tag: t.path }), onclick: () => this.showQuotes(t.path) },
            h('span', { class: 'tag-tree-name' }, t.name),
          );
    const more = h(
      'button',
      { type: 'button', class: 'tag-more', 'aria-label': tx('tags.actions', { tag: t.path }), 'aria-haspopup': 'menu', onclick: () => this.menu(t, more) },
      '⋯',
    );
    const line = h(
      'div',
      { class: 'tag-line', draggable: this.renaming === t.id ? null : 'true' },
      dot,
      name,
      h('span', { class: 'tag-tree-count', title: tx('tags.count.title', { total: t.total, count: t.count, tag: t.path }) }, String(t.total)),
      more,
    );
    line.addEventListener('keydown', (e) => {
      if (e.key === 'F2' && this.renaming === null) {
        e.preventDefault();
        this.startRename(t);
      } else if ((e.key === 'ContextMenu' || (e.shiftKey && e.key === 'F10')) && this.renaming === null) {
        e.preventDefault();
        this.menu(t, more);
      }
    });
    line.addEventListener('dragstart', (e) => {
      e.dataTransfer?.setData(DRAG_TYPE, String(t.id));
      if (e.dataTransfer) e.dataTransfer.effectAllowed = 'move';
      this.rootDrop.hidden = t.parentId === null;
      line.classList.add('dragging');
    });
    line.addEventListener('dragend', () => {
      this.rootDrop.hidden = true;
      line.classList.remove('dragging');
    });
    this.dropTarget(line, t.id);
    return line;
  }

  private dropTarget(el: HTMLElement, parentId: number | null): void {
    el.addEventListener('dragover', (e) => {
      if (!e.dataTransfer?.types.includes(DRAG_TYPE)) return;
      e.preventDefault();
      e.dataTransfer.dropEffect = 'move';
      el.classList.add('drop-over');
    });
    el.addEventListener('dragleave', () => el.classList.remove('drop-over'));
    el.addEventListener('drop', (e) => {
      el.classList.remove('drop-over');
      this.rootDrop.hidden = true;
      const id = Number(e.dataTransfer?.getData(DRAG_TYPE));
      if (!id || id === parentId) return;
      e.preventDefault();
      void this.move(id, parentId);
    });
  }

  private menu(t: Tag, anchor: HTMLElement): void {
    openMenu(anchor, tx('tags.actions', { tag: t.path }), [
      { label: tx('tags.showQuotes'), run: () => this.showQuotes(t.path) },
      { label: tx('tags.rename'), shortcut: 'F2', run: () => this.startRename(t) },
      { label: tx('tags.recolour'), run: () => this.recolour(t, anchor) },
      { label: tx('tags.moveTo'), run: () => void this.pickParent(t) },
      { label: tx('tags.mergeInto'), run: () => void this.pickMerge(t) },
      { separator: true },
      { label: tx('tags.deleteMenu'), danger: true, run: () => void this.remove(t) },
    ]);
  }

  private startRename(t: Tag): void {
    this.renaming = t.id;
    this.render();
    const input = this.tree.querySelector<HTMLInputElement>(`[data-tag-id="${t.id}"] .tag-rename`);
    input?.focus();
    input?.select();
  }

  private renameInput(t: Tag): HTMLInputElement {
    const input = h('input', { type: 'text', class: 'tag-rename', 'aria-label': tx('tags.newName', { tag: t.path }) });
    input.value = t.name;
    let done = false;
    const finish = async (save: boolean) => {
      if (done) return;
      done = true;
      const name = input.value.trim();
      if (save && name && name !== t.name) {
        const ok = await this.run(() => call('tags:rename', { id: t.id, name }), tx('error.tag.rename'));
        if (!ok) {
          done = false;
          input.focus();
          return;
        }
      }
      this.renaming = null;
      this.render();
      this.tree.querySelector<HTMLElement>(`[data-tag-id="${t.id}"] .tag-open`)?.focus();
    };
    input.addEventListener('keydown', (e) => {
      if (e.isComposing) return;
      if (e.key === 'Enter') {
        e.preventDefault();
        void finish(true);
      } else if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        void finish(false);
      }
    });
    input.addEventListener('blur', () => void finish(true));
    return input;
  }

  private recolour(t: Tag, anchor: HTMLElement): void {
    const popover = new Popover(
      [
        colorPicker(tx('tags.colour', { tag: t.path }), t.color, (color, chosen) => {
          if (chosen) popover.close('done');
          void this.run(() => call('tags:update', { id: t.id, color }), tx('error.tag.colour'));
        }),
      ],
      { anchor, label: tx('tags.colour', { tag: t.path }), className: 'palette-popover' },
    );
    popover.open(popover.el.querySelector<HTMLElement>('[aria-checked="true"]'));
  }

  private others(t: Tag, includeDescendants: boolean): Tag[] {
    return this.catalog.tags.filter((x) => x.id !== t.id && (includeDescendants || !x.path.startsWith(`${t.path}/`)));
  }

  private async pickParent(t: Tag): Promise<void> {
    const options = [
      ...(t.parentId === null ? [] : [{ value: '', label: tx('tags.topLevel') }]),
      ...this.others(t, false)
        .filter((x) => x.id !== t.parentId)
        .map((x) => ({ value: String(x.id), label: x.path })),
    ];
    const choice = await askChoice({ title: tx('tags.move.title', { tag: t.path }), label: tx('tags.move.label'), options, confirm: tx('tags.move.confirm') });
    if (choice !== null) await this.move(t.id, choice ? Number(choice) : null);
  }

  private async move(id: number, parentId: number | null): Promise<void> {
    await this.run(() => call('tags:move', { id, parentId }), tx('error.tag.move'));
  }

  private async pickMerge(t: Tag): Promise<void> {
    const options = this.others(t, false).map((x) => ({ value: String(x.id), label: x.path }));
    if (!options.length) return void toast(tx('tags.merge.nothing'));
    const choice = await askChoice({
      title: tx('tags.merge.title', { tag: t.path }),
      label: tx('tags.merge.label'),
      message: tx('tags.merge.message', { tag: t.path }),
      options,
      confirm: tx('tags.merge.confirm'),
    });
    if (choice === null) return;
    const into = this.catalog.tags.find((x) => x.id === Number(choice));
    if (await this.run(() => call('tags:merge', { id: t.id, into: Number(choice) }), tx('error.tag.merge'))) {
      toast(tx('tags.merged', { tag: t.path, into: into?.path ?? '' }));
    }
  }

  private async remove(t: Tag): Promise<void> {
    const under = this.catalog.tags.filter((x) => x.path.startsWith(`${t.path}/`)).length;
    const ok = await confirmAction({
      title: tx('tags.delete.title', { tag: t.path }),
      message: under ? tn('tags.delete.under', under) : tx('tags.delete.alone'),
      confirm: tx('tags.delete.confirm'),
      danger: true,
    });
    if (!ok) return;
    let result: { tags: number; quotes: number } | undefined;
    const done = await this.run(async () => (result = (await call('tags:delete', { id: t.id })).deleted), tx('error.tag.delete'));
    if (done && result) toast(tn('tags.deleted', result.tags, { quotes: tn('quotes.count', result.quotes) }));
  }

  /** Runs an api change, then refreshes everything that shows tags; false (with a toast) when it failed. */
  private async run(change: () => Promise<unknown>, failure: string): Promise<boolean> {
    try {
      await change();
    } catch (err) {
      toastError(err, failure);
      return false;
    }
    // Tag counts and paths changed: reload the tags, and let the change log bring the quotes whose paths moved.
    await Promise.all([this.ctx.model.tags.load(), this.ctx.model.feed.poll(), this.ctx.model.counts.refresh()]).catch((err: unknown) =>
      toastError(err, tx('error.refreshQuotes')),
    );
    return true;
  }

  private showQuotes(path: string): void {
    void this.ctx.go({ kind: 'quotes', tag: path });
  }

  dispose(): void {
    this.owned.dispose();
  }
}
