"use client";

import { ChevronDown } from "lucide-react";
import { useEffect, useState, type ComponentType, type ReactNode } from "react";

import { chunk } from "@/lib/chunk";
import { cn } from "@/lib/cn";

export interface ComboboxOption {
  value: string;
  label: string;
  /** A second, fainter line (a domain, an email). */
  description?: string | null;
}

export interface ComboboxProps {
  value: ComboboxOption | null;
  onChange: (option: ComboboxOption | null) => void;
  /** The options matching `search` (the caller searches, usually on the server). */
  options: readonly ComboboxOption[];
  search: string;
  onSearchChange: (text: string) => void;
  loading?: boolean;
  /** Shown in the trigger when nothing is chosen. */
  placeholder?: string;
  searchPlaceholder?: string;
  /** When set, the list starts with this choice, which clears the value (e.g. "No company"). */
  clearLabel?: string;
  emptyText?: string;
  /** "field" looks like an input; "inline" like plain text that turns grey on hover (record pages). */
  variant?: "field" | "inline";
  open?: boolean;
  onOpenChange?: (open: boolean) => void;
  disabled?: boolean;
  id?: string;
  className?: string;
  /** What the trigger shows for the chosen value (defaults to its label). */
  renderValue?: (option: ComboboxOption) => ReactNode;
  "aria-label"?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}

// The combobox's popup (radix-ui's Popover and cmdk's list: ~15 kB gzipped) is a chunk of its own,
// combobox-popup.tsx. A page paints and hydrates with the trigger alone, drawn here as the popup draws it;
// the chunk is fetched when the trigger is hovered or focused, and the popup takes the trigger's place the
// first time it opens (a click, Enter or Space on the trigger, or `open` from the caller), then stays.
type Popup = ComponentType<ComboboxProps>;
const popup = chunk<Popup>(() => import("@/components/ui/combobox-popup").then((module) => module.ComboboxPopup));

export function comboboxTriggerClass(variant: "field" | "inline", className: string | undefined): string {
  return cn(
    "inline-flex min-w-0 cursor-pointer items-center justify-between gap-2 text-left outline-none disabled:cursor-not-allowed disabled:opacity-60",
    variant === "field"
      ? "h-8 w-full rounded-md border border-line bg-canvas px-2.5 shadow-xs focus-visible:border-accent focus-visible:ring-3 focus-visible:ring-accent/15 aria-invalid:border-danger"
      : "-mx-1.5 h-7 w-[calc(100%+0.75rem)] rounded-md px-1.5 hover:bg-subtle focus-visible:ring-2 focus-visible:ring-accent/30",
    className,
  );
}

/** What the trigger shows: the chosen option (or the placeholder) and, in a field, the chevron. */
export function ComboboxValue({
  value,
  placeholder,
  renderValue,
  variant,
}: Pick<ComboboxProps, "value" | "placeholder" | "renderValue"> & { variant: "field" | "inline" }) {
  return (
    <>
      <span className={cn("min-w-0 truncate", !value && "text-ink-faint")}>
        {value ? (renderValue ? renderValue(value) : value.label) : placeholder}
      </span>
      {variant === "field" ? <ChevronDown className="size-4 shrink-0 text-ink-muted" /> : null}
    </>
  );
}

/**
 * A button that opens a search box over a list of options: type to narrow (the caller fetches the
 * matches), arrows to move, Enter to choose, Escape to close (combobox-popup.tsx).
 */
export function Combobox(props: ComboboxProps) {
  const { open: openProp, onOpenChange, variant = "field", placeholder = "Choose…" } = props;
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const [used, setUsed] = useState(open);
  const [Loaded, setLoaded] = useState<Popup | null>(() => popup.current);
  if (open && !used) setUsed(true);
  useEffect(() => {
    if (used && !Loaded) {
      void popup.load()
        .then((component) => setLoaded(() => component))
        .catch(() => undefined);
    }
  }, [used, Loaded]);

  function setOpen(next: boolean) {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
    if (!next) props.onSearchChange("");
  }

  if (used && Loaded) return <Loaded {...props} open={open} onOpenChange={setOpen} />;
  return (
    <button
      type="button"
      id={props.id}
      disabled={props.disabled}
      aria-label={props["aria-label"]}
      aria-invalid={props["aria-invalid"]}
      aria-describedby={props["aria-describedby"]}
      aria-haspopup="listbox"
      aria-expanded={false}
      data-state="closed"
      className={comboboxTriggerClass(variant, props.className)}
      onPointerEnter={() => void popup.load().catch(() => undefined)}
      onFocus={() => void popup.load().catch(() => undefined)}
      onClick={() => {
        setOpen(true);
        if (used) {
          void popup.load()
            .then((component) => setLoaded(() => component))
            .catch(() => undefined);
        }
      }}
    >
      <ComboboxValue value={props.value} placeholder={placeholder} renderValue={props.renderValue} variant={variant} />
    </button>
  );
}
