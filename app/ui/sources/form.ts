import type { Article, Source } from '../../core/model';
import { call } from '../client';
import { h } from '../dom';
import { toast, toastError } from '../toast';
import { citationLine, dateText, parseDate, SOURCE_TYPES, type Csl, type CslName } from './cite';

/** The fields the form edits; everything else in the item is kept as it was. */
const EDITED = ['type', 'title', 'author', 'container-title', 'issued', 'URL', 'accessed', 'language', 'publisher'] as const;

let nextId = 0;

function field(label: string, control: HTMLElement, wide = false): HTMLElement {
  const id = `source-field-${++nextId}`;
  control.id = id;
  return h('div', { class: `field${wide ? ' field-wide' : ''}` }, h('label', { class: 'field-label', for: id }, label), control);
}

function text(value: string | undefined, attrs: Record<string, string> = {}): HTMLInputElement {
  const input = h('input', { type: 'text', class: 'field-input', autocomplete: 'off', ...attrs });
  input.value = value ?? '';
  return input;
}

/** One author row: a person (family, given) or an organisation (one name). */
function authorRow(name: CslName | undefined, onRemove: (row: HTMLElement) => void): HTMLElement {
  const org = !!name?.literal;
  const kind = h('select', { class: 'field-input author-kind', 'aria-label': 'Kind of author' }, h('option', { value: 'person' }, 'Person'), h('option', { value: 'org' }, 'Organisation'));
  kind.value = org ? 'org' : 'person';
  const family = text(name?.family, { 'aria-label': 'Family name', placeholder: 'Family name', class: 'field-input author-family' });
  const given = text(name?.given, { 'aria-label': 'Given name', placeholder: 'Given name', class: 'field-input author-given' });
  const literal = text(name?.literal, { 'aria-label': 'Organisation name', placeholder: 'Name', class: 'field-input author-literal' });
  const sync = () => {
    const isOrg = kind.value === 'org';
    family.hidden = given.hidden = isOrg;
    literal.hidden = !isOrg;
  };
  kind.addEventListener('change', sync);
  sync();
  const row = h('div', { class: 'author-row', role: 'group', 'aria-label': 'Author' }, kind, family, given, literal);
  row.append(h('button', { type: 'button', class: 'link-button', 'aria-label': 'Remove author', onclick: () => onRemove(row) }, 'Remove'));
  return row;
}

function readAuthors(rows: HTMLElement): CslName[] {
  return [...rows.querySelectorAll<HTMLElement>('.author-row')].flatMap((row) => {
    const get = (cls: string) => row.querySelector<HTMLInputElement>(cls)!.value.trim();
    if (row.querySelector<HTMLSelectElement>('.author-kind')!.value === 'org') return get('.author-literal') ? [{ literal: get('.author-literal') }] : [];
    const n: CslName = {};
    if (get('.author-family')) n.family = get('.author-family');
    if (get('.author-given')) n.given = get('.author-given');
    return n.family || n.given ? [n] : [];
  });
}

/**
 * The source of the open article in its header: a citation line with "Edit source",
 * which opens a form for the CSL-JSON fields export cites (type, title, authors,
 * outlet, dates, URL, language, publisher) and saves through `sources:set`.
 */
export class SourceBox {
  readonly el: HTMLElement;
  private article: Article | null = null;
  private source: Source | null = null;
  private editing = false;
  private formError: HTMLElement | null = null;

  constructor() {
    this.el = h('section', { class: 'source-box', 'aria-label': 'Source' });
  }

  /** Shows an article's source (null when none was recorded). */
  show(article: Article, source: Source | null): void {
    this.article = article;
    this.source = source;
    this.editing = false;
    this.render();
  }

  private render(focusEdit = false): void {
    if (!this.article) return this.el.replaceChildren();
    if (this.editing) return this.renderForm();
    const csl = this.source?.csl;
    const line = csl ? citationLine(csl) : '';
    const edit = h('button', { type: 'button', class: 'link-button source-edit', onclick: () => this.edit() }, csl ? 'Edit source' : 'Add source');
    this.el.replaceChildren(
      h(
        'div',
        { class: 'source-line' },
        h('span', { class: 'source-label' }, 'Source'),
        csl
          ? h('span', { class: 'source-cite', lang: csl.language ?? this.article.lang ?? null }, line || csl.title || 'Untitled source')
          : h('span', { class: 'source-missing' }, 'Not recorded yet'),
        csl?.URL && h('a', { class: 'source-url', href: csl.URL, target: '_blank', rel: 'noopener noreferrer' }, new URL(csl.URL, 'https://x.invalid').host || csl.URL),
        edit,
      ),
    );
    if (focusEdit) edit.focus();
  }

