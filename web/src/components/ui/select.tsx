"use client";

import type { Select as SelectPrimitive } from "radix-ui";
import { ChevronDown } from "lucide-react";
import { useId, useState, type ComponentProps, type ComponentType, type KeyboardEvent, type PointerEvent } from "react";

import { chunk } from "@/lib/chunk";
import { cn } from "@/lib/cn";

export interface SelectOption {
  value: string;
  label: string;
}

export interface SelectProps extends Omit<ComponentProps<typeof SelectPrimitive.Root>, "children"> {
  options: readonly SelectOption[];
  placeholder?: string;
  id?: string;
  className?: string;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

export const SELECT_TRIGGER_CLASS = cn(
  "inline-flex h-8 w-full cursor-pointer items-center justify-between gap-2 rounded-md border border-line bg-canvas px-2.5 text-left shadow-xs outline-none data-placeholder:text-ink-faint",
  "focus-visible:border-accent focus-visible:ring-3 focus-visible:ring-accent/15 aria-invalid:border-danger disabled:cursor-not-allowed disabled:opacity-60",
);

// The select's popup (radix-ui's Select, its positioning, focus trap and typeahead: ~10 kB gzipped with
// what it shares with other popups) is a chunk of its own, select-popup.tsx. A page paints and hydrates
// with the trigger alone, drawn here as radix draws it; the chunk is fetched when a trigger is hovered or
// focused, and the radix select takes the trigger's place when it is focused (typeahead, arrows) or
// pressed (it opens, as radix opens on pointerdown, click and Enter / Space / arrow keys).
type Popup = ComponentType<SelectProps & { focus?: boolean }>;
const popup = chunk<Popup>(() => import("@/components/ui/select-popup").then((module) => module.SelectPopup));

const OPEN_KEYS = new Set([" ", "Enter", "ArrowUp", "ArrowDown"]);

/** A select of options; `<Field>` passes the id and aria attributes to its trigger. */
export function Select(props: SelectProps) {
  // "focus": the radix select replaces the trigger and keeps the focus; "open": it replaces it open.
  const [wanted, setWanted] = useState<"focus" | "open" | null>(null);
  const [Loaded, setLoaded] = useState<Popup | null>(() => popup.current);
  const contentId = useId();

  function want(how: "focus" | "open") {
    setWanted((current) => (current === "open" ? current : how));
    if (!Loaded) {
      void popup.load()
        .then((component) => setLoaded(() => component))
        .catch(() => undefined);
    }
  }

  if (wanted && Loaded) {
    return <Loaded {...props} focus={wanted === "focus"} defaultOpen={props.defaultOpen || wanted === "open"} />;
  }

  const { options, placeholder, id, className, value, defaultValue, disabled, required, dir } = props;
  const chosen = options.find((option) => option.value === (value ?? defaultValue));
  const showPlaceholder = !chosen && !(value ?? defaultValue);
  return (
    <button
      type="button"
      role="combobox"
      id={id}
      aria-label={props["aria-label"]}
      aria-invalid={props["aria-invalid"]}
      aria-describedby={props["aria-describedby"]}
      aria-controls={contentId}
      aria-expanded={false}
      aria-required={required}
      aria-autocomplete="none"
      dir={dir}
      data-state="closed"
      disabled={disabled}
      data-disabled={disabled ? "" : undefined}
      data-placeholder={showPlaceholder ? "" : undefined}
      className={cn(SELECT_TRIGGER_CLASS, className)}
      onPointerEnter={() => void popup.load().catch(() => undefined)}
      onFocus={() => want("focus")}
      onPointerDown={(event: PointerEvent<HTMLButtonElement>) => {
        if (event.button !== 0 || event.ctrlKey || event.pointerType !== "mouse") return;
        event.preventDefault();
        want("open");
      }}
      onClick={() => want("open")}
      onKeyDown={(event: KeyboardEvent<HTMLButtonElement>) => {
        if (!OPEN_KEYS.has(event.key)) return;
        event.preventDefault();
        want("open");
      }}
    >
      <span style={{ pointerEvents: "none" }}>{chosen ? chosen.label : showPlaceholder ? placeholder : null}</span>
      <span aria-hidden>
        <ChevronDown className="size-4 text-ink-muted" />
      </span>
    </button>
  );
}
