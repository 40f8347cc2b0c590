// Ctrl-K / Cmd-K pressed before the page's code has run (a slow network, a busy machine) would be lost:
// the palette's listener (launcher.tsx) only exists once React has hydrated the page. This script runs
// first (inline in the head of app/layout.tsx): until the launcher says it listens (`__rapportPalette`),
// it takes the shortcut on the signed-in pages and remembers it (`__rapportPaletteQueued`, toggled like
// the palette), and the launcher opens the palette when it starts. Plain ES5 in a string: it runs
// before any bundle.

declare global {
  interface Window {
    __rapportPalette?: boolean;
    __rapportPaletteQueued?: boolean;
  }
}

/** The pages without the app shell (no palette): the shortcut stays the browser's there. */
export const PAGES_WITHOUT_PALETTE = /^\/(sign-in|sign-up|forgot-password|reset-password|invitation)(\/|$)/;

export const EARLY_PALETTE_SHORTCUT = `(function () {
  var w = window;
  w.addEventListener("keydown", function (e) {
    if (w.__rapportPalette || ${PAGES_WITHOUT_PALETTE}.test(location.pathname)) return;
    if (!e.key || e.key.toLowerCase() !== "k" || !(e.metaKey || e.ctrlKey) || e.altKey || e.shiftKey) return;
    e.preventDefault();
    w.__rapportPaletteQueued = !w.__rapportPaletteQueued;
  });
})();`;

/** The launcher listens now: a shortcut pressed before, if any, is handed over (true: open the palette). */
export function takeEarlyShortcut(): boolean {
  window.__rapportPalette = true;
  const queued = window.__rapportPaletteQueued === true;
  window.__rapportPaletteQueued = false;
  return queued;
}

/** The launcher stopped listening (the shell unmounted): the early listener takes over again. */
export function releaseShortcut(): void {
  window.__rapportPalette = false;
}
