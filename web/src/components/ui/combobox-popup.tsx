"use client";

import { Command } from "cmdk";
import { Popover } from "radix-ui";
import { Check, Search } from "lucide-react";
import { useState, type KeyboardEvent } from "react";

import { Spinner } from "@/components/ui/button";
import { ComboboxValue, comboboxTriggerClass, type ComboboxOption, type ComboboxProps } from "@/components/ui/combobox";
import { cn } from "@/lib/cn";

const CLEAR = "\u0000clear";

/**
 * The combobox itself, a chunk of its own that `Combobox` (combobox.tsx) loads when it first opens: a button
 * that opens a search box over a list of options: type to narrow (the caller fetches the matches), arrows
 * to move, Enter to choose, Escape to close. The search box and its keys are cmdk's (a WAI-ARIA combobox);
 * the caller filters, so cmdk does not.
 */
export function ComboboxPopup({
  value,
  onChange,
  options,
  search,
  onSearchChange,
  loading = false,
  placeholder = "Choose…",
  searchPlaceholder = "Search…",
  clearLabel,
  emptyText = "No matches",
  variant = "field",
  open: openProp,
  onOpenChange,
  disabled,
  id,
  className,
  renderValue,
  "aria-label": ariaLabel,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
}: ComboboxProps) {
  const [openState, setOpenState] = useState(false);
  const open = openProp ?? openState;
  const items: ComboboxOption[] = [
    ...(clearLabel && value ? [{ value: CLEAR, label: clearLabel }] : []),
    ...options,
  ];

  function setOpen(next: boolean) {
    if (openProp === undefined) setOpenState(next);
    onOpenChange?.(next);
    if (!next) onSearchChange("");
  }

  function choose(option: ComboboxOption) {
    onChange(option.value === CLEAR ? null : option);
    setOpen(false);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Home and End move through the text here, not the options.
    if (event.key === "Home" || event.key === "End") event.stopPropagation();
  }

  return (
    <Popover.Root open={open} onOpenChange={setOpen}>
      <Popover.Trigger
        id={id}
        type="button"
        disabled={disabled}
        aria-label={ariaLabel}
        aria-invalid={ariaInvalid}
        aria-describedby={ariaDescribedBy}
        aria-haspopup="listbox"
        className={comboboxTriggerClass(variant, className)}
      >
        <ComboboxValue value={value} placeholder={placeholder} renderValue={renderValue} variant={variant} />
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content
          align="start"
          sideOffset={4}
          className="z-50 w-(--radix-popover-trigger-width) min-w-64 overflow-hidden rounded-lg bg-canvas shadow-pop data-[state=open]:animate-pop-in"
          onOpenAutoFocus={(event) => {
            event.preventDefault();
            (event.currentTarget as HTMLElement).querySelector("input")?.focus();
          }}
        >
          <Command label={searchPlaceholder} shouldFilter={false} vimBindings={false}>
            <div className="relative border-b border-line">
              <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-ink-faint" />
              <Command.Input
                value={search}
                placeholder={searchPlaceholder}
                onValueChange={onSearchChange}
                onKeyDown={onKeyDown}
                className="h-9 w-full bg-transparent pr-8 pl-8 outline-none placeholder:text-ink-faint"
              />
              {loading ? <Spinner className="absolute top-1/2 right-2.5 -translate-y-1/2 text-ink-faint" /> : null}
            </div>
            <Command.List className="max-h-64 overflow-y-auto p-1">
              {items.map((option) => (
                <Command.Item
                  key={option.value}
                  value={option.value}
                  onSelect={() => choose(option)}
                  onMouseDown={(event) => event.preventDefault()}
                  className={cn(
                    "relative flex cursor-pointer flex-col rounded-md py-1.5 pr-8 pl-2 select-none data-[selected=true]:bg-subtle",
                    option.value === CLEAR && "text-ink-muted",
                  )}
                >
                  <span className="truncate">{option.label}</span>
                  {option.description ? <span className="truncate text-xs text-ink-muted">{option.description}</span> : null}
                  {option.value === value?.value ? <Check className="absolute top-2 right-2 size-4 text-accent" /> : null}
                </Command.Item>
              ))}
              {!loading && options.length === 0 ? <div className="px-2 py-2 text-[13px] text-ink-muted">{emptyText}</div> : null}
            </Command.List>
          </Command>
        </Popover.Content>
      </Popover.Portal>
    </Popover.Root>
  );
}
