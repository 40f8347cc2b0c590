"use client";

import { ContactSearchDocument } from "@/features/contacts/documents";
import { RecordCombobox, type RecordChoice, type RecordComboboxProps, type RecordSearch } from "@/features/records/record-combobox";
import type { ContactFilter, ContactSearchQuery } from "@/gql/graphql";

export type ContactChoice = RecordChoice;

const CONTACT_SEARCH: RecordSearch<ContactSearchQuery, ContactFilter> = {
  query: ContactSearchDocument,
  filter: (term) => ({ or: [{ name: { contains: term } }, { email: { contains: term } }] }),
  options: (data) => data.contacts.edges.map(({ node }) => ({ value: node.id, label: node.name, description: node.emails[0] ?? null })),
};

/** Picks a contact by name or email, searched on the server as you type (`exclude`: those already linked). */
export function ContactCombobox({ placeholder = "Choose a contact", ...props }: RecordComboboxProps & { exclude?: readonly string[] }) {
  return <RecordCombobox {...props} placeholder={placeholder} noun="contact" plural="contacts" recordSearch={CONTACT_SEARCH} />;
}
