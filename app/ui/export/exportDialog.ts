import type { Request } from '../../api/channels';
import type { NoteSummary, Tag } from '../../core/model';
import { call } from '../client';
import { h } from '../dom';
import { toast, toastError } from '../toast';
import { openModal } from '../widgets/dialog';
import { copyText } from './clipboard';
import { saveFile, type ExportFile } from './save';

type Format = Request<'export:run'>['format'];
type Scope = Request<'export:run'>['scope'];
/** The scopes the dialog offers (a single quote is exported by "Copy as Markdown"). */
export type ScopeKind = 'all' | 'article' | 'tag' | 'query' | 'note';

/** The export formats, described for people. */
const FORMATS: { value: Format; label: string; hint: string }[] = [
  { value: 'md', label: 'Markdown', hint: 'Annotations report, or the note as Markdown' },
  { value: 'html', label: 'HTML', hint: 'Self-contained, printable report' },
  { value: 'csv', label: 'CSV', hint: 'One row per quote, for spreadsheets' },
  { value: 'json', label: 'Apostil JSON', hint: 'Complete, lossless backup of the library' },
  { value: 'w3c', label: 'W3C Web Annotation', hint: 'JSON-LD for other annotation tools' },
  { value: 'csl', label: 'CSL-JSON', hint: 'Sources, for Zotero and citation processors' },
  { value: 'bibtex', label: 'BibTeX', hint: 'Sources, for LaTeX' },
  { value: 'ris', label: 'RIS', hint: 'Sources, for reference managers' },
  { value: 'qdc', label: 'REFI-QDA codebook', hint: 'The tag hierarchy, for QualCoder, ATLAS.ti, NVivo' },
];

/** Lines of the file the preview shows. */
export const PREVIEW_LINES = 200;
const PREVIEW_DELAY_MS = 120;

/** What the dialog can offer as scope, from where the user is. */
export interface ExportContext {
  article: { id: number; title: string } | null;
  note: { id: number; title: string } | null;
  /** The query in the search box, if any. */
  query: string;
  tags: Tag[];
  notes: NoteSummary[];
  /** The scope chosen when it opens. */
  scope?: ScopeKind;
}

