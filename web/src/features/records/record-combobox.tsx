"use client";

import { useState } from "react";

import { Combobox, type ComboboxOption, type ComboboxProps } from "@/components/ui";
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

/** The open state and the search of a record combobox; `term` is the search once typing pauses (200 ms). */
export function useRecordSearch() {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim(), 200);
  return { open, setOpen, search, setSearch, term };
}

/** Picks one record among `options`, which the caller searches on the server for `searchState.term`. */
export function RecordCombobox({
  searchState,
  value,
  onChange,
  options,
  loading,
  noun,
  plural,
  placeholder,
  ...props
}: RecordComboboxProps & {
  searchState: ReturnType<typeof useRecordSearch>;
  value: RecordChoice | null;
  onChange: (record: RecordChoice | null) => void;
  options: ComboboxOption[];
  loading: boolean;
  noun: string;
  plural: string;
  placeholder: string;
}) {
  const { open, setOpen, search, setSearch, term } = searchState;
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
