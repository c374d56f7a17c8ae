import { t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages.en';
import { h } from '../dom';

/** The highlight colours offered everywhere; `null` is the default highlighter yellow (or the tag's colour). */
export const PALETTE: { name: MessageKey; value: string | null }[] = [
  { name: 'colour.default', value: null },
  { name: 'colour.orange', value: '#f08c3a' },
  { name: 'colour.red', value: '#e05a4e' },
  { name: 'colour.pink', value: '#e279ad' },
  { name: 'colour.purple', value: '#9a7ae0' },
  { name: 'colour.blue', value: '#4f8fe0' },
  { name: 'colour.teal', value: '#2fa39a' },
  { name: 'colour.green', value: '#62b04f' },
  { name: 'colour.grey', value: '#8d9096' },
];

/** The palette name of a colour, or the colour itself. */
export function colorName(value: string | null): string {
  const key = PALETTE.find((p) => p.value === value)?.name;
  return key ? t(key) : (value ?? t('colour.default'));
}

/**
 * A row of colour swatches as an ARIA radio group: arrow keys move and pick
 * (`chosen` false), Enter, Space or a click pick (`chosen` true, e.g. to close a popover).
 */
export function colorPicker(label: string, current: string | null, onPick: (color: string | null, chosen: boolean) => void): HTMLElement {
  const swatches = PALETTE.map((p) => {
    const checked = p.value === current;
    const swatch = h('button', {
      type: 'button',
      role: 'radio',
      class: `swatch${p.value ? '' : ' swatch-default'}`,
      'aria-checked': String(checked),
      'aria-label': t(p.name),
      title: t(p.name),
      tabindex: checked ? '0' : '-1',
      'data-color': p.value ?? '',
      onclick: () => pick(p.value, true),
    });
    if (p.value) swatch.style.setProperty('--swatch', p.value);
    return swatch;
  });
  if (!swatches.some((s) => s.tabIndex === 0)) swatches[0]!.tabIndex = 0;
  const group = h('div', { class: 'palette', role: 'radiogroup', 'aria-label': label }, ...swatches);
  function pick(value: string | null, chosen: boolean) {
    for (const s of swatches) {
      const on = (s.dataset.color || null) === value;
      s.setAttribute('aria-checked', String(on));
      s.tabIndex = on ? 0 : -1;
    }
    onPick(value, chosen);
  }
  group.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[e.key];
    if (!step) return;
    e.preventDefault();
    const i = swatches.indexOf(document.activeElement as HTMLButtonElement);
    const next = swatches[(i + step + swatches.length) % swatches.length]!;
    next.focus();
    pick(next.dataset.color || null, false);
  });
  return group;
}
