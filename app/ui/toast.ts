import { t } from './i18n/i18n';
import { h } from './dom';

/** How a toast looks and how long it stays. */
export interface ToastOptions {
  /** `busy` shows work in progress (a spinner) until the returned function closes it. */
  kind?: 'info' | 'error' | 'busy';
  /** One button, e.g. Undo; the toast closes when it is pressed. */
  action?: { label: string; run: () => void };
  /** Milliseconds before it goes away; errors stay longer by default. */
  timeout?: number;
}

/**
 * Where toasts go: inside the top open modal dialog when there is one (everything
 * outside it is inert and under its backdrop), else at the end of the body.
 */
function container(): HTMLElement {
  const modal = [...document.querySelectorAll<HTMLDialogElement>('dialog[open]')].filter((d) => d.matches(':modal')).at(-1);
  const owner = modal ?? document.body;
  let host = [...owner.children].find((c): c is HTMLElement => c.classList.contains('toasts'));
  if (!host) {
    host = h('div', { class: 'toasts' });
    owner.append(host);
    if (!modal) reserveToastSpace(host);
  }
  return host;
}

/**
 * Keeps `--toasts-space` (on the root) at the height the page's toasts take from the
 * bottom of the window, so the panes can scroll their last lines above them.
 */
function reserveToastSpace(host: HTMLElement): void {
  const set = () => document.documentElement.style.setProperty('--toasts-space', `${host.offsetHeight ? host.offsetHeight + 24 : 0}px`);
  new ResizeObserver(set).observe(host);
}

/** Moves the toasts shown inside a closing dialog to where toasts now go, so they outlive it. */
export function rehomeToasts(dialog: HTMLElement): void {
  const inside = [...dialog.children].find((c) => c.classList.contains('toasts'));
  if (inside?.children.length) container().append(...inside.children);
}

/** Closes a toast when called; `update` replaces its message (for progress). */
export type ToastHandle = (() => void) & { update(message: string): void };

/** Shows a short message at the bottom of the window; errors are announced as alerts. */
export function toast(message: string, options: ToastOptions = {}): ToastHandle {
  const kind = options.kind ?? 'info';
  const close = () => {
    window.clearTimeout(timer);
    el.classList.add('leaving');
    window.setTimeout(() => el.remove(), 160);
  };
  const el = h(
    'div',
    { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-icon', 'aria-hidden': 'true' }, { error: '!', info: '✓', busy: '' }[kind]),
    h('span', { class: 'toast-message' }, message),
    options.action &&
      h(
        'button',
        {
          class: 'toast-action',
          type: 'button',
          onclick: () => {
            close();
            options.action!.run();
          },
        },
        options.action.label,
      ),
    h('button', { class: 'toast-close', type: 'button', 'aria-label': t('toast.dismiss'), onclick: close }, '×'),
  );
  container().append(el);
  const timer =
    kind === 'busy' && options.timeout === undefined
      ? undefined
      : window.setTimeout(close, options.timeout ?? (kind === 'error' ? 10_000 : options.action ? 8000 : 3500));
  const text = el.querySelector('.toast-message')!;
  return Object.assign(close, { update: (next: string) => void (text.textContent = next) });
}

/** Shows an error from anything thrown: an api failure's own sentence, or a generic one. */
export function toastError(err: unknown, context?: string): void {
  const message = err instanceof Error ? err.message : String(err);
  toast(context ? t('error.withContext', { context, message }) : message, { kind: 'error' });
}
