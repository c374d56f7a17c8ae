import { call } from '../client';
import { h } from '../dom';
import { t } from '../i18n/i18n';
import { toast, toastError } from '../toast';
import { chooseStyle, forgetStyleList, styleList, type StyleList } from './styleChoice';

/** Reads a `.csl` file the user picks and adds it as a style of their own (undefined when no file was picked). */
export async function addStyleFile(): Promise<StyleList['styles'][number] | undefined> {
  const input = h('input', { type: 'file', accept: '.csl,application/vnd.citationstyles.style+xml', hidden: true });
  document.body.append(input);
  const file = await new Promise<File | undefined>((done) => {
    input.addEventListener('change', () => done(input.files?.[0]));
    input.click();
  });
  input.remove();
  if (!file) return undefined;
  const { style } = await call('styles:add', { name: file.name, xml: await file.text() });
  forgetStyleList();
  toast(t('cite.style.added', { title: style.title }));
  return style;
}

/** The citation rows of the settings popover: a style (shipped or the user's, or add a .csl file) and a locale. */
export function citationSettings(): HTMLElement {
  const style = h('select', { class: 'field-input cite-style', 'aria-label': t('cite.style') });
  const locale = h('select', { class: 'field-input cite-locale', 'aria-label': t('cite.locale') });
  const add = h('button', { type: 'button', class: 'link-button cite-add-style' }, t('cite.style.add'));
  const fill = (list: StyleList) => {
    style.replaceChildren(...list.styles.map((s) => h('option', { value: s.id }, s.title)));
    locale.replaceChildren(h('option', { value: 'auto' }, t('cite.locale.auto')), ...list.locales.map((l) => h('option', { value: l }, l)));
    style.value = list.chosen.style;
    locale.value = list.chosen.locale ?? 'auto';
  };
  const load = () => styleList().then(fill, (err: unknown) => toastError(err, t('cite.style.failed')));
  const save = () =>
    void chooseStyle(style.value, locale.value === 'auto' ? null : locale.value).catch((err: unknown) => toastError(err, t('cite.style.failed')));
  style.addEventListener('change', save);
  locale.addEventListener('change', save);
  add.addEventListener('click', () => {
    void addStyleFile()
      .then(async (added) => {
        if (!added) return;
        await chooseStyle(added.id, locale.value === 'auto' ? null : locale.value);
        await load();
      })
      .catch((err: unknown) => toastError(err, t('cite.style.addFailed')));
  });
  void load();
  return h(
    'div',
    { class: 'comfort-row cite-settings', role: 'group', 'aria-label': t('cite.settings') },
    h('span', { class: 'comfort-label' }, t('cite.settings')),
    h('span', { class: 'cite-settings-fields' }, style, locale, add),
  );
}