  private edit(): void {
    this.editing = true;
    this.render();
  }

  private renderForm(): void {
    const article = this.article!;
    const csl: Partial<Csl> = this.source?.csl ?? { type: 'article-newspaper', title: article.title, language: article.lang ?? undefined, issued: article.date ? parseDate(article.date) : undefined };
    const type = h('select', { class: 'field-input' }, ...SOURCE_TYPES.map((t) => h('option', { value: t.value }, t.label)));
    type.value = SOURCE_TYPES.some((t) => t.value === csl.type) ? csl.type! : 'article-newspaper';
    const title = text(csl.title);
    const container = text(csl['container-title'], { placeholder: 'e.g. 中央社, The Guardian' });
    const issued = text(dateText(csl.issued), { placeholder: 'YYYY-MM-DD', inputmode: 'numeric' });
    const url = text(csl.URL, { type: 'url', placeholder: 'https://…' });
    const accessed = text(dateText(csl.accessed), { placeholder: 'YYYY-MM-DD', inputmode: 'numeric' });
    const language = text(csl.language, { placeholder: 'e.g. zh-Hant' });
    const publisher = text(csl.publisher);
    const authors = h('div', { class: 'author-rows' });
    const remove = (row: HTMLElement) => {
      row.remove();
      authors.querySelector<HTMLElement>('select')?.focus();
    };
    for (const n of csl.author?.length ? csl.author : [undefined]) authors.append(authorRow(n, remove));
    const addAuthor = h('button', {
      type: 'button',
      class: 'link-button',
      onclick: () => {
        const row = authorRow(undefined, remove);
        authors.append(row);
        row.querySelector<HTMLElement>('.author-family')?.focus();
      },
    }, '+ Add author');
    const save = h('button', { type: 'submit', class: 'button button-small button-primary' }, 'Save source');
    this.formError = h('p', { class: 'save-error form-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      { class: 'source-form', 'aria-label': 'Edit source' },
      field('Type', type),
      field('Title', title, true),
      h('div', { class: 'field field-wide' }, h('span', { class: 'field-label' }, 'Authors'), authors, addAuthor),
      field('Outlet (container title)', container),
      field('Publisher', publisher),
      field('Date issued', issued),
      field('Language', language),
      field('URL', url, true),
      field('Date accessed', accessed),
      this.formError,
      h('div', { class: 'form-actions' }, h('button', { type: 'button', class: 'button button-small', onclick: () => this.cancel() }, 'Cancel'), save),
    );
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.cancel();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const next: Record<string, unknown> = { ...(this.source?.csl ?? {}) };
      for (const k of EDITED) delete next[k];
      const values: Record<string, unknown> = {
        type: type.value,
        title: title.value.trim() || undefined,
        author: readAuthors(authors),
        'container-title': container.value.trim() || undefined,
        issued: parseDate(issued.value),
        URL: url.value.trim() || undefined,
        accessed: parseDate(accessed.value),
        language: language.value.trim() || undefined,
        publisher: publisher.value.trim() || undefined,
      };
      for (const [k, v] of Object.entries(values)) if (v !== undefined && !(Array.isArray(v) && !v.length)) next[k] = v;
      save.disabled = true;
      void this.store(next).finally(() => (save.disabled = false));
    });
    this.el.replaceChildren(form);
    type.focus();
  }

  private cancel(): void {
    this.editing = false;
    this.render(true);
  }

  private async store(csl: Record<string, unknown>): Promise<void> {
    const article = this.article!;
    try {
      const { source } = await call('sources:set', { articleId: article.id, csl });
      if (this.article?.id !== article.id) return;
      this.source = source;
      this.editing = false;
      this.render(true);
      toast('Source saved.');
    } catch (err) {
      if (this.formError && this.article?.id === article.id) {
        this.formError.textContent = `Not saved: ${err instanceof Error ? err.message : String(err)} What you typed is kept; press Save source to try again.`;
        this.formError.hidden = false;
      }
      toastError(err, 'The source was not saved');
    }
  }
}
