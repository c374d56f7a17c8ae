import { t } from '../i18n/i18n';
import type { Article, Source } from '../../core/model';
import { call } from '../client';
import { h, safeLink } from '../dom';
import { toast, toastError } from '../toast';
import { citationLine, dateText, isDateText, parseDate, SOURCE_TYPES, type Csl, type CslName } from './cite';

/** The fields the form edits; everything else in the item is kept as it was. */
const EDITED = ['type', 'title', 'author', 'container-title', 'issued', 'URL', 'accessed', 'language', 'publisher'] as const;

let nextId = 0;

function field(label: string, control: HTMLElement, wide = false, hint?: string): HTMLElement {
  const id = `source-field-${++nextId}`;
  control.id = id;
  const hintEl = hint ? h('div', { class: 'field-hint', id: `${id}-hint` }, hint) : null;
  if (hintEl) control.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: `field${wide ? ' field-wide' : ''}` }, h('label', { class: 'field-label', for: id }, label), control, hintEl);
}

function text(value: string | undefined, attrs: Record<string, string> = {}): HTMLInputElement {
  const input = h('input', { type: 'text', class: 'field-input', autocomplete: 'off', ...attrs });
  input.value = value ?? '';
  return input;
}

/** One author row: a person (family, given) or an organisation (one name). */
function authorRow(name: CslName | undefined, onRemove: (row: HTMLElement) => void): HTMLElement {
  const org = !!name?.literal;
  const kind = h(
    'select',
    { class: 'field-input author-kind', 'aria-label': t('source.author.kind') },
    h('option', { value: 'person' }, t('source.author.person')),
    h('option', { value: 'org' }, t('source.author.org')),
  );
  kind.value = org ? 'org' : 'person';
  const family = text(name?.family, { 'aria-label': t('source.author.family'), placeholder: t('source.author.family'), class: 'field-input author-family' });
  const given = text(name?.given, { 'aria-label': t('source.author.given'), placeholder: t('source.author.given'), class: 'field-input author-given' });
  const literal = text(name?.literal, { 'aria-label': t('source.author.orgName'), placeholder: t('source.author.name'), class: 'field-input author-literal' });
  const sync = () => {
    const isOrg = kind.value === 'org';
    family.hidden = given.hidden = isOrg;
    literal.hidden = !isOrg;
  };
  kind.addEventListener('change', sync);
  sync();
  const row = h('div', { class: 'author-row', role: 'group', 'aria-label': t('source.author') }, kind, family, given, literal);
  row.append(
    h(
      'button',
      { type: 'button', class: 'link-button', 'aria-label': t('source.author.remove'), onclick: () => onRemove(row) },
      t('source.author.removeShort'),
    ),
  );
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

/** True when `text` is empty or an absolute address with a scheme (`https://…`, `doi:…`). */
function isUrlText(text: string): boolean {
  const v = text.trim();
  if (!v) return true;
  try {
    new URL(v);
    return /^[a-z][a-z0-9+.-]*:/i.test(v);
  } catch {
    return false;
  }
}

/** Marks each checked input valid or not (`aria-invalid`) and returns the first problem. */
function invalid(checks: [HTMLInputElement, string | null][]): { input: HTMLInputElement; message: string } | null {
  let first: { input: HTMLInputElement; message: string } | null = null;
  for (const [input, message] of checks) {
    if (message) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    if (message && !first) first = { input, message };
  }
  return first;
}

/** A source's URL: a link to its host when it is a web address, otherwise the text as written (never a `javascript:` link). */
function sourceUrl(url: string): HTMLElement {
  const web = safeLink(url);
  if (!web) return h('span', { class: 'source-url source-url-text', title: t('source.url.notLink') }, url);
  return h('a', { class: 'source-url', href: web.href, target: '_blank', rel: 'noopener noreferrer', title: web.href }, web.host);
}

/**
 * The source of the open article in its header: a citation line with "Edit source",
 * which opens a form for the CSL-JSON fields export cites (type, title, authors,
 * outlet, dates, URL, language, publisher) and the citation key, and saves through `sources:set`.
 */
export class SourceBox {
  readonly el: HTMLElement;
  private article: Article | null = null;
  private source: Source | null = null;
  private editing = false;
  private formError: HTMLElement | null = null;

  constructor() {
    this.el = h('section', { class: 'source-box', 'aria-label': t('source.label') });
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
    const edit = h('button', { type: 'button', class: 'link-button source-edit', onclick: () => this.edit() }, csl ? t('source.edit') : t('source.add'));
    this.el.replaceChildren(
      h(
        'div',
        { class: 'source-line' },
        h('span', { class: 'source-label' }, t('source.label')),
        csl
          ? h('span', { class: 'source-cite', lang: csl.language ?? this.article.lang ?? null }, line || csl.title || t('source.untitled'))
          : h('span', { class: 'source-missing' }, t('source.missing')),
        csl?.URL && sourceUrl(csl.URL),
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
    const csl: Partial<Csl> = this.source?.csl ?? {
      type: 'article-newspaper',
      title: article.title,
      language: article.lang ?? undefined,
      issued: article.date ? parseDate(article.date) : undefined,
    };
    const type = h('select', { class: 'field-input' }, ...SOURCE_TYPES.map((st) => h('option', { value: st.value }, t(st.label))));
    type.value = SOURCE_TYPES.some((st) => st.value === csl.type) ? csl.type! : 'article-newspaper';
    const title = text(csl.title);
    const container = text(csl['container-title'], { placeholder: t('source.container.placeholder') });
    const issued = text(dateText(csl.issued), { placeholder: 'YYYY-MM-DD', inputmode: 'numeric' });
    const url = text(csl.URL, { type: 'url', placeholder: 'https://…' });
    const accessed = text(dateText(csl.accessed), { placeholder: 'YYYY-MM-DD', inputmode: 'numeric' });
    const language = text(csl.language, { placeholder: t('source.language.placeholder') });
    const publisher = text(csl.publisher);
    const key = text(this.source?.citationKey, {
      placeholder: t('source.key.placeholder'),
      spellcheck: 'false',
      autocapitalize: 'off',
      class: 'field-input source-key',
    });
    const authors = h('div', { class: 'author-rows' });
    const remove = (row: HTMLElement) => {
      row.remove();
      authors.querySelector<HTMLElement>('select')?.focus();
    };
    for (const n of csl.author?.length ? csl.author : [undefined]) authors.append(authorRow(n, remove));
    const addAuthor = h(
      'button',
      {
        type: 'button',
        class: 'link-button',
        onclick: () => {
          const row = authorRow(undefined, remove);
          authors.append(row);
          row.querySelector<HTMLElement>('.author-family')?.focus();
        },
      },
      t('source.author.add'),
    );
    const save = h('button', { type: 'submit', class: 'button button-small button-primary' }, t('source.save'));
    this.formError = h('p', { class: 'save-error form-error', role: 'alert', hidden: true });
    const form = h(
      'form',
      // The app's own messages in the app's language, not the browser's (see `invalid` below).
      { class: 'source-form', 'aria-label': t('source.edit'), novalidate: true },
      field(t('source.type'), type),
      field(t('source.title'), title, true),
      h('div', { class: 'field field-wide' }, h('span', { class: 'field-label' }, t('source.authors')), authors, addAuthor),
      field(t('source.container'), container),
      field(t('source.publisher'), publisher),
      field(t('source.issued'), issued),
      field(t('language.label'), language),
      field('URL', url, true),
      field(t('source.accessed'), accessed),
      field(t('source.key'), key, true, t('source.key.hint')),
      this.formError,
      h(
        'div',
        { class: 'form-actions' },
        h('button', { type: 'button', class: 'button button-small', onclick: () => this.cancel() }, t('action.cancel')),
        save,
      ),
    );
    form.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.preventDefault();
        this.cancel();
      }
    });
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      const problem = invalid([
        [issued, isDateText(issued.value) ? null : t('source.date.invalid', { field: t('source.issued') })],
        [accessed, isDateText(accessed.value) ? null : t('source.date.invalid', { field: t('source.accessed') })],
        [url, isUrlText(url.value) ? null : t('source.url.invalid')],
      ]);
      if (problem) {
        this.formError!.textContent = problem.message;
        this.formError!.hidden = false;
        problem.input.focus();
        return;
      }
      this.formError!.hidden = true;
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
      const citationKey = key.value.trim();
      void this.store(next, this.source || citationKey ? citationKey : undefined).finally(() => (save.disabled = false));
    });
    this.el.replaceChildren(form);
    type.focus();
  }

  private cancel(): void {
    this.editing = false;
    this.render(true);
  }

  /** Saves the edited item; `citationKey` renames the key, and an empty one asks for a fresh key. */
  private async store(csl: Record<string, unknown>, citationKey: string | undefined): Promise<void> {
    const article = this.article!;
    try {
      const { source } = await call('sources:set', { articleId: article.id, csl, citationKey });
      if (this.article?.id !== article.id) return;
      this.source = source;
      this.editing = false;
      this.render(true);
      toast(t('source.saved'));
    } catch (err) {
      if (this.formError && this.article?.id === article.id) {
        this.formError.textContent = t('source.notSaved', { message: err instanceof Error ? err.message : String(err) });
        this.formError.hidden = false;
      }
      toastError(err, t('error.source'));
    }
  }
}
