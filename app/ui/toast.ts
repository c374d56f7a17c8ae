import { h } from './dom';

/** How a toast looks and how long it stays. */
export interface ToastOptions {
  kind?: 'info' | 'error';
  /** One button, e.g. Undo; the toast closes when it is pressed. */
  action?: { label: string; run: () => void };
  /** Milliseconds before it goes away; errors stay longer by default. */
  timeout?: number;
}

let host: HTMLElement | null = null;

function container(): HTMLElement {
  if (!host) {
    host = h('div', { class: 'toasts' });
    document.body.append(host);
  }
  return host;
}

/** Shows a short message at the bottom of the window; errors are announced as alerts. */
export function toast(message: string, options: ToastOptions = {}): () => void {
  const kind = options.kind ?? 'info';
  const close = () => {
    window.clearTimeout(timer);
    el.classList.add('leaving');
    window.setTimeout(() => el.remove(), 160);
  };
  const el = h(
    'div',
    { class: `toast toast-${kind}`, role: kind === 'error' ? 'alert' : 'status' },
    h('span', { class: 'toast-icon', 'aria-hidden': 'true' }, kind === 'error' ? '!' : '✓'),
    h('span', { class: 'toast-message' }, message),
    options.action &&
      h('button', { class: 'toast-action', type: 'button', onclick: () => { close(); options.action!.run(); } }, options.action.label),
    h('button', { class: 'toast-close', type: 'button', 'aria-label': 'Dismiss', onclick: close }, '×'),
  );
  container().append(el);
  const timer = window.setTimeout(close, options.timeout ?? (kind === 'error' ? 10_000 : options.action ? 8000 : 3500));
  return close;
}

/** Shows an error from anything thrown: an api failure's own sentence, or a generic one. */
export function toastError(err: unknown, context?: string): void {
  const message = err instanceof Error ? err.message : String(err);
  toast(context ? `${context}: ${message}` : message, { kind: 'error' });
}
