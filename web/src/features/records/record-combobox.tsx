"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useState } from "react";
import { useQuery } from "urql";

import { Combobox, type ComboboxOption, type ComboboxProps } from "@/components/ui/combobox";
import { useDebounced } from "@/lib/use-debounced";

/** A record picked in a combobox. */
export interface RecordChoice {
  id: string;
  name: string;
}

/** What a record combobox takes from the screen that shows it. */
export type RecordComboboxProps = Pick<
  ComboboxProps,
  "variant" | "id" | "className" | "disabled" | "aria-label" | "aria-invalid" | "aria-describedby" | "placeholder" | "clearLabel"
> & {
  value: RecordChoice | null;
  onChange: (record: RecordChoice | null) => void;
};

/** How a record combobox searches: `query` with the `filter` of the typed term, and the `options` of its result. */
export interface RecordSearch<TData, TFilter> {
  query: TypedDocumentNode<TData, { filter?: TFilter | null }>;
  filter: (term: string) => TFilter;
  options: (data: TData) => ComboboxOption[];
}

/**
 * The open state and the search of a record combobox, and its options: `query` runs (while it is open)
 * with the `filter` of `term`, the search once typing pauses (200 ms), or with none before anything is typed.
 */
function useRecordSearch<TData, TFilter>({ query, filter, options }: RecordSearch<TData, TFilter>) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim(), 200);
  const [result] = useQuery({ query, variables: { filter: term ? filter(term) : null }, pause: !open });
  return { open, setOpen, search, setSearch, term, options: result.data ? options(result.data) : [], loading: result.fetching };
}

/** Picks one record among those `recordSearch` finds on the server as you type, but for those in `exclude`. */
export function RecordCombobox<TData, TFilter>({
  recordSearch,
  exclude = [],
  value,
  onChange,
  noun,
  plural,
  ...props
}: RecordComboboxProps & {
  recordSearch: RecordSearch<TData, TFilter>;
  /** Records not to offer (already linked). */
  exclude?: readonly string[];
  noun: string;
  plural: string;
}) {
  const { open, setOpen, search, setSearch, term, options, loading } = useRecordSearch(recordSearch);
  return (
    <Combobox
      {...props}
      open={open}
      onOpenChange={setOpen}
      value={value ? { value: value.id, label: value.name } : null}
      onChange={(option) => onChange(option ? { id: option.value, name: option.label } : null)}
      options={options.filter((option) => !exclude.includes(option.value))}
      search={search}
      onSearchChange={setSearch}
      loading={loading}
      searchPlaceholder={`Search ${plural}`}
      emptyText={term ? `No ${noun} matches “${term}”` : `No ${plural} yet`}
    />
  );
}
