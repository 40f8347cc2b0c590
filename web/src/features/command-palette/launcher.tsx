"use client";

import dynamic from "next/dynamic";
import { Search } from "lucide-react";
import { useEffect, useState, useSyncExternalStore, type Dispatch, type SetStateAction } from "react";

import { Button } from "@/components/ui/button";
import { cn } from "@/lib/cn";
import { whenIdle } from "@/lib/when-idle";
import { releaseShortcut, takeEarlyShortcut } from "@/features/command-palette/early";
import { isPaletteShortcut } from "@/features/command-palette/keys";

// What every screen needs of the command palette at first paint: the search buttons and the Ctrl-K / Cmd-K
// listener. The palette itself (cmdk, the dialog, the search, the contact panel) is a chunk of its own,
// fetched once the page is idle and shown when it first opens (command-palette.tsx).

// Search buttons anywhere open the one palette the shell renders, without a context to thread through.
const OPEN_EVENT = "rapport:open-command-palette";

export function openCommandPalette(): void {
  window.dispatchEvent(new Event(OPEN_EVENT));
}

/** Ctrl-K / Cmd-K anywhere toggles the palette; a search button (`openCommandPalette`) opens it. */
export function usePaletteOpening(setOpen: Dispatch<SetStateAction<boolean>>): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (!isPaletteShortcut(event)) return;
      event.preventDefault();
      setOpen((current) => !current);
    }
    const onOpen = () => setOpen(true);
    window.addEventListener("keydown", onKeyDown);
    window.addEventListener(OPEN_EVENT, onOpen);
    // Pressed before the page had hydrated (early.ts): open now.
    if (takeEarlyShortcut()) setOpen(true);
    return () => {
      releaseShortcut();
      window.removeEventListener("keydown", onKeyDown);
      window.removeEventListener(OPEN_EVENT, onOpen);
    };
  }, [setOpen]);
}

const loadPalette = () => import("@/features/command-palette/command-palette");
const CommandPaletteDialog = dynamic(() => loadPalette().then((module) => module.CommandPaletteDialog), { ssr: false });

/** The shell's palette: listens from the first paint, loads the palette's code when it first opens. */
export function LazyCommandPalette() {
  const [open, setOpen] = useState(false);
  const [opened, setOpened] = useState(false);
  usePaletteOpening(setOpen);
  // Fetched once the page is idle, so that Ctrl-K opens it at once.
  useEffect(() => whenIdle(() => void loadPalette()), []);
  if (open && !opened) setOpened(true);
  return opened ? <CommandPaletteDialog open={open} onOpenChange={setOpen} /> : null;
}

const subscribeToNothing = () => () => {};

function useIsMac(): boolean {
  return useSyncExternalStore(
    subscribeToNothing,
    () => /mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent),
    () => false,
  );
}

/** The search button: a search field look-alike in the sidebar, an icon in the phone header. */
export function CommandPaletteButton({ compact = false, className }: { compact?: boolean; className?: string }) {
  const mac = useIsMac();
  if (compact) {
    return (
      <Button variant="ghost" size="icon" aria-label="Search" className={className} onClick={openCommandPalette}>
        <Search />
      </Button>
    );
  }
  return (
    <button
      type="button"
      onClick={openCommandPalette}
      aria-keyshortcuts={mac ? "Meta+K" : "Control+K"}
      className={cn(
        "flex h-8 w-full cursor-pointer items-center gap-2 rounded-md border border-line bg-canvas px-2.5 text-ink-faint shadow-xs transition-colors hover:border-line-strong hover:text-ink-muted",
        className,
      )}
    >
      <Search className="size-4" aria-hidden />
      {/* The visible text is the name; the shortcut is told by aria-keyshortcuts. */}
      <span className="flex-1 text-left">Search…</span>
      <kbd aria-hidden className="rounded border border-line bg-surface px-1 font-sans text-[11px] text-ink-muted">
        {mac ? "⌘K" : "Ctrl K"}
      </kbd>
    </button>
  );
}
