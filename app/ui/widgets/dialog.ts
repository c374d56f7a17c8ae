import { t } from '../i18n/i18n';
import { h } from '../dom';
import { rehomeToasts } from '../toast';

/** What a modal dialog asks. */
export interface DialogSpec<T> {
  title: string;
  /** Sentence(s) under the title. */
  message?: string;
  /** The form controls. */
  fields?: HTMLElement[];
  confirm: string;
  danger?: boolean;
  /** Extra class for styling. */
  className?: string;
  /** Reads the answer when the user confirms; return undefined to keep the dialog open (e.g. nothing chosen). */
  read(): T | undefined;
}

/** What a modal shows: a title, content, and buttons at the bottom. */
export interface ModalSpec {
  title: string;
  /** Sentence(s) under the title. */
  message?: string;
  content?: Node[];
  /** Buttons (or other controls) of the action row; a Close button when omitted. */
  actions?: Node[];
  /** Extra class for styling. */
  className?: string;
  /** `form` makes the body a `<form method="dialog">`, so a submit button closes it. */
  form?: boolean;
  /** Called once when it closes, before focus goes back. */
  onClose?(): void;
}

/** A modal on screen. */
export interface Modal {
  readonly el: HTMLDialogElement;
  /** The form or div holding title, content and actions. */
  readonly body: HTMLElement;
  close(): void;
  /** Resolves once it has closed. */
  readonly closed: Promise<void>;
}

/**
 * Shows a native modal `<dialog>` (focus kept inside, Escape closes, focus goes back
 * to where it was) with a title, content and an action row; the shared frame of
 * every dialog, whether it asks a question ({@link ask}) or shows a tool.
 */
export function openModal(spec: ModalSpec): Modal {
  const returnTo = document.activeElement as HTMLElement | null;
  const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
  const actions = spec.actions ?? [h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, t('action.close'))];
  const body = h(
    spec.form ? 'form' : 'div',
    { method: spec.form ? 'dialog' : null, class: 'dialog-form' },
    h('h2', { class: 'dialog-title', id: titleId }, spec.title),
    spec.message && h('p', { class: 'dialog-message' }, spec.message),
    ...(spec.content ?? []),
    h('div', { class: 'dialog-actions' }, ...actions),
  );
  const dialog = h('dialog', { class: `dialog ${spec.className ?? ''}`, 'aria-labelledby': titleId }, body);
  const closed = new Promise<void>((resolve) =>
    dialog.addEventListener('close', () => {
      spec.onClose?.();
      rehomeToasts(dialog);
      dialog.remove();
      if (returnTo?.isConnected) returnTo.focus({ preventScroll: true });
      resolve();
    }),
  );
  document.body.append(dialog);
  dialog.showModal();
  return { el: dialog, body, close: () => dialog.close(), closed };
}

/**
 * Shows a modal form (Cancel and a confirm button) and resolves with the answer,
 * or null when cancelled.
 */
export function ask<T>(spec: DialogSpec<T>): Promise<T | null> {
  let answer: T | null = null;
  const confirm = h('button', { type: 'submit', class: `button ${spec.danger ? 'button-danger' : 'button-primary'}` }, spec.confirm);
  const modal: Modal = openModal({
    title: spec.title,
    message: spec.message,
    content: spec.fields,
    className: spec.className,
    form: true,
    actions: [h('button', { type: 'button', class: 'button', onclick: () => modal.close() }, t('action.cancel')), confirm],
  });
  modal.body.addEventListener('submit', (e) => {
    const value = spec.read();
    if (value === undefined) {
      e.preventDefault();
      return;
    }
    answer = value;
  });
  (modal.body.querySelector<HTMLElement>('input, select, textarea') ?? confirm).focus();
  return modal.closed.then(() => answer);
}

/** Asks for one line of text; resolves with it trimmed, or null when cancelled. */
export function askText(opts: { title: string; label: string; value?: string; confirm: string; message?: string }): Promise<string | null> {
  const input = h('input', { type: 'text', class: 'field-input', 'aria-label': opts.label, required: true, autocomplete: 'off' });
  input.value = opts.value ?? '';
  const answer = ask({
    ...opts,
    fields: [h('label', { class: 'field' }, h('span', { class: 'field-label' }, opts.label), input)],
    read: () => input.value.trim() || undefined,
  });
  input.select();
  return answer;
}

/** Asks to pick one of `options`; resolves with its value, or null when cancelled. */
export function askChoice(opts: {
  title: string;
  label: string;
  message?: string;
  options: { value: string; label: string }[];
  confirm: string;
}): Promise<string | null> {
  const select = h('select', { class: 'field-input', 'aria-label': opts.label, size: Math.min(10, Math.max(4, opts.options.length)) });
  for (const o of opts.options) select.append(h('option', { value: o.value }, o.label));
  select.selectedIndex = 0;
  select.addEventListener('dblclick', () => select.form?.requestSubmit());
  return ask({
    ...opts,
    fields: [h('label', { class: 'field' }, h('span', { class: 'field-label' }, opts.label), select)],
    read: () => (select.selectedIndex >= 0 ? select.value : undefined),
  });
}

/** Asks to confirm an action; resolves true when confirmed. */
export async function confirmAction(opts: { title: string; message: string; confirm: string; danger?: boolean }): Promise<boolean> {
  return (await ask({ ...opts, read: () => true })) === true;
}
