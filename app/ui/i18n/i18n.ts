import { en, type MessageKey } from './messages.en';
import { zhHant } from './messages.zhHant';

/** A language the interface is written in. */
export type Locale = 'en' | 'zh-Hant';

/** What the user chose in the settings: a language, or whatever the system uses. */
export type LocaleChoice = 'system' | Locale;

/** Values filled into a message's `{name}` placeholders. */
export type MessageParams = Record<string, string | number>;

const KEY = 'apostil.locale';
const CATALOGUES: Record<Locale, Record<MessageKey, string>> = { en, 'zh-Hant': zhHant };
const listeners = new Set<(locale: Locale) => void>();

/** The language a BCP 47 tag asks for, or null when it is neither English nor Traditional Chinese. */
export function localeFor(tag: string): Locale | null {
  const t = tag.toLowerCase();
  if (/^zh-(hant|tw|hk|mo)\b/.test(t)) return 'zh-Hant';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

/** The system's language among those the interface has; simplified-Chinese and other systems get English. */
export function systemLocale(): Locale {
  const tags = navigator.languages?.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const locale = localeFor(tag);
    if (locale) return locale;
  }
  return 'en';
}

/** The saved choice, `system` when there is none. */
export function localeChoice(): LocaleChoice {
  try {
    const saved = localStorage.getItem(KEY);
    return saved === 'en' || saved === 'zh-Hant' ? saved : 'system';
  } catch {
    return 'system';
  }
}

let locale: Locale = localeChoice() === 'system' ? systemLocale() : (localeChoice() as Locale);

/** The language the interface is shown in. */
export function currentLocale(): Locale {
  return locale;
}

/** The locale to hand `Intl` formatters: the system's own tag when it is in the interface's language (so `en-GB` keeps its dates), else the language. */
export function intlLocale(): string {
  const own = (navigator.languages ?? [navigator.language]).find((tag) => localeFor(tag) === locale);
  return own ?? (locale === 'zh-Hant' ? 'zh-Hant-TW' : 'en');
}

/** Saves the choice and switches to it, telling the listeners when the language changes. */
export function setLocale(choice: LocaleChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Without storage the choice lasts until the window closes.
  }
  const next = choice === 'system' ? systemLocale() : choice;
  if (next === locale) return;
  locale = next;
  document.documentElement.lang = locale;
  for (const listener of listeners) listener(locale);
}

/** Calls `listener` whenever the language changes; returns a function that stops it. */
export function onLocaleChange(listener: (locale: Locale) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The message `key` in the current language, with its `{name}` placeholders filled in. */
export function t(key: MessageKey, params: MessageParams = {}): string {
  const text = CATALOGUES[locale][key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? format(params[name]!) : whole));
}

/** The plural form of `base` (`base.one` or `base.other`) for `count`, with `{count}` filled in. */
export function tn(base: PluralBase, count: number, params: MessageParams = {}): string {
  const rule = new Intl.PluralRules(intlLocale()).select(count) === 'one' ? 'one' : 'other';
  return t(`${base}.${rule}`, { ...params, count });
}

const numberFormats = new Map<string, Intl.NumberFormat>();

function numberFormat(style: 'decimal' | 'percent'): Intl.NumberFormat {
  const key = `${intlLocale()}|${style}`;
  if (!numberFormats.has(key)) numberFormats.set(key, new Intl.NumberFormat(intlLocale(), style === 'percent' ? { style, maximumFractionDigits: 0 } : {}));
  return numberFormats.get(key)!;
}

/** A number written for the current language. */
export function formatNumber(n: number): string {
  return numberFormat('decimal').format(n);
}

/** A fraction (0–1) written as a whole percentage for the current language. */
export function formatPercent(fraction: number): string {
  return numberFormat('percent').format(Math.floor(fraction * 100) / 100);
}

function format(value: string | number): string {
  return typeof value === 'number' ? formatNumber(value) : value;
}

/** Message keys that come in `.one` / `.other` forms. */
export type PluralBase = { [K in MessageKey]: K extends `${infer B}.one` ? (`${B}.other` extends MessageKey ? B : never) : never }[MessageKey];

/**
 * Puts the language on static markup: `data-i18n` sets an element's text,
 * `data-i18n-aria-label` and `data-i18n-title` its attributes, and `<html lang>` follows.
 */
export function localizeDocument(root: ParentNode = document): void {
  document.documentElement.lang = locale;
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n]')) el.textContent = t(el.dataset.i18n as MessageKey);
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) el.setAttribute('aria-label', t(el.dataset.i18nAriaLabel as MessageKey));
  for (const el of root.querySelectorAll<HTMLElement>('[data-i18n-title]')) el.title = t(el.dataset.i18nTitle as MessageKey);
}
