import { clamp, h } from './dom';
import { citationSettings } from './cite/styleSettings';
import { t } from './i18n/i18n';
import type { MessageKey } from './i18n/messages.en';
import { languageRow } from './i18n/languageSwitch';

/** The colour scheme: follow the system, or a fixed one. */
export type Theme = 'system' | 'light' | 'dark';

/** Reading comfort settings, kept per browser profile in localStorage. */
export interface Comfort {
  /** Reader text size in CSS pixels. */
  fontSize: number;
  /** Reader line height, as a multiple of the font size. */
  lineHeight: number;
  theme: Theme;
}

const KEY = 'apostil.comfort';
const DEFAULTS: Comfort = { fontSize: 18, lineHeight: 1.9, theme: 'system' };
const SIZE = { min: 14, max: 28, step: 1 };
const LEADING = { min: 1.4, max: 2.4, step: 0.1 };
const THEMES: { value: Theme; label: MessageKey }[] = [
  { value: 'system', label: 'comfort.theme.system' },
  { value: 'light', label: 'comfort.theme.light' },
  { value: 'dark', label: 'comfort.theme.dark' },
];

/** The saved settings, with defaults for anything missing or out of range. */
export function loadComfort(): Comfort {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? '{}') as Partial<Comfort>;
    return {
      fontSize: clamp(Number(raw.fontSize) || DEFAULTS.fontSize, SIZE.min, SIZE.max),
      lineHeight: clamp(Number(raw.lineHeight) || DEFAULTS.lineHeight, LEADING.min, LEADING.max),
      theme: THEMES.some((th) => th.value === raw.theme) ? raw.theme! : DEFAULTS.theme,
    };
  } catch {
    return { ...DEFAULTS };
  }
}

/** Applies settings to the page (CSS variables and `data-theme` on the root element). */
export function applyComfort(c: Comfort): void {
  const root = document.documentElement;
  root.style.setProperty('--read-size', `${c.fontSize}px`);
  root.style.setProperty('--read-leading', c.lineHeight.toFixed(2));
  if (c.theme === 'system') root.removeAttribute('data-theme');
  else root.dataset.theme = c.theme;
}

function saveComfort(c: Comfort): void {
  localStorage.setItem(KEY, JSON.stringify(c));
  applyComfort(c);
}

/** A − value + stepper. */
function stepper(
  label: string,
  decrease: string,
  increase: string,
  format: (v: number) => string,
  get: () => number,
  set: (v: number) => void,
  range: typeof SIZE,
): HTMLElement {
  const value = h('output', { class: 'stepper-value', 'aria-live': 'polite' });
  const minus = h('button', { type: 'button', class: 'stepper-button', 'aria-label': decrease }, '−');
  const plus = h('button', { type: 'button', class: 'stepper-button', 'aria-label': increase }, '+');
  const sync = () => {
    value.textContent = format(get());
    minus.disabled = get() <= range.min + 1e-9;
    plus.disabled = get() >= range.max - 1e-9;
  };
  const step = (dir: number) => {
    set(Math.round(clamp(get() + dir * range.step, range.min, range.max) * 100) / 100);
    sync();
  };
  minus.addEventListener('click', () => step(-1));
  plus.addEventListener('click', () => step(1));
  sync();
  return h(
    'div',
    { class: 'comfort-row', role: 'group', 'aria-label': label },
    h('span', { class: 'comfort-label' }, label),
    h('span', { class: 'stepper' }, minus, value, plus),
  );
}

/** The controls of the reading settings popover: text size, line spacing, theme, language. */
export function comfortControls(): HTMLElement[] {
  const c = loadComfort();
  const update = (patch: Partial<Comfort>) => {
    Object.assign(c, patch);
    saveComfort(c);
  };
  const themes = h(
    'div',
    { class: 'segmented', role: 'radiogroup', 'aria-label': t('comfort.theme') },
    ...THEMES.map((th) =>
      h(
        'button',
        {
          type: 'button',
          role: 'radio',
          class: 'segment',
          'aria-checked': String(c.theme === th.value),
          onclick: (e: Event) => {
            update({ theme: th.value });
            for (const b of themes.children) b.setAttribute('aria-checked', String(b === e.currentTarget));
          },
        },
        t(th.label),
      ),
    ),
  );
  return [
    stepper(
      t('comfort.size'),
      t('comfort.size.decrease'),
      t('comfort.size.increase'),
      (v) => `${v}px`,
      () => c.fontSize,
      (v) => update({ fontSize: v }),
      SIZE,
    ),
    stepper(
      t('comfort.leading'),
      t('comfort.leading.decrease'),
      t('comfort.leading.increase'),
      (v) => v.toFixed(1),
      () => c.lineHeight,
      (v) => update({ lineHeight: v }),
      LEADING,
    ),
    h('div', { class: 'comfort-row' }, h('span', { class: 'comfort-label' }, t('comfort.theme')), themes),
    languageRow(),
    citationSettings(),
  ];
}
