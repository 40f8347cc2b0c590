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

export type RecordComboboxProps = Pick<
  ComboboxProps,
  "variant" | "id" | "className" | "disabled" | "aria-label" | "aria-invalid" | "aria-describedby" | "placeholder" | "clearLabel"
>;

/**
 * The open state and the search of a record combobox, and its options: `query` runs (while it is open)
 * with the `filter` of `term`, the search once typing pauses (200 ms), or with none before anything is typed.
 */
export function useRecordSearch<TData, TFilter>({
  query,
  filter,
  options,
}: {
  query: TypedDocumentNode<TData, { filter?: TFilter | null }>;
  filter: (term: string) => TFilter;
  options: (data: TData) => ComboboxOption[];
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim(), 200);
  const [result] = useQuery({ query, variables: { filter: term ? filter(term) : null }, pause: !open });
  return { open, setOpen, search, setSearch, term, options: result.data ? options(result.data) : [], loading: result.fetching };
}

/** Picks one record among the options `searchState` found on the server. */
export function RecordCombobox({
  searchState,
  value,
  onChange,
  noun,
  plural,
  placeholder,
  ...props
}: RecordComboboxProps & {
  searchState: ReturnType<typeof useRecordSearch>;
  value: RecordChoice | null;
  onChange: (record: RecordChoice | null) => void;
  noun: string;
  plural: string;
  placeholder: string;
}) {
  const { open, setOpen, search, setSearch, term, options, loading } = searchState;
  return (
    <Combobox
      {...props}
      open={open}
      onOpenChange={setOpen}
      value={value ? { value: value.id, label: value.name } : null}
      onChange={(option) => onChange(option ? { id: option.value, name: option.label } : null)}
      options={options}
      search={search}
      onSearchChange={setSearch}
      loading={loading}
      placeholder={placeholder}
      searchPlaceholder={`Search ${plural}`}
      emptyText={term ? `No ${noun} matches “${term}”` : `No ${plural} yet`}
    />
  );
}
