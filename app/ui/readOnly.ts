import type { SyncStatus } from '../sync/client';
import { call } from './client';
import { h } from './dom';
import { t } from './i18n/i18n';

/** Why the window only reads: the library sits on a read-only location, or it is shared with this person as a viewer. */
export type ReadOnlyReason = 'location' | 'viewer';

/** The event the sync status control sends on `document` with every status it receives (`detail` is the {@link SyncStatus}). */
export const SYNC_STATUS_EVENT = 'apostil:sync-status';

let location = false;
let viewer = false;
let observer: MutationObserver | undefined;
let banner: HTMLElement | undefined;

/**
 * Controls that write, disabled while the library is read-only (found by selector, since
 * some are drawn later): quoting, importing, new notes, the article's language and source, a quote's
 * colour, tags and deletion, the Tags view's colour and actions menu, Restore in the Trash.
 */
const WRITING = [
  '#quote-button',
  '.library-pane .toolbar-group > .button',
  '.library-pane .subheader-tools .icon-button',
  '.article-lang',
  '.source-edit',
  '.quote-card .color-button',
  '.quote-card .link-button.danger',
  '.tag-remove',
  '.tag-dot-button',
  '.tag-more',
  '.trash-item .button',
].join(', ');
/** Text fields that write: a quote's comment and tag field, a note's title. */
const FIELDS = '.quotes-pane input:not([type]), .quotes-pane input[type="text"], .quotes-pane textarea, .quote-card input, .quote-card textarea, .note-title';
/** Marks what this module disabled, so it can give it back when writing is allowed again. */
const LOCKED = 'data-locked';
/** Marks a locked control that was disabled (or read-only) already, so unlocking leaves it so. */
const WAS = 'data-locked-was';

/** True when the window only reads: a read-only location (`app:info`) or the viewer role of a shared library (`sync:status`). */
export function isReadOnly(): boolean {
  return location || viewer;
}

/** Why the window only reads now, or null when it writes. */
export function readOnlyReason(): ReadOnlyReason | null {
  return location ? 'location' : viewer ? 'viewer' : null;
}

/** Marks what cannot be written now: writing buttons disabled with the reason as their description, fields and note editors read-only. */
function disableWriting(root: ParentNode): void {
  const why = t(location ? 'readOnly.why.location' : 'readOnly.why.viewer');
  /** Remembers an element's title and state before it is locked (once), and says why it is. */
  const mark = (el: HTMLElement, was: boolean) => {
    if (el.hasAttribute(LOCKED)) return;
    el.setAttribute(LOCKED, el.title);
    if (was) el.setAttribute(WAS, '');
    el.setAttribute('aria-description', why);
    el.title = why;
  };
  // Each property is set only when it differs: setting it again would wake the observer for nothing, forever.
  for (const el of root.querySelectorAll<HTMLButtonElement>(WRITING)) {
    mark(el, el.disabled);
    if (!el.disabled) el.disabled = true;
  }
  for (const el of root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>(FIELDS)) {
    mark(el, el.readOnly);
    if (!el.readOnly) el.readOnly = true;
  }
  for (const el of root.querySelectorAll<HTMLElement>('.ProseMirror[contenteditable="true"]')) {
    mark(el, false);
    el.contentEditable = 'false';
  }
}

/** Gives back what {@link disableWriting} took (when a viewer's connection ends or their role changes), as it was. */
function enableWriting(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>(`[${LOCKED}]`)) {
    const title = el.getAttribute(LOCKED) ?? '';
    const was = el.hasAttribute(WAS);
    if (title) el.title = title;
    else el.removeAttribute('title');
    el.removeAttribute('aria-description');
    el.removeAttribute(LOCKED);
    el.removeAttribute(WAS);
    if (el instanceof HTMLButtonElement) el.disabled = was;
    else if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) el.readOnly = was;
    else el.contentEditable = 'true';
  }
}

/** Shows or removes the banner and keeps writing controls disabled (including those views draw later) while the window only reads. */
function apply(app: HTMLElement): void {
  const reason = readOnlyReason();
  document.body.classList.toggle('read-only', reason !== null);
  banner?.remove();
  banner = undefined;
  observer?.disconnect();
  observer = undefined;
  enableWriting(app);
  if (!reason) return;
  const [title, text] = reason === 'location' ? (['readOnly.title', 'readOnly.text'] as const) : (['readOnly.viewer.title', 'readOnly.viewer.text'] as const);
  banner = h('div', { class: 'read-only-banner', role: 'status' }, h('strong', {}, t(title)), ' ', t(text));
  app.querySelector('.center-pane')?.prepend(banner);
  disableWriting(app);
  observer = new MutationObserver(() => disableWriting(app));
  observer.observe(app, { childList: true, subtree: true, attributes: true, attributeFilter: ['disabled', 'readonly', 'contenteditable'] });
}

/**
 * Asks the host whether the library is read-only and follows the sync role: when the
 * library sits on a read-only location, or is shared with this person as a viewer, a
 * banner says so above the centre pane and writing controls stay disabled with the
 * reason as their description (the core refuses writes anyway: `read_only`, and the sync
 * server drops a viewer's changes). Resolves with whether the location is read-only.
 */
export async function checkReadOnly(app: HTMLElement): Promise<boolean> {
  document.addEventListener(SYNC_STATUS_EVENT, (e) => {
    const s = (e as CustomEvent<SyncStatus>).detail;
    const now = s.role === 'viewer' && s.state !== 'disconnected';
    if (now === viewer) return;
    viewer = now;
    apply(app);
  });
  location = (await call('app:info', {})).readOnly;
  if (location) apply(app);
  return location;
}
