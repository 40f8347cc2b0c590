"use client";

import { useState } from "react";
import { useQuery } from "urql";

import { Combobox, type ComboboxOption, type ComboboxProps } from "@/components/ui";
import { useDebounced } from "@/lib/use-debounced";
import { CompanySearchDocument } from "@/features/companies/documents";

export interface CompanyChoice {
  id: string;
  name: string;
}

type PassThrough = Pick<ComboboxProps, "variant" | "id" | "className" | "disabled" | "aria-label" | "aria-invalid" | "aria-describedby" | "placeholder">;

/** Picks a company by name or domain, searched on the server as you type (any number of companies). */
export function CompanyCombobox({
  value,
  onChange,
  clearLabel = "No company",
  ...props
}: PassThrough & {
  value: CompanyChoice | null;
  onChange: (company: CompanyChoice | null) => void;
  clearLabel?: string;
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim(), 200);
  const [result] = useQuery({
    query: CompanySearchDocument,
    variables: { filter: term ? { or: [{ name: { contains: term } }, { domain: { contains: term } }] } : null },
    pause: !open,
  });
  const options: ComboboxOption[] =
    result.data?.companies.edges.map(({ node }) => ({ value: node.id, label: node.name, description: node.domain })) ?? [];
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
      loading={result.fetching}
      placeholder={props.placeholder ?? "No company"}
      searchPlaceholder="Search companies"
      clearLabel={clearLabel}
      emptyText={term ? `No company matches “${term}”` : "No companies yet"}
    />
  );
}
