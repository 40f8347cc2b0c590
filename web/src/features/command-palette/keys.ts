// The palette's shortcut. A pure function: unit-tested in command-palette.test.tsx (cmdk moves through the options).

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
