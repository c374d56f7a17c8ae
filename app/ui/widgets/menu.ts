import { h } from '../dom';
import { Popover } from './popover';

/** One entry of a menu; a `separator` draws a line instead. */
export type MenuItem = { label: string; run: () => void; shortcut?: string; disabled?: boolean; danger?: boolean } | { separator: true };

/**
 * Opens a menu (ARIA `menu` of `menuitem`s) at an element or rectangle: arrow keys,
 * Home/End and first letters move, Enter or Space runs, Escape closes.
 */
export function openMenu(anchor: HTMLElement | DOMRect, label: string, items: MenuItem[], returnFocus?: HTMLElement | null): Popover {
  const popover = new Popover([], { anchor, label, role: 'menu', className: 'menu', returnFocus });
  const buttons: HTMLButtonElement[] = [];
  const nodes = items.map((item) => {
    if ('separator' in item) return h('div', { class: 'menu-separator', role: 'separator' });
    const button = h(
      'button',
      {
        type: 'button',
        class: `menu-item${item.danger ? ' danger' : ''}`,
        role: 'menuitem',
        tabindex: '-1',
        'aria-disabled': item.disabled ? 'true' : null,
        'aria-keyshortcuts': null,
        onclick: () => {
          if (item.disabled) return;
          popover.close('done');
          item.run();
        },
      },
      h('span', { class: 'menu-label' }, item.label),
      item.shortcut && h('kbd', { class: 'menu-shortcut', 'aria-hidden': 'true' }, item.shortcut),
    );
    buttons.push(button);
    return button;
  });
  const enabled = () => buttons.filter((b) => b.getAttribute('aria-disabled') !== 'true');
  const move = (to: (i: number, list: HTMLButtonElement[]) => number) => {
    const list = enabled();
    if (!list.length) return;
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    list[(to(i, list) + list.length) % list.length]!.focus();
  };
  popover.el.append(...nodes);
  popover.el.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') move((i) => i + 1);
    else if (e.key === 'ArrowUp') move((i) => (i < 0 ? -1 : i - 1));
    else if (e.key === 'Home') move(() => 0);
    else if (e.key === 'End') move((_i, l) => l.length - 1);
    else if (e.key === 'Tab') popover.close('escape');
    else if (e.key.length === 1 && /\S/.test(e.key)) {
      const list = enabled();
      const start = list.indexOf(document.activeElement as HTMLButtonElement);
      const next = [...list.slice(start + 1), ...list.slice(0, start + 1)].find((b) => b.textContent?.toLowerCase().startsWith(e.key.toLowerCase()));
      next?.focus();
    } else return;
    e.preventDefault();
  });
  return popover.open(enabled()[0] ?? null);
}

/** A rectangle of zero size at a point, for menus opened at the pointer. */
export function pointRect(x: number, y: number): DOMRect {
  return new DOMRect(x, y, 0, 0);
}
