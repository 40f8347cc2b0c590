"use client";

import dynamic from "next/dynamic";
import { Users } from "lucide-react";

import type { BulkDeleteContactsMutation, BulkUpdateContactsMutation, BulkUpdateContactsMutationVariables, ContactRowFragment, ContactsListQuery, ContactsListQueryVariables } from "@/gql/graphql";
import { BulkDeleteContactsDocument, BulkUpdateContactsDocument, ContactsListDocument, DeleteContactDocument, RestoreContactDocument } from "@/features/contacts/documents";
import { RECORD_FILTERS } from "@/features/records/filters";
import { companyLink, muted, recordColumns, RecordsList, timeColumn, type RecordsListConfig } from "@/features/records/records-list";

// The form to create or edit a row is a chunk of its own, fetched when it first opens.
const ContactSheet = dynamic(() => import("@/features/contacts/contact-sheet").then((module) => module.ContactSheet), { ssr: false });

const CONTACTS: RecordsListConfig<ContactRowFragment, ContactsListQuery, ContactsListQueryVariables, BulkUpdateContactsMutation, BulkUpdateContactsMutationVariables> = {
  objectType: "CONTACT",
  title: "Contacts",
  noun: "contact",
  nouns: "contacts",
  href: (id) => `/contacts/${id}`,
  columnsKey: "rapport:columns:contacts",
  query: ContactsListDocument,
  select: (data) => data.contacts,
  deleteDocument: DeleteContactDocument,
  bulk: {
    document: BulkUpdateContactsDocument,
    result: (data) => data.bulkUpdateContacts,
  },
  restoreDocument: RestoreContactDocument,
  bulkDelete: { document: BulkDeleteContactsDocument, result: (data) => (data as BulkDeleteContactsMutation).bulkDeleteContacts },
  search: { fields: ["name", "email"], placeholder: "Search name or email", hint: "an email address" },
  sortFields: { name: "NAME", createdAt: "CREATED_AT", updatedAt: "UPDATED_AT", lastActivityAt: "LAST_ACTIVITY_AT" },
  defaultColumns: ["name", "email", "company", "jobTitle", "owner", "createdAt"],
  filterFields: [
    RECORD_FILTERS.name,
    { id: "email", label: "Email", kind: "text", apiField: "email" },
    RECORD_FILTERS.company,
    RECORD_FILTERS.owner,
    RECORD_FILTERS.createdAt,
  ],
  columns: (definitions) =>
    recordColumns<ContactRowFragment>({ href: (id) => `/contacts/${id}`, avatarClassName: "rounded-full" }, definitions, (column) =>
      column.columns([
        column.accessor((row) => row.emails[0] ?? "", { id: "email", header: "Email", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        column.accessor((row) => row.phones[0] ?? "", { id: "phone", header: "Phone", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        column.accessor((row) => row.company?.name ?? "", { id: "company", header: "Company", enableSorting: false, cell: (info) => companyLink(info.row.original.company) }),
        column.accessor((row) => row.jobTitle ?? "", { id: "jobTitle", header: "Job title", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        column.accessor((row) => row.owner?.user.name ?? "", { id: "owner", header: "Owner", enableSorting: false, cell: (info) => muted(info.getValue()) }),
        timeColumn(column, "createdAt", "Created"),
        timeColumn(column, "updatedAt", "Last updated"),
        timeColumn(column, "lastActivityAt", "Last activity"),
      ]),
    ),
  empty: {
    icon: Users,
    writable: "Contacts are the people you sell to. Add the first one to start tracking conversations and deals.",
    readOnly: "Contacts are the people your team sells to. None have been added yet.",
  },
  importHref: "/contacts/import",
  sheet: ({ row, ...props }) => <ContactSheet {...props} contact={row} />,
};

/** The contacts table (see RecordsList). */
export function ContactsList() {
  return <RecordsList config={CONTACTS} />;
}
