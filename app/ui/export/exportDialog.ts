import { t, tn } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import type { Request } from '../../api/channels';
import type { NoteSummary, Tag } from '../../core/model';
import { call } from '../client';
import { h } from '../dom';
import { toast, toastError } from '../toast';
import { openModal } from '../widgets/dialog';
import { styleList, type StyleList } from '../cite/styleChoice';
import { addStyleFile } from '../cite/styleSettings';
import { copyText } from './clipboard';
import { initialExportCitation, rememberExportCitation } from './exportCitation';
import { saveFile, type ExportFile } from './save';

type Format = Request<'export:run'>['format'];
type Scope = Request<'export:run'>['scope'];
/** The scopes the dialog offers (a single quote is exported by "Copy as Markdown"). */
export type ScopeKind = 'all' | 'article' | 'tag' | 'query' | 'note';

/** The export formats, described for people. */
const FORMATS: { value: Format; label: MessageKey; hint: MessageKey }[] = [
  { value: 'md', label: 'export.md', hint: 'export.md.hint' },
  { value: 'html', label: 'export.html', hint: 'export.html.hint' },
  { value: 'docx', label: 'export.docx', hint: 'export.docx.hint' },
  { value: 'csv', label: 'export.csv', hint: 'export.csv.hint' },
  { value: 'json', label: 'export.json', hint: 'export.json.hint' },
  { value: 'w3c', label: 'export.w3c', hint: 'export.w3c.hint' },
  { value: 'csl', label: 'export.csl', hint: 'export.csl.hint' },
  { value: 'bibtex', label: 'export.bibtex', hint: 'export.bibtex.hint' },
  { value: 'ris', label: 'export.ris', hint: 'export.ris.hint' },
  { value: 'qdc', label: 'export.qdc', hint: 'export.qdc.hint' },
  { value: 'qdpx', label: 'export.qdpx', hint: 'export.qdpx.hint' },
];

/** The formats that cite in a CSL style: the dialog offers a style and language for them. */
const CITING_FORMATS: readonly Format[] = ['md', 'html', 'docx'];

/** Lines of the file the preview shows. */
export const PREVIEW_LINES = 200;
const PREVIEW_DELAY_MS = 120;

/** What the dialog can offer as scope, from where the user is. */
export interface ExportContext {
  article: { id: number; title: string } | null;
  note: { id: number; title: string } | null;
  /** The query in the search box, if any. */
  query: string;
  tags: readonly Tag[];
  notes: readonly NoteSummary[];
  /** The scope chosen when it opens. */
  scope?: ScopeKind;
}

