"use client";

import { useQuery } from "urql";

import type { ComboboxOption } from "@/components/ui";
import { ContactSearchDocument } from "@/features/contacts/documents";
import { RecordCombobox, useRecordSearch, type RecordChoice, type RecordComboboxProps } from "@/features/records/record-combobox";

export type ContactChoice = RecordChoice;

/** Picks a contact by name or email, searched on the server as you type. */
export function ContactCombobox({
  value,
  onChange,
  exclude = [],
  placeholder,
  ...props
}: RecordComboboxProps & {
  value: ContactChoice | null;
  onChange: (contact: ContactChoice | null) => void;
  /** Contacts not to offer (already linked). */
  exclude?: readonly string[];
}) {
  const searchState = useRecordSearch();
  const { term } = searchState;
  const [result] = useQuery({
    query: ContactSearchDocument,
    variables: { filter: term ? { or: [{ name: { contains: term } }, { email: { contains: term } }] } : null },
    pause: !searchState.open,
  });
  const options: ComboboxOption[] =
    result.data?.contacts.edges
      .filter(({ node }) => !exclude.includes(node.id))
      .map(({ node }) => ({ value: node.id, label: node.name, description: node.emails[0] ?? null })) ?? [];
  return (
    <RecordCombobox
      {...props}
      searchState={searchState}
      value={value}
      onChange={onChange}
      options={options}
      loading={result.fetching}
      placeholder={placeholder ?? "Choose a contact"}
      noun="contact"
      plural="contacts"
    />
  );
}
