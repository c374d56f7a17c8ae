/**
 * Gives a toolbar one tab stop with arrow-key movement between its buttons
 * (the ARIA toolbar pattern); call `sync` after buttons are enabled or disabled.
 */
export function rovingToolbar(toolbar: HTMLElement): { sync(): void } {
  const buttons = () => [...toolbar.querySelectorAll<HTMLButtonElement>('button')].filter((b) => !b.disabled);
  const sync = () => {
    const list = buttons();
    const current = list.find((b) => b.tabIndex === 0) ?? list[0];
    for (const b of toolbar.querySelectorAll<HTMLButtonElement>('button')) b.tabIndex = b === current ? 0 : -1;
  };
  toolbar.addEventListener('keydown', (e) => {
    const step = { ArrowRight: 1, ArrowLeft: -1 }[e.key];
    const list = buttons();
    const i = list.indexOf(document.activeElement as HTMLButtonElement);
    if (i < 0) return;
    let next: HTMLButtonElement | undefined;
    if (step) next = list[(i + step + list.length) % list.length];
    else if (e.key === 'Home') next = list[0];
    else if (e.key === 'End') next = list[list.length - 1];
    if (!next) return;
    e.preventDefault();
    for (const b of list) b.tabIndex = b === next ? 0 : -1;
    next.focus();
  });
  sync();
  return { sync };
}
