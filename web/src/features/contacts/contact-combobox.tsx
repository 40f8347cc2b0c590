"use client";

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
  const searchState = useRecordSearch({
    query: ContactSearchDocument,
    filter: (term) => ({ or: [{ name: { contains: term } }, { email: { contains: term } }] }),
    options: (data) =>
      data.contacts.edges
        .filter(({ node }) => !exclude.includes(node.id))
        .map(({ node }) => ({ value: node.id, label: node.name, description: node.emails[0] ?? null })),
  });
  return (
    <RecordCombobox
      {...props}
      searchState={searchState}
      value={value}
      onChange={onChange}
      placeholder={placeholder ?? "Choose a contact"}
      noun="contact"
      plural="contacts"
    />
  );
}