function sizeText(chars: string): string {
  const bytes = new TextEncoder().encode(chars).length;
  return bytes < 1024 ? `${bytes} B` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The Export dialog: a format, a scope (everything, the open article, a tag, the
 * current search, a note), a preview of the first lines that will be written
 * (as text, whatever the format), and Save, which hands the file to the system
 * save dialog or downloads it.
 */
export function openExportDialog(ctx: ExportContext): void {
  let file: ExportFile | null = null;
  let ticket = 0;
  let timer: number | undefined;

  const format = h('select', { class: 'field-input', id: 'export-format', 'aria-describedby': 'export-format-hint', onchange: () => refresh() });
  for (const f of FORMATS) format.append(h('option', { value: f.value }, f.label));
  const formatHint = h('div', { class: 'field-hint', id: 'export-format-hint' });
  const bom = h('input', { type: 'checkbox', onchange: () => refresh() });
  const bomRow = h('label', { class: 'check-row' }, bom, 'Start with a byte-order mark (for Excel)');

  const tag = h('select', { class: 'select-small', 'aria-label': 'Tag to export', onchange: () => pick('tag') });
  for (const t of [...ctx.tags].sort((a, b) => a.path.localeCompare(b.path))) tag.append(h('option', { value: t.path }, t.path));
  const note = h('select', { class: 'select-small', 'aria-label': 'Note to export', onchange: () => pick('note') });
  for (const n of ctx.notes) note.append(h('option', { value: String(n.id) }, n.title || 'Untitled note'));
  if (ctx.note) note.value = String(ctx.note.id);

  const radios = new Map<ScopeKind, HTMLInputElement>();
  const scopeRow = (kind: ScopeKind, label: string, detail: Node | string | null, enabled: boolean) => {
    const radio = h('input', { type: 'radio', name: 'export-scope', value: kind, disabled: !enabled, onchange: () => refresh() });
    radios.set(kind, radio);
    return h('label', { class: `scope-row${enabled ? '' : ' disabled'}` }, radio, h('span', { class: 'scope-label' }, label), detail && h('span', { class: 'scope-detail' }, detail));
  };
  const quoted = (text: string) => h('span', { class: 'scope-quoted' }, `“${text}”`);
  const scopes = h(
    'fieldset',
    { class: 'scope-set' },
    h('legend', { class: 'field-label' }, 'What to export'),
    scopeRow('all', 'Everything', null, true),
    scopeRow('article', 'This article', ctx.article ? quoted(ctx.article.title) : 'open an article first', !!ctx.article),
    scopeRow('tag', 'Quotes with tag', ctx.tags.length ? tag : 'no tags yet', ctx.tags.length > 0),
    scopeRow('query', 'The current search', ctx.query ? quoted(ctx.query) : 'type in Search first', !!ctx.query),
    scopeRow('note', 'A note', ctx.notes.length ? note : 'no notes yet', ctx.notes.length > 0),
  );
  const wanted = ctx.scope && !radios.get(ctx.scope)?.disabled ? ctx.scope : 'all';
  radios.get(wanted)!.checked = true;

  const preview = h('pre', { class: 'export-preview', tabindex: '0', 'aria-label': 'Preview' });
  const caption = h('div', { class: 'export-caption', role: 'status' });
  const save = h('button', { type: 'button', class: 'button button-primary', disabled: true, onclick: () => void doSave() }, 'Save');
  const copy = h('button', { type: 'button', class: 'button', disabled: true, onclick: () => file && void copyText(file.content, 'Copied the export.') }, 'Copy');

  const modal = openModal({
    title: 'Export',
    className: 'export-dialog',
    content: [
      h(
        'div',
        { class: 'export-grid' },
        h(
          'div',
          { class: 'export-options' },
          h('div', { class: 'field' }, h('label', { class: 'field-label', for: 'export-format' }, 'Format'), format, formatHint, bomRow),
          scopes,
        ),
        h('div', { class: 'export-preview-box' }, h('div', { class: 'field-label' }, 'Preview'), preview, caption),
      ),
    ],
    actions: [h('button', { type: 'button', class: 'button', onclick: () => modal.close() }, 'Cancel'), copy, save],
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

  function refresh(): void {
    bomRow.hidden = format.value !== 'csv';
    formatHint.textContent = FORMATS.find((f) => f.value === format.value)?.hint ?? '';
    file = null;
    save.disabled = copy.disabled = true;
    preview.setAttribute('aria-busy', 'true');
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void render(), PREVIEW_DELAY_MS);
  }

  async function render(): Promise<void> {
    const mine = ++ticket;
    try {
      const result = await call('export:run', { format: format.value as Format, scope: scope(), bom: format.value === 'csv' && bom.checked });
      if (mine !== ticket) return;
      file = result;
      const lines = result.content.split('\n');
      if (lines[lines.length - 1] === '') lines.pop();
      preview.classList.remove('export-error');
      preview.textContent = lines.slice(0, PREVIEW_LINES).join('\n');
      const cut = lines.length > PREVIEW_LINES ? ` · first ${PREVIEW_LINES} shown` : '';
      caption.replaceChildren(h('strong', {}, result.filename), ` · ${sizeText(result.content)} · ${lines.length.toLocaleString()} ${lines.length === 1 ? 'line' : 'lines'}${cut}`);
      save.disabled = copy.disabled = false;
    } catch (err) {
      if (mine !== ticket) return;
      preview.classList.add('export-error');
      preview.textContent = err instanceof Error ? err.message : String(err);
      caption.textContent = 'Nothing to save.';
    } finally {
      if (mine === ticket) preview.removeAttribute('aria-busy');
    }
  }

  async function doSave(): Promise<void> {
    if (!file) return;
    try {
      if (await saveFile(file)) {
        toast(`Exported ${file.filename}.`);
        modal.close();
      }
    } catch (err) {
      toastError(err, 'The export was not saved');
    }
  }

  format.focus();
  refresh();
}
