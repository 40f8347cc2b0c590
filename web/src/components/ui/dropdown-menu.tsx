"use client";

import { Slot } from "radix-ui";
import type { DropdownMenu as Menu } from "radix-ui";
import {
  createContext,
  useContext,
  useState,
  type ComponentProps,
  type KeyboardEvent,
  type PointerEvent,
  type ReactNode,
} from "react";

import { chunk } from "@/lib/chunk";

// The menus' code (radix-ui's DropdownMenu, with floating-ui to place them and the focus handling: ~25 kB
// gzipped) is a chunk of its own, dropdown-menu-popup.tsx. A page paints and hydrates with the menus'
// triggers alone, drawn here as radix draws them; the chunk is fetched when a trigger is hovered or
// focused, and the radix menu takes the place of the trigger when it is pressed (pointerdown, or Enter /
// Space / ArrowDown, as radix opens it), open. Closed, a menu's content renders nothing either way.
type Popup = typeof import("@/components/ui/dropdown-menu-popup");
const popup = chunk<Popup>(() => import("@/components/ui/dropdown-menu-popup"));

/** Inside a menu that is not loaded yet: how its trigger asks for it. Null inside a loaded menu. */
const Waiting = createContext<(() => void) | null>(null);

const OPEN_KEYS = new Set([" ", "Enter", "ArrowDown"]);

export function DropdownMenu(props: ComponentProps<typeof Menu.Root>) {
  const [wanted, setWanted] = useState(false);
  const [Loaded, setLoaded] = useState<Popup | null>(() => popup.current);
  if (wanted && Loaded) {
    return (
      <Waiting.Provider value={null}>
        <Loaded.DropdownMenu {...props} defaultOpen={props.open === undefined ? true : props.defaultOpen} />
      </Waiting.Provider>
    );
  }
  function want() {
    if (!wanted) {
      setWanted(true);
      props.onOpenChange?.(true);
    }
    if (!Loaded) {
      void popup.load()
        .then((module) => setLoaded(() => module))
        .catch(() => undefined);
    }
  }
  return <Waiting.Provider value={want}>{props.children}</Waiting.Provider>;
}

export function DropdownMenuTrigger({ asChild, children, ...props }: ComponentProps<typeof Menu.Trigger>) {
  const want = useContext(Waiting);
  if (!want) {
    const Trigger = popup.current!.DropdownMenuTrigger;
    return (
      <Trigger asChild={asChild} {...props}>
        {children}
      </Trigger>
    );
  }
  const Component = asChild ? Slot.Root : "button";
  return (
    <Component
      type={asChild ? undefined : "button"}
      aria-haspopup="menu"
      aria-expanded={false}
      data-state="closed"
      {...props}
      onPointerEnter={() => void popup.load().catch(() => undefined)}
      onFocus={() => void popup.load().catch(() => undefined)}
      onPointerDown={(event: PointerEvent<HTMLButtonElement>) => {
        if (props.disabled || event.button !== 0 || event.ctrlKey) return;
        event.preventDefault();
        want();
      }}
      onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => {
        if (props.disabled || !OPEN_KEYS.has(event.key)) return;
        event.preventDefault();
        want();
      }}
    >
      {children}
    </Component>
  );
}

// The content renders nothing while its menu is closed, so nothing before the menu is loaded; the items
// render only inside an open menu's content.
function loaded<K extends Exclude<keyof Popup, "DropdownMenu" | "DropdownMenuTrigger">>(name: K): Popup[K] {
  function Part(props: object) {
    const waiting = useContext(Waiting);
    if (waiting) return null;
    const Component = popup.current![name] as (props: object) => ReactNode;
    return <Component {...props} />;
  }
  return Part as Popup[K];
}

export const DropdownMenuContent = loaded("DropdownMenuContent");
export const DropdownMenuItem = loaded("DropdownMenuItem");
export const DropdownMenuLabel = loaded("DropdownMenuLabel");
export const DropdownMenuSeparator = loaded("DropdownMenuSeparator");
export const DropdownMenuCheckboxItem = loaded("DropdownMenuCheckboxItem");
export const DropdownMenuGroup = loaded("DropdownMenuGroup");
