"use client";

import { CornerDownLeft, Search, type LucideIcon } from "lucide-react";
import { useEffect, useId, useState, type KeyboardEvent } from "react";

import { Spinner } from "@/components/ui";
import { cn } from "@/lib/cn";
import { moveActive } from "@/features/command-palette/keys";

export interface PaletteItem {
  /** Unique over the whole list: "contact:<id>", "nav:/deals", … */
  id: string;
  label: string;
  detail?: string;
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
 * The palette's body, without data: a combobox input over grouped options. Focus stays in the input;
 * ArrowUp/ArrowDown (wrapping), Home and End move the active option, Enter picks it, the mouse hovers it.
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
  const base = useId();
  const items = groups.flatMap((group) => group.items);
  const key = items.map((item) => item.id).join("|");
  // The first option is active whenever the list changes (a new search); the arrows move from there.
  const [state, setState] = useState({ key, index: 0 });
  const active = state.key === key ? Math.min(state.index, Math.max(items.length - 1, 0)) : 0;
  const optionId = (index: number) => `${base}-option-${index}`;
  const listId = `${base}-list`;

  useEffect(() => {
    document.getElementById(`${base}-option-${active}`)?.scrollIntoView?.({ block: "nearest" });
  }, [base, active, key]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "Enter") {
      event.preventDefault();
      const item = items[active];
      if (item && !event.nativeEvent.isComposing) onSelect(item);
      return;
    }
    // Home and End belong to the text while there is some.
    if ((event.key === "Home" || event.key === "End") && query !== "") return;
    const next = moveActive(active, items.length, event.key);
    if (next !== null) {
      event.preventDefault();
      setState({ key, index: next });
    }
  }

  let index = -1;
  return (
    <>
      <div className="flex items-center gap-2.5 border-b border-line px-4">
        {loading ? <Spinner className="size-4 text-ink-faint" /> : <Search className="size-4 shrink-0 text-ink-faint" />}
        <input
          autoFocus
          type="text"
          role="combobox"
          aria-label="Search contacts, companies and deals"
          aria-expanded={items.length > 0}
          aria-controls={listId}
          aria-autocomplete="list"
          aria-activedescendant={items.length > 0 ? optionId(active) : undefined}
          autoComplete="off"
          spellCheck={false}
          placeholder="Search contacts, companies, deals…"
          value={query}
          onChange={(event) => onQueryChange(event.target.value)}
          onKeyDown={onKeyDown}
          className="h-12 min-w-0 flex-1 bg-transparent text-[15px] outline-none placeholder:text-ink-faint"
        />
        <kbd className="hidden rounded border border-line bg-surface px-1.5 py-0.5 font-sans text-[11px] text-ink-muted sm:block">
          Esc
        </kbd>
      </div>
      <div id={listId} role="listbox" aria-label="Results" className="max-h-[min(60dvh,26rem)] overflow-y-auto p-1.5">
        {items.length === 0 ? (
          <p className="px-3 py-8 text-center text-ink-muted" role="status">
            {empty}
          </p>
        ) : (
          groups.map((group) =>
            group.items.length === 0 ? null : (
              <div key={group.name} role="group" aria-labelledby={`${base}-${group.name}`} className="pb-1">
                <div id={`${base}-${group.name}`} className="px-2.5 pt-2 pb-1 text-xs font-medium text-ink-faint">
                  {group.name}
                </div>
                {group.items.map((item) => {
                  index += 1;
                  const mine = index;
                  const selected = mine === active;
                  return (
                    <div
                      key={item.id}
                      id={optionId(mine)}
                      role="option"
                      aria-selected={selected}
                      onMouseMove={() => {
                        if (!selected) setState({ key, index: mine });
                      }}
                      onMouseDown={(event) => event.preventDefault()}
                      onClick={() => onSelect(item)}
                      className={cn(
                        "flex h-10 cursor-pointer items-center gap-3 rounded-md px-2.5 select-none",
                        selected ? "bg-subtle text-ink" : "text-ink",
                      )}
                    >
                      <item.icon className={cn("size-4 shrink-0", selected ? "text-accent" : "text-ink-faint")} />
                      <span className="min-w-0 truncate font-medium">{item.label}</span>
                      {item.detail ? <span className="min-w-0 flex-1 truncate text-[13px] text-ink-muted">{item.detail}</span> : <span className="flex-1" />}
                      {selected ? <CornerDownLeft className="size-3.5 shrink-0 text-ink-faint" aria-hidden /> : null}
                    </div>
                  );
                })}
              </div>
            ),
          )
        )}
      </div>
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
    </>
  );
}
