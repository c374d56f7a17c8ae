import { clamp, h } from '../dom';

/** Why a popover closed: its own action, Escape, a click elsewhere, or another popover opening. */
export type CloseReason = 'done' | 'escape' | 'outside' | 'replaced';

/** Where and how a popover opens. */
export interface PopoverOptions {
  /** The element or rectangle it points at; a point is a zero-size rectangle. */
  anchor: HTMLElement | DOMRect;
  /** Accessible name of the popover. */
  label: string;
  /** Extra class for styling. */
  className?: string;
  /** `dialog` (default) for forms, `menu` for menus. */
  role?: 'dialog' | 'menu';
  /** Called once when it closes, before focus goes back. */
  onClose?(reason: CloseReason): void;
  /** Where focus goes when it closes; the element focused before it opened by default. */
  returnFocus?: HTMLElement | null;
}

const GAP = 6;
const MARGIN = 8;
/** The popover on screen, if any (one at a time). */
const shown: { current: Popover | null } = { current: null };

/**
 * A small floating panel anchored to an element or a rectangle: one at a time,
 * closed by Escape or a click outside, focus returned to where it came from.
 */
export class Popover {
  readonly el: HTMLElement;
  private readonly returnTo: HTMLElement | null;
  private closed = false;
  private readonly onDocDown = (e: Event) => {
    if (!this.el.contains(e.target as Node) && !(this.options.anchor instanceof HTMLElement && this.options.anchor.contains(e.target as Node))) {
      this.close('outside', false);
    }
  };
  private readonly onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      e.stopPropagation();
      this.close('escape');
    }
  };
  private readonly onResize = () => this.close('outside', false);
  private readonly onFocusOut = (e: FocusEvent) => {
    const to = e.relatedTarget as Node | null;
    if (to && !this.el.contains(to)) this.close('outside', false);
  };

  constructor(
    content: Node[],
    private readonly options: PopoverOptions,
  ) {
    this.returnTo = options.returnFocus === undefined ? (document.activeElement as HTMLElement | null) : options.returnFocus;
    this.el = h('div', {
      class: `popover ${options.className ?? ''}`,
      role: options.role ?? 'dialog',
      'aria-label': options.label,
      tabindex: '-1',
    });
    this.el.append(...content);
  }

  /** Shows it (closing any other) and focuses `focus`, or its first control. */
  open(focus?: HTMLElement | null): this {
    shown.current?.close('replaced', false);
    shown.current = this;
    document.body.append(this.el);
    this.place();
    document.addEventListener('mousedown', this.onDocDown, true);
    this.el.addEventListener('keydown', this.onKey);
    this.el.addEventListener('focusout', this.onFocusOut);
    window.addEventListener('resize', this.onResize);
    const target = focus ?? this.el.querySelector<HTMLElement>('input, textarea, button, [tabindex="0"], [role="menuitem"]') ?? this.el;
    target.focus({ preventScroll: true });
    return this;
  }

  /** Positions it below its anchor, or above when there is no room below, inside the window. */
  place(): void {
    const a = this.options.anchor instanceof HTMLElement ? this.options.anchor.getBoundingClientRect() : this.options.anchor;
    const { width, height } = this.el.getBoundingClientRect();
    const below = a.bottom + GAP + height <= window.innerHeight - MARGIN || a.top - GAP - height < MARGIN;
    const top = below ? a.bottom + GAP : a.top - GAP - height;
    this.el.style.left = `${clamp(a.left, MARGIN, window.innerWidth - width - MARGIN)}px`;
    this.el.style.top = `${clamp(top, MARGIN, window.innerHeight - height - MARGIN)}px`;
  }

  /** True while it is on screen. */
  get isOpen(): boolean {
    return !this.closed;
  }

  /** Removes it; focus goes back unless `restoreFocus` is false (e.g. the user clicked elsewhere). */
  close(reason: CloseReason = 'done', restoreFocus = true): void {
    if (this.closed) return;
    this.closed = true;
    if (shown.current === this) shown.current = null;
    document.removeEventListener('mousedown', this.onDocDown, true);
    window.removeEventListener('resize', this.onResize);
    this.options.onClose?.(reason);
    const hadFocus = this.el.contains(document.activeElement);
    this.el.remove();
    if (restoreFocus && (hadFocus || document.activeElement === document.body) && this.returnTo?.isConnected) {
      this.returnTo.focus({ preventScroll: true });
    }
  }
}
