"use client";

import { CornerDownLeft, Search, type LucideIcon } from "lucide-react";
import { Command } from "cmdk";
import { useState, type KeyboardEvent } from "react";

import { Spinner } from "@/components/ui/button";

export interface PaletteItem {
  /** Unique over the whole list: "contact:<id>", "nav:/deals", … */
  id: string;
  label: string;
  detail?: string;
  /** What a hit is ("Contact", "Email thread"), said to screen readers after the rest (the icon shows it). */
  kind?: string;
  icon: LucideIcon;
  /** Where Enter goes; or `run` for an action that is not a page. */
  href?: string;
  run?: () => void;
}

export interface PaletteGroup {
  name: string;
  items: PaletteItem[];
}

/**
 * The palette's body, without data: cmdk's combobox input over grouped options. Focus stays in the input;
 * ArrowUp/ArrowDown (wrapping), Home and End move the active option, Enter picks it, the mouse hovers it.
 * The records are filtered by the api, so cmdk does not filter; the first option is active again after
 * each keystroke and whenever the list changes (a new search).
 */
export function PaletteView({
  query,
  onQueryChange,
  groups,
  loading,
  empty,
  onSelect,
}: {
  query: string;
  onQueryChange: (query: string) => void;
  groups: PaletteGroup[];
  loading: boolean;
  /** What to say when no group has an item. */
  empty: string;
  onSelect: (item: PaletteItem) => void;
}) {
  const items = groups.flatMap((group) => group.items);
  const key = items.map((item) => item.id).join("|");
  const [state, setState] = useState({ key, value: "" });
  const active = state.key === key && items.some((item) => item.id === state.value) ? state.value : (items[0]?.id ?? "");

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    // Home and End belong to the text while there is some: cmdk does not see them then.
    if ((event.key === "Home" || event.key === "End") && query !== "") event.stopPropagation();
  }

  return (
    <Command
      label="Search contacts, companies, deals, emails and notes"
      shouldFilter={false}
      loop
      vimBindings={false}
      value={active}
      onValueChange={(value) => setState({ key, value })}
    >
      <div className="flex items-center gap-2.5 border-b border-line px-4">
        {loading ? <Spinner className="size-4 text-ink-faint" /> : <Search className="size-4 shrink-0 text-ink-faint" />}
        <Command.Input
          autoFocus
          placeholder="Search contacts, companies, deals, emails, notes…"
          value={query}
          onValueChange={onQueryChange}
          onKeyDown={onKeyDown}
          className="h-12 min-w-0 flex-1 bg-transparent text-[15px] outline-none placeholder:text-ink-faint"
        />
        <kbd className="hidden rounded border border-line bg-surface px-1.5 py-0.5 font-sans text-[11px] text-ink-muted sm:block">
          Esc
        </kbd>
      </div>
      <Command.List label="Results" className="max-h-[min(60dvh,26rem)] overflow-y-auto p-1.5">
        {items.length === 0 ? (
          <p className="px-3 py-8 text-center text-ink-muted" role="status">
            {empty}
          </p>
        ) : (
          groups.map((group) =>
            group.items.length === 0 ? null : (
              <Command.Group
                key={group.name}
                heading={group.name}
                className="pb-1 [&_[cmdk-group-heading]]:px-2.5 [&_[cmdk-group-heading]]:pt-2 [&_[cmdk-group-heading]]:pb-1 [&_[cmdk-group-heading]]:text-xs [&_[cmdk-group-heading]]:font-medium [&_[cmdk-group-heading]]:text-ink-faint"
              >
                {group.items.map((item) => (
                  <Command.Item
                    key={item.id}
                    value={item.id}
                    onSelect={() => onSelect(item)}
                    onMouseDown={(event) => event.preventDefault()}
                    className="group flex h-10 cursor-pointer items-center gap-3 rounded-md px-2.5 text-ink select-none data-[selected=true]:bg-subtle"
                  >
                    <item.icon className="size-4 shrink-0 text-ink-faint group-data-[selected=true]:text-accent" />
                    <span className="min-w-0 truncate font-medium">{item.label}</span>
                    {item.detail ? <span className="min-w-0 flex-1 truncate text-[13px] text-ink-muted">{item.detail}</span> : <span className="flex-1" />}
                    {item.kind ? <span className="sr-only">, {item.kind}</span> : null}
                    <CornerDownLeft className="hidden size-3.5 shrink-0 text-ink-faint group-data-[selected=true]:block" aria-hidden />
                  </Command.Item>
                ))}
              </Command.Group>
            ),
          )
        )}
      </Command.List>
      <div className="hidden items-center gap-4 border-t border-line bg-surface px-4 py-2 text-xs text-ink-faint sm:flex">
        <span>
          <kbd className="font-sans">↑</kbd> <kbd className="font-sans">↓</kbd> to move
        </span>
        <span>
          <kbd className="font-sans">↵</kbd> to open
        </span>
        <span>
          <kbd className="font-sans">Esc</kbd> to close
        </span>
      </div>
    </Command>
  );
}
