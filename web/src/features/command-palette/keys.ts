// The palette's keyboard rules. Pure functions: unit-tested in command-palette.test.tsx.

interface ShortcutEvent {
  key: string;
  metaKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
}

/** Ctrl-K (Windows, Linux) or Cmd-K (macOS), without other modifiers. */
export function isPaletteShortcut(event: ShortcutEvent): boolean {
  return event.key.toLowerCase() === "k" && (event.metaKey || event.ctrlKey) && !event.altKey && !event.shiftKey;
}

/** The active row after a navigation key: arrows wrap around, Home and End jump; null for other keys. */
export function moveActive(active: number, count: number, key: string): number | null {
  if (count === 0) return null;
  switch (key) {
    case "ArrowDown":
      return (active + 1) % count;
    case "ArrowUp":
      return (active - 1 + count) % count;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}
