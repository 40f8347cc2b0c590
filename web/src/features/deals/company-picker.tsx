"use client";

import { Building2, X } from "lucide-react";
import { useId, useMemo, useState, type KeyboardEvent } from "react";
import { useQuery } from "urql";

import { Spinner } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { cn } from "@/lib/cn";
import { searchFilter } from "@/lib/sorting";
import { useDebounced } from "@/lib/use-debounced";
import { CompanySearchDocument } from "@/features/companies/documents";

export interface CompanyChoice {
  id: string;
  name: string;
}

/**
 * A combobox that searches companies by name or domain as you type. Arrow keys move through the
 * matches, Enter picks one, Escape closes the list; the picked company shows as a chip with a clear button.
 */
export function CompanyPicker({
  value,
  onChange,
  id,
  "aria-invalid": ariaInvalid,
  "aria-describedby": ariaDescribedBy,
}: {
  value: CompanyChoice | null;
  onChange: (company: CompanyChoice | null) => void;
  id?: string;
  "aria-invalid"?: boolean;
  "aria-describedby"?: string;
}) {
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebounced(text, 200);
  const variables = useMemo(() => ({ filter: searchFilter(term, ["name", "domain"] as const), first: 8 }), [term]);
  const [{ data, fetching }] = useQuery({ query: CompanySearchDocument, variables, pause: !open });
  const options = data?.companies.edges.map(({ node }) => node) ?? [];

  function pick(company: CompanyChoice) {
    onChange({ id: company.id, name: company.name });
    setText("");
    setOpen(false);
  }

  function keyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown") {
      event.preventDefault();
      setOpen(true);
      setActive((index) => Math.min(index + 1, Math.max(options.length - 1, 0)));
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      setActive((index) => Math.max(index - 1, 0));
    } else if (event.key === "Enter" && open) {
      event.preventDefault();
      const option = options[active];
      if (option) pick(option);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  if (value) {
    return (
      <div
        id={id}
        tabIndex={-1}
        aria-describedby={ariaDescribedBy}
        className="flex h-8 items-center gap-2 rounded-md border border-line bg-canvas px-2.5 shadow-xs"
      >
        <Building2 className="size-4 text-ink-faint" />
        <span className="min-w-0 flex-1 truncate">{value.name}</span>
        <button
          type="button"
          onClick={() => onChange(null)}
          aria-label={`Remove ${value.name}`}
          className="-mr-1 rounded p-0.5 text-ink-faint hover:bg-subtle hover:text-ink"
        >
          <X className="size-3.5" />
        </button>
      </div>
    );
  }

  const expanded = open && (options.length > 0 || !fetching);
  return (
    <div className="relative">
      <Input
        id={id}
        role="combobox"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={expanded && options[active] ? `${listId}-${active}` : undefined}
        aria-invalid={ariaInvalid}
        aria-describedby={ariaDescribedBy}
        autoComplete="off"
        placeholder="Search companies"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(0);
          setOpen(true);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={keyDown}
      />
      {fetching && open ? <Spinner className="absolute top-2.5 right-2.5 text-ink-faint" /> : null}
      {expanded ? (
        <ul
          id={listId}
          role="listbox"
          aria-label="Companies"
          className="absolute inset-x-0 top-9 z-10 max-h-64 overflow-y-auto rounded-lg bg-canvas p-1 shadow-pop"
        >
          {options.length === 0 ? (
            <li className="px-2 py-1.5 text-ink-muted">
              {term ? `No company matches “${term}”.` : "No companies yet. Add them under Companies."}
            </li>
          ) : (
            options.map((option, index) => (
              <li
                key={option.id}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                // Keep focus in the input; pick on mouse down before the blur closes the list.
                onMouseDown={(event) => {
                  event.preventDefault();
                  pick(option);
                }}
                onMouseEnter={() => setActive(index)}
                className={cn(
                  "flex cursor-pointer items-center gap-2 rounded-md px-2 py-1.5",
                  index === active && "bg-subtle",
                )}
              >
                <Building2 className="size-4 shrink-0 text-ink-faint" />
                <span className="truncate">{option.name}</span>
                {option.domain ? <span className="truncate text-[13px] text-ink-faint">{option.domain}</span> : null}
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
