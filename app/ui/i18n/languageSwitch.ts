import { h } from '../dom';
import { localeChoice, setLocale, t, type LocaleChoice } from './i18n';

/** Each language is named in itself, so it can be found whatever the interface shows. */
const CHOICES: { value: LocaleChoice; label: () => string; lang?: string }[] = [
  { value: 'system', label: () => t('language.system') },
  { value: 'en', label: () => 'English', lang: 'en' },
  { value: 'zh-Hant', label: () => '繁體中文', lang: 'zh-Hant' },
];

/** The language row of the reading settings: switching saves the choice and reloads the window, which keeps everything saved. */
export function languageRow(): HTMLElement {
  const current = localeChoice();
  const group = h(
    'div',
    { class: 'segmented', role: 'radiogroup', 'aria-label': t('language.label') },
    ...CHOICES.map((c) =>
      h(
        'button',
        {
          type: 'button',
          role: 'radio',
          class: 'segment',
          lang: c.lang ?? null,
          'aria-checked': String(current === c.value),
          onclick: () => {
            if (c.value === localeChoice()) return;
            setLocale(c.value);
            location.reload();
          },
        },
        c.label(),
      ),
    ),
  );
  return h('div', { class: 'comfort-row' }, h('span', { class: 'comfort-label' }, t('language.label')), group);
}