function sizeText(chars: string): string {
  const bytes = new TextEncoder().encode(chars).length;
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The Export dialog: a format, a scope (everything, the open article, a tag, the
 * current search, a note), for Markdown, HTML and Word a citation style and language
 * (starting from the last export's, else the settings'), a preview of the first lines
 * that will be written (as text, whatever the format), and Save, which hands the file
 * to the system save dialog or downloads it.
 */
export function openExportDialog(ctx: ExportContext): void {
  let file: ExportFile | null = null;
  let ticket = 0;
  let timer: number | undefined;

  const format = h('select', { class: 'field-input', id: 'export-format', 'aria-describedby': 'export-format-hint', onchange: () => refresh() });
  for (const f of FORMATS) format.append(h('option', { value: f.value }, t(f.label)));
  const formatHint = h('div', { class: 'field-hint', id: 'export-format-hint' });
  const bom = h('input', { type: 'checkbox', onchange: () => refresh() });
  const bomRow = h('label', { class: 'check-row' }, bom, t('export.bom'));

  const citeStyle = h('select', {
    class: 'field-input',
    'aria-label': t('export.cite.style'),
    'aria-describedby': 'export-cite-hint',
    disabled: true,
    onchange: () => refresh(),
  });
  const citeLocale = h('select', { class: 'field-input', 'aria-label': t('export.cite.locale'), disabled: true, onchange: () => refresh() });
  const addStyle = h('button', { type: 'button', class: 'link-button', onclick: () => void addStyleHere() }, t('cite.style.add'));
  const citeHint = h('div', { class: 'field-hint', id: 'export-cite-hint' }, t('export.cite.hint'));
  const citeField = h(
    'div',
    { class: 'field export-cite', role: 'group', 'aria-labelledby': 'export-cite-label' },
    h('div', { class: 'field-label', id: 'export-cite-label' }, t('export.cite')),
    h('div', { class: 'export-cite-fields' }, citeStyle, citeLocale),
    addStyle,
    citeHint,
  );
  /** Settles once the style list is in the selects (or could not be fetched): the first preview waits for it. */
  let stylesReady = fillStyles();

  const tag = h('select', { class: 'select-small', 'aria-label': t('export.tag'), onchange: () => pick('tag') });
  for (const t of [...ctx.tags].sort((a, b) => a.path.localeCompare(b.path))) tag.append(h('option', { value: t.path }, t.path));
  const note = h('select', { class: 'select-small', 'aria-label': t('export.note'), onchange: () => pick('note') });
  for (const n of ctx.notes) note.append(h('option', { value: String(n.id) }, n.title || t('note.untitled')));
  if (ctx.note) note.value = String(ctx.note.id);

  const radios = new Map<ScopeKind, HTMLInputElement>();
  const scopeRow = (kind: ScopeKind, label: string, detail: Node | string | null, enabled: boolean) => {
    const radio = h('input', { type: 'radio', name: 'export-scope', value: kind, disabled: !enabled, onchange: () => refresh() });
    radios.set(kind, radio);
    return h(
      'label',
      { class: `scope-row${enabled ? '' : ' disabled'}` },
      radio,
      h('span', { class: 'scope-label' }, label),
      detail && h('span', { class: 'scope-detail' }, detail),
    );
  };
  const quoted = (text: string) => h('span', { class: 'scope-quoted' }, t('export.quoted', { text }));
  const scopes = h(
    'fieldset',
    { class: 'scope-set' },
    h('legend', { class: 'field-label' }, t('export.scope')),
    scopeRow('all', t('export.scope.all'), null, true),
    scopeRow('article', t('export.scope.article'), ctx.article ? quoted(ctx.article.title) : t('export.scope.article.none'), !!ctx.article),
    scopeRow('tag', t('export.scope.tag'), ctx.tags.length ? tag : t('export.scope.tag.none'), ctx.tags.length > 0),
    scopeRow('query', t('export.scope.query'), ctx.query ? quoted(ctx.query) : t('export.scope.query.none'), !!ctx.query),
    scopeRow('note', t('export.scope.note'), ctx.notes.length ? note : t('export.scope.note.none'), ctx.notes.length > 0),
  );
  const wanted = ctx.scope && !radios.get(ctx.scope)?.disabled ? ctx.scope : 'all';
  radios.get(wanted)!.checked = true;

  const preview = h('pre', { class: 'export-preview', tabindex: '0', 'aria-label': t('export.preview') });
  const caption = h('div', { class: 'export-caption', role: 'status' });
  const save = h('button', { type: 'button', class: 'button button-primary', disabled: true, onclick: () => void doSave() }, t('export.save'));
  const copy = h(
    'button',
    {
      type: 'button',
      class: 'button',
      disabled: true,
      onclick: () => {
        if (!file) return;
        rememberCitation();
        void copyText(file.content, t('export.copied'));
      },
    },
    t('menu.copy'),
  );

  const modal = openModal({
    title: t('export.title'),
    className: 'export-dialog',
    content: [
      h(
        'div',
        { class: 'export-grid' },
        h(
          'div',
          { class: 'export-options' },
          h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'export-format' }, t('export.format')), format, formatHint, bomRow),
          citeField,
          scopes,
        ),
        h('div', { class: 'export-preview-box' }, h('div', { class: 'field-label' }, t('export.preview')), preview, caption),
      ),
    ],
    actions: [h('button', { type: 'button', class: 'button', onclick: () => modal.close() }, t('action.cancel')), copy, save],
    onClose: () => window.clearTimeout(timer),
  });

  function pick(kind: ScopeKind): void {
    radios.get(kind)!.checked = true;
    refresh();
  }

  function scope(): Scope {
    const kind = ([...radios].find(([, r]) => r.checked)?.[0] ?? 'all') as ScopeKind;
    if (kind === 'article' && ctx.article) return { kind, articleId: ctx.article.id };
    if (kind === 'tag') return { kind, tag: tag.value };
    if (kind === 'query') return { kind, query: ctx.query };
    if (kind === 'note') return { kind, noteId: Number(note.value) };
    return { kind: 'all' };
  }

  /** Puts the styles (shipped, then the user's) and locales in the selects, at the initial choice. */
  async function fillStyles(selected?: string): Promise<void> {
    let list: StyleList;
    try {
      list = await styleList();
    } catch {
      citeHint.textContent = t('export.cite.failed');
      return;
    }
    const option = (s: StyleList['styles'][number]) => h('option', { value: s.id }, s.title);
    const yours = list.styles.filter((s) => s.origin === 'user');
    citeStyle.replaceChildren(
      h('option', { value: '' }, t('export.cite.plain')),
      h('optgroup', { label: t('export.cite.shipped') }, ...list.styles.filter((s) => s.origin === 'shipped').map(option)),
      ...(yours.length ? [h('optgroup', { label: t('export.cite.yours') }, ...yours.map(option))] : []),
    );
    citeLocale.replaceChildren(h('option', { value: 'auto' }, t('cite.locale.auto')), ...list.locales.map((l) => h('option', { value: l }, l)));
    const initial = initialExportCitation(list);
    citeStyle.value = selected ?? initial.style;
    citeLocale.value = initial.locale;
    citeStyle.disabled = false;
  }

  async function addStyleHere(): Promise<void> {
    try {
      const added = await addStyleFile();
      if (!added) return;
      stylesReady = fillStyles(added.id);
      await stylesReady;
      refresh();
    } catch (err) {
      toastError(err, t('cite.style.addFailed'));
    }
  }

  /** The citation part of the request: none for formats that do not cite, the plain line, or a style and locale. */
  function citeRequest(): Pick<Request<'export:run'>, 'style' | 'locale' | 'citations'> {
    if (!CITING_FORMATS.includes(format.value as Format) || citeStyle.disabled) return {};
    if (citeStyle.value === '') return { citations: 'plain' };
    return { style: citeStyle.value, locale: citeLocale.value === 'auto' ? null : citeLocale.value };
  }

  /** Keeps this export's citation choice for the next one. */
  function rememberCitation(): void {
    if (CITING_FORMATS.includes(format.value as Format) && !citeStyle.disabled) rememberExportCitation({ style: citeStyle.value, locale: citeLocale.value });
  }

  function refresh(): void {
    bomRow.hidden = format.value !== 'csv';
    citeField.hidden = !CITING_FORMATS.includes(format.value as Format);
    // A long style title is cut in the closed select: its tooltip gives it whole.
    citeStyle.title = citeStyle.selectedOptions[0]?.textContent ?? '';
    citeLocale.disabled = citeStyle.disabled || citeStyle.value === '';
    const hint = FORMATS.find((f) => f.value === format.value)?.hint;
    formatHint.textContent = hint ? t(hint) : '';
    file = null;
    save.disabled = copy.disabled = true;
    preview.setAttribute('aria-busy', 'true');
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void render(), PREVIEW_DELAY_MS);
  }

  async function render(): Promise<void> {
    const mine = ++ticket;
    try {
      await stylesReady;
      if (mine !== ticket) return;
      const result = await call('export:run', { format: format.value as Format, scope: scope(), bom: format.value === 'csv' && bom.checked, ...citeRequest() });
      if (mine !== ticket) return;
      file = result;
      const lines = result.encoding === 'base64' ? [t('export.binary')] : result.content.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      preview.classList.remove('export-error');
      preview.textContent = lines.slice(0, PREVIEW_LINES).join('\n');
      const cut = lines.length > PREVIEW_LINES ? t('export.cut', { count: PREVIEW_LINES }) : '';
      caption.replaceChildren(h('strong', {}, result.filename), ` · ${sizeText(result.content)} · ${tn('export.lines', lines.length)}${cut}`);
      save.disabled = false;
      copy.disabled = result.encoding === 'base64';
    } catch (err) {
      if (mine !== ticket) return;
      preview.classList.add('export-error');
      preview.textContent = err instanceof Error ? err.message : String(err);
      caption.textContent = t('export.nothing');
    } finally {
      if (mine === ticket) preview.removeAttribute('aria-busy');
    }
  }

  async function doSave(): Promise<void> {
    if (!file) return;
    try {
      const where = await saveFile(file);
      if (where) {
        rememberCitation();
        toast(where === 'download' ? t('export.done', { name: file.filename }) : t('export.saved', { path: where }));
        modal.close();
      }
    } catch (err) {
      toastError(err, t('error.export'));
    }
  }

  format.focus();
  refresh();
}
