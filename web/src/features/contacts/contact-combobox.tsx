"use client";

import { useState } from "react";
import { useQuery } from "urql";

import { Combobox, type ComboboxOption, type ComboboxProps } from "@/components/ui";
import { useDebounced } from "@/lib/use-debounced";
import { ContactSearchDocument } from "@/features/contacts/documents";

export interface ContactChoice {
  id: string;
  name: string;
}

/** Picks a contact by name or email, searched on the server as you type. */
export function ContactCombobox({
  value,
  onChange,
  exclude = [],
  ...props
}: Pick<ComboboxProps, "variant" | "id" | "className" | "aria-label" | "aria-invalid" | "aria-describedby" | "placeholder"> & {
  value: ContactChoice | null;
  onChange: (contact: ContactChoice | null) => void;
  /** Contacts not to offer (already linked). */
  exclude?: readonly string[];
}) {
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState("");
  const term = useDebounced(search.trim(), 200);
  const [result] = useQuery({
    query: ContactSearchDocument,
    variables: { filter: term ? { or: [{ name: { contains: term } }, { email: { contains: term } }] } : null },
    pause: !open,
  });
  const options: ComboboxOption[] =
    result.data?.contacts.edges
      .filter(({ node }) => !exclude.includes(node.id))
      .map(({ node }) => ({ value: node.id, label: node.name, description: node.emails[0] ?? null })) ?? [];
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
      placeholder={props.placeholder ?? "Choose a contact"}
      searchPlaceholder="Search contacts"
      emptyText={term ? `No contact matches “${term}”` : "No contacts yet"}
    />
  );
}
