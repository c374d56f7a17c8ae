import { h } from '../dom';
import { intlLocale, t } from '../i18n/i18n';
import { openMenu, type MenuItem } from '../widgets/menu';

/** The languages offered first: the scripts the core tells apart on import. */
const COMMON = ['zh-Hant', 'zh-Hans', 'ja', 'ko', 'en'];

/** A BCP 47 tag named in the interface language (the tag itself when `Intl` cannot name it). */
export function languageName(lang: string): string {
  try {
    return new Intl.DisplayNames(intlLocale(), { type: 'language' }).of(lang) ?? lang;
  } catch {
    return lang;
  }
}

/**
 * The article header's language: a button naming the article's language that opens a
 * menu of languages (and *Not set*); choosing one calls `relabel`. It decides how the
 * reader, quote cards and note embeds typeset the text (Traditional or Simplified
 * punctuation forms, Japanese or Korean glyphs).
 */
export function languageControl(lang: string | null, relabel: (lang: string | null) => void, disabled = false): HTMLButtonElement {
  const name = lang ? languageName(lang) : t('article.lang.none');
  const button = h(
    'button',
    {
      type: 'button',
      class: 'link-button article-lang',
      'aria-haspopup': 'menu',
      'aria-label': t('article.lang.label', { name }),
      title: t('article.lang.title'),
      disabled,
    },
    name,
  );
  button.addEventListener('click', () => {
    const choices = [...COMMON, ...(lang && !COMMON.includes(lang) ? [lang] : [])];
    const items: MenuItem[] = [
      ...choices.map((tag) => ({ label: `${tag === lang ? '✓ ' : ''}${languageName(tag)}`, run: () => tag !== lang && relabel(tag) })),
      { separator: true as const },
      { label: `${lang === null ? '✓ ' : ''}${t('article.lang.none')}`, run: () => lang !== null && relabel(null) },
    ];
    openMenu(button, t('article.lang.menu'), items, button);
  });
  return button;
}
