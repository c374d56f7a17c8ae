/** The CSL styles and locales Apostil ships (files in `resources/csl`, from the official CSL repositories). */

/** A citation style as the settings and the CLI offer it. */
export interface StyleInfo {
  /** The style's file name without `.csl`, e.g. `apa`; user styles are `user-…`. */
  id: string;
  title: string;
  /** `shipped` with Apostil, or added by the user from a `.csl` file. */
  origin: 'shipped' | 'user';
}

/** The styles shipped with Apostil, in the order the settings list them. */
export const SHIPPED_STYLES: readonly StyleInfo[] = [
  { id: 'apa', title: 'APA 7th edition', origin: 'shipped' },
  { id: 'chicago-author-date', title: 'Chicago 18th edition (author-date)', origin: 'shipped' },
  { id: 'modern-language-association', title: 'MLA 9th edition', origin: 'shipped' },
  { id: 'harvard-cite-them-right', title: 'Harvard (Cite Them Right 12th edition)', origin: 'shipped' },
  { id: 'ieee', title: 'IEEE', origin: 'shipped' },
  { id: 'china-national-standard-gb-t-7714-2015-numeric', title: 'GB/T 7714-2015 (numeric, 順序編碼制)', origin: 'shipped' },
  { id: 'china-national-standard-gb-t-7714-2015-author-date', title: 'GB/T 7714-2015 (author-date, 著者-出版年制)', origin: 'shipped' },
];

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

const REFERENCES: Record<CslLocale, string> = { 'en-US': 'References', 'zh-CN': '参考文献', 'zh-TW': '參考文獻', 'ja-JP': '参考文献', 'ko-KR': '참고문헌' };

/** The heading of a bibliography in a locale (English when none is given). */
export function referencesHeading(locale: CslLocale | null): string {
  return REFERENCES[locale ?? 'en-US'];
}
