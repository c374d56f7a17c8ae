import { intlLocale } from './i18n/i18n';
import { toDisposable, type Disposable } from './model/lifecycle';
import { spellKey } from './keyNames';
type Child = Node | string | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | ((e: Event) => void)>;

/** Builds an element: `on*` attributes become listeners, `true` becomes an empty attribute, null/false are skipped. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Attrs = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else if (name === 'class') el.className = String(value);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** One formatter per locale and style: building an `Intl.DateTimeFormat` costs far more than using one. */
function dateFormat(withTime: boolean): Intl.DateTimeFormat {
  const key = `${intlLocale()}|${withTime}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(intlLocale(), {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      ...(withTime ? { hour: '2-digit', minute: '2-digit' } : {}),
    });
    formatters.set(key, format);
  }
  return format;
}

/** Formats an ISO timestamp or `YYYY-MM-DD` date for people, in their locale. */
export function formatDate(value: string, withTime = false): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00`) : new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  return dateFormat(withTime).format(date);
}

/** True when the platform's command key is Meta (macOS) rather than Ctrl. */
export const isMac = /Mac|iPhone|iPad/.test(navigator.platform);

/** Spells a ProseMirror-style key (`Mod-Shift-e`) for people on this platform. */
export function keyLabel(key: string): string {
  return spellKey(key, isMac);
}

/** The key that keeps the selection as a quote (Mod-Shift-Q would log out on macOS and quit Chrome on Linux). */
export const QUOTE_KEY = 'Mod-Shift-e';

/** The quote shortcut spelled for this platform. */
export const quoteShortcutLabel = keyLabel(QUOTE_KEY);

/** True when the event is the platform's command key plus exactly the given modifiers and key. */
export function isShortcut(e: KeyboardEvent, key: string): boolean {
  const parts = key.split('-');
  const last = parts.pop()!.toLowerCase();
  const want = (m: string) => parts.includes(m);
  const mod = isMac ? e.metaKey : e.ctrlKey;
  return (
    mod === want('Mod') &&
    e.shiftKey === want('Shift') &&
    e.altKey === want('Alt') &&
    (isMac ? e.ctrlKey === want('Ctrl') : !e.metaKey) &&
    e.key.toLowerCase() === last
  );
}

/** Clamps `n` into `[lo, hi]`. */
export function clamp(n: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, n));
}

/** The URL when it is a web (http/https) or mail address, the only kinds the app makes clickable; otherwise null. */
export function safeLink(url: string | null | undefined, schemes: readonly string[] = ['http:', 'https:']): URL | null {
  if (!url) return null;
  try {
    const parsed = new URL(url.trim());
    return schemes.includes(parsed.protocol) ? parsed : null;
  } catch {
    return null;
  }
}

/** Adds a DOM listener and returns the disposable that removes it. */
export function listen<K extends keyof HTMLElementEventMap>(
  target: HTMLElement | Document | Window,
  type: K,
  listener: (e: HTMLElementEventMap[K]) => void,
  options?: AddEventListenerOptions | boolean,
): Disposable {
  const fn = listener as EventListener;
  target.addEventListener(type, fn, options);
  return toDisposable(() => target.removeEventListener(type, fn, options));
}
