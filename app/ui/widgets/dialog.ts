import { h } from '../dom';

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

/**
 * Shows a native modal `<dialog>` (focus kept inside, Escape cancels) and resolves
 * with the answer, or null when cancelled.
 */
export function ask<T>(spec: DialogSpec<T>): Promise<T | null> {
  return new Promise((resolve) => {
    let answer: T | null = null;
    const returnTo = document.activeElement as HTMLElement | null;
    const titleId = `dialog-title-${Math.random().toString(36).slice(2)}`;
    const form = h(
      'form',
      { method: 'dialog', class: 'dialog-form' },
      h('h2', { class: 'dialog-title', id: titleId }, spec.title),
      spec.message && h('p', { class: 'dialog-message' }, spec.message),
      ...(spec.fields ?? []),
      h(
        'div',
        { class: 'dialog-actions' },
        h('button', { type: 'button', class: 'button', onclick: () => dialog.close() }, 'Cancel'),
        h('button', { type: 'submit', class: `button ${spec.danger ? 'button-danger' : 'button-primary'}` }, spec.confirm),
      ),
    );
    const dialog = h('dialog', { class: `dialog ${spec.className ?? ''}`, 'aria-labelledby': titleId }, form);
    form.addEventListener('submit', (e) => {
      const value = spec.read();
      if (value === undefined) {
        e.preventDefault();
        return;
      }
      answer = value;
    });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (returnTo?.isConnected) returnTo.focus({ preventScroll: true });
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    (form.querySelector<HTMLElement>('input, select, textarea') ?? form.querySelector<HTMLElement>('[type="submit"]'))?.focus();
  });
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
