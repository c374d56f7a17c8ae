/** Arrow keys spelled as arrows on every platform. */
const ARROWS: Record<string, string> = { ArrowLeft: '←', ArrowRight: '→', ArrowUp: '↑', ArrowDown: '↓' };

/** macOS modifier symbols, and the order macOS menus list them in. */
const MAC_MODS: Record<string, string> = { Ctrl: '⌃', Alt: '⌥', Shift: '⇧', Meta: '⌘', Mod: '⌘' };
const MAC_ORDER = '⌃⌥⇧⌘';

/**
 * Spells a ProseMirror-style key (`Mod-Shift-e`, `Ctrl-Meta-ArrowRight`) for people
 * on macOS (`mac`: `⌃⌘→`, `⇧⌘E`) or elsewhere (`Ctrl+Shift+E`). It reads no
 * browser state, so the README check can spell both platforms.
 */
export function spellKey(key: string, mac: boolean): string {
  const parts = key.split(/-(?!$)/);
  const name = parts.pop()!;
  const last = ARROWS[name] ?? (name.length === 1 ? name.toUpperCase() : name);
  if (mac) {
    const mods = parts.map((m) => MAC_MODS[m] ?? m).sort((a, b) => MAC_ORDER.indexOf(a) - MAC_ORDER.indexOf(b));
    return [...mods, last].join('');
  }
  return [...parts.map((m) => (m === 'Mod' ? 'Ctrl' : m)), last].join('+');
}
