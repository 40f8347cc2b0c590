"use client";

import Link from "next/link";
import { ListFilter, Plus, Search, Users } from "lucide-react";
import { useMemo, useState } from "react";
import { useMutation } from "urql";
import { createColumnHelper, rowSortingFeature, tableFeatures, useTable, type SortingState } from "@tanstack/react-table";

import { LoadMore, SortableHead, TableSkeleton } from "@/components/data-table";
import { Avatar, Button, EmptyState, FormError, Input, Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui";
import type { ContactFilter, ContactOrder, ContactRowFragment, ContactsListQueryVariables } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { formatDate, formatRelative, plural } from "@/lib/format";
import { searchFilter } from "@/lib/sorting";
import { useConnection } from "@/lib/use-connection";
import { useDebounced } from "@/lib/use-debounced";
import { useCanWrite } from "@/lib/viewer";
import { ContactSheet } from "@/features/contacts/contact-sheet";
import { ContactsListDocument, DeleteContactDocument, RestoreContactDocument } from "@/features/contacts/documents";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { buildFilter, customFilterFields, type FilterCondition, type FilterField } from "@/features/records/filters";
import { useFieldDefinitions, useMembers } from "@/features/records/use-record-data";
import { BulkActions } from "@/features/records/table/bulk-actions";
import { ColumnChooser, type ChoosableColumn } from "@/features/records/table/column-chooser";
import { CustomCell, orderByWithCustom, RowActions, SelectCell, SelectHead } from "@/features/records/table/columns";
import { AddFilterButton, FilterChips } from "@/features/records/table/filter-bar";
import { useStoredColumns } from "@/features/records/table/stored-columns";
import { useRefetch } from "@/features/records/use-refetch";

const PAGE_SIZE = 50;
const TYPENAMES = ["Contact"];
const LIST = { additionalTypenames: TYPENAMES };
const SORT_FIELDS = { name: "NAME", createdAt: "CREATED_AT", updatedAt: "UPDATED_AT" } as const;
const DEFAULT_COLUMNS = ["name", "email", "company", "jobTitle", "owner", "createdAt"];
const BUILT_IN_COLUMNS: ChoosableColumn[] = [
  { id: "name", label: "Name", fixed: true },
  { id: "email", label: "Email" },
  { id: "phone", label: "Phone" },
  { id: "company", label: "Company" },
  { id: "jobTitle", label: "Job title" },
  { id: "owner", label: "Owner" },
  { id: "createdAt", label: "Created" },
  { id: "updatedAt", label: "Last updated" },
];
const FILTER_FIELDS: FilterField[] = [
  { id: "name", label: "Name", kind: "text", apiField: "name" },
  { id: "email", label: "Email", kind: "text", apiField: "email" },
  { id: "company", label: "Company", kind: "company", apiField: "companyId" },
  { id: "owner", label: "Owner", kind: "member", apiField: "ownerId" },
  { id: "createdAt", label: "Created", kind: "date", apiField: "createdAt" },
];

const features = tableFeatures({ rowSortingFeature });
const column = createColumnHelper<typeof features, ContactRowFragment>();

function muted(value: string) {
  return value ? <span className="text-ink-muted">{value}</span> : <span className="text-ink-faint">—</span>;
}

function when(iso: string) {
  return (
    <time dateTime={iso} title={formatDate(iso)} className="text-ink-muted">
      {formatRelative(iso)}
    </time>
  );
}

function buildColumns(definitions: readonly FieldDefinition[]) {
  return column.columns([
    column.accessor((row) => row.name, {
      id: "name",
      header: "Name",
      cell: (info) => (
        <Link
          href={`/contacts/${info.row.original.id}`}
          className="flex items-center gap-2.5 font-medium outline-none hover:text-accent focus-visible:underline"
        >
          <Avatar name={info.getValue()} className="rounded-full" />
          <span className="truncate">{info.getValue()}</span>
        </Link>
      ),
    }),
    column.accessor((row) => row.emails[0] ?? "", { id: "email", header: "Email", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.phones[0] ?? "", { id: "phone", header: "Phone", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.company?.name ?? "", {
      id: "company",
      header: "Company",
      enableSorting: false,
      cell: (info) => {
        const company = info.row.original.company;
        return company ? (
          <Link href={`/companies/${company.id}`} className="hover:text-accent hover:underline">
            {company.name}
          </Link>
        ) : (
          <span className="text-ink-faint">—</span>
        );
      },
    }),
    column.accessor((row) => row.jobTitle ?? "", { id: "jobTitle", header: "Job title", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.owner?.user.name ?? "", { id: "owner", header: "Owner", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.createdAt, { id: "createdAt", header: "Created", sortDescFirst: true, cell: (info) => when(info.getValue()) }),
    column.accessor((row) => row.updatedAt, { id: "updatedAt", header: "Last updated", sortDescFirst: true, cell: (info) => when(info.getValue()) }),
    ...definitions.map((definition) =>
      column.accessor((row) => row.customFields, {
        id: `custom:${definition.key}`,
        header: definition.label,
        cell: (info) => <CustomCell definition={definition} customFields={info.getValue()} />,
      }),
    ),
  ]);
}

/** The contacts table: quick search, filters, chosen columns, sort, keyset pages, bulk delete, create and edit in a side panel. */
export function ContactsList() {
  const writable = useCanWrite();
  const members = useMembers();
  const { definitions } = useFieldDefinitions("CONTACT");
  const [sheet, setSheet] = useState<{ contact: ContactRowFragment | null } | null>(null);
  const [search, setSearch] = useState("");
  const [conditions, setConditions] = useState<FilterCondition[]>([]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [selection, setSelection] = useState<Record<string, boolean>>({});
  const [visible, setVisible] = useStoredColumns("rapport:columns:contacts", DEFAULT_COLUMNS);
  const [, deleteContact] = useMutation(DeleteContactDocument);
  const [, restoreContact] = useMutation(RestoreContactDocument);

  const filterFields = useMemo(() => [...FILTER_FIELDS, ...customFilterFields(definitions)], [definitions]);
  const term = useDebounced(search);
  const settledConditions = useDebounced(conditions, 300);
  const variables = useMemo<ContactsListQueryVariables>(
    () => ({
      first: PAGE_SIZE,
      after: null,
      filter: buildFilter(filterFields, settledConditions, searchFilter(term, ["name", "email"] as const)) as ContactFilter | null,
      orderBy: orderByWithCustom(sorting, SORT_FIELDS) as ContactOrder[],
    }),
    [term, settledConditions, sorting, filterFields],
  );
  const list = useConnection({
    query: ContactsListDocument,
    variables,
    select: (data) => data.contacts,
    typenames: TYPENAMES,
  });
  const refetch = useRefetch(ContactsListDocument, variables);
  const columns = useMemo(() => buildColumns(definitions), [definitions]);
  const shown = useMemo(
    () => columns.filter((item) => item.id === "name" || visible.includes(item.id!)),
    [columns, visible],
  );
  const table = useTable({
    features,
    columns: shown,
    data: list.nodes,
    getRowId: (row) => row.id,
    state: { sorting },
    onSortingChange: setSorting,
    manualSorting: true,
    enableSortingRemoval: false,
  });

  const selected = list.nodes.filter((node) => selection[node.id]).map((node) => ({ id: node.id, name: node.name }));
  const filtering = Boolean(term) || settledConditions.length > 0;
  const choosable: ChoosableColumn[] = [
    ...BUILT_IN_COLUMNS,
    ...definitions.map((definition) => ({ id: `custom:${definition.key}`, label: definition.label, custom: true })),
  ];

  const newButton = writable ? (
    <Button variant="primary" onClick={() => setSheet({ contact: null })}>
      <Plus />
      New contact
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Contacts"
        description={list.loading ? "\u00a0" : plural(list.totalCount, "contact")}
        actions={newButton}
      />
      <div className="grid gap-2 border-b border-line px-5 py-2.5 md:px-6">
        <div className="flex flex-wrap items-center gap-2">
          <div className="relative w-full max-w-xs min-w-40 flex-1 sm:flex-none">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-ink-faint" />
            <Input
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder="Search name or email"
              aria-label="Search contacts"
              className="pl-8"
            />
          </div>
          <AddFilterButton
            fields={filterFields}
            onAdd={(condition) => {
              setConditions((current) => [...current, condition]);
              setFocusId(condition.id);
            }}
          />
          <div className="ml-auto">
            <ColumnChooser columns={choosable} visible={visible} onChange={setVisible} />
          </div>
        </div>
        <FilterChips fields={filterFields} conditions={conditions} onChange={setConditions} members={members.options} focusId={focusId} />
      </div>
      {writable ? (
        <BulkActions
          selected={selected}
          noun="contact"
          nouns="contacts"
          onClear={() => setSelection({})}
          onSettled={refetch}
          deleteOne={async (id) => {
            const answer = await deleteContact({ id }, LIST);
            return answer.error ? problemFromCombined(answer.error) : null;
          }}
          restoreOne={async (id) => {
            const answer = await restoreContact({ id }, LIST);
            return answer.error ? problemFromCombined(answer.error) : null;
          }}
        />
      ) : null}
      {list.problem ? (
        <div className="p-5">
          <FormError>{list.problem.message}</FormError>
        </div>
      ) : null}
      {list.loading ? (
        <TableSkeleton columns={5} />
      ) : list.nodes.length === 0 ? (
        filtering ? (
          <EmptyState
            icon={term ? Search : ListFilter}
            title="No contacts match"
            description={
              term
                ? `Nothing matches “${term}”${settledConditions.length ? " with these filters" : ""}. Try part of a name or an email address.`
                : "No contact meets every filter. Change or remove one."
            }
            action={
              <Button
                onClick={() => {
                  setSearch("");
                  setConditions([]);
                }}
              >
                {term && settledConditions.length === 0 ? "Clear search" : "Clear search and filters"}
              </Button>
            }
          />
        ) : (
          <EmptyState
            icon={Users}
            title="No contacts yet"
            description={
              writable
                ? "Contacts are the people you sell to. Add the first one to start tracking conversations and deals."
                : "Contacts are the people your team sells to. None have been added yet."
            }
            action={newButton}
          />
        )
      ) : (
        <div className={list.refreshing ? "opacity-60 transition-opacity" : undefined}>
          <Table aria-label="Contacts">
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {writable ? (
                    <SelectHead
                      label="Select all contacts"
                      all={selected.length > 0 && selected.length === list.nodes.length}
                      some={selected.length > 0}
                      onChange={(on) => setSelection(on ? Object.fromEntries(list.nodes.map((node) => [node.id, true])) : {})}
                    />
                  ) : null}
                  {group.headers.map((header) => (
                    <SortableHead key={header.id} header={header}>
                      <table.FlexRender header={header} />
                    </SortableHead>
                  ))}
                  {writable ? <th className="w-10 border-b border-line" aria-label="Actions" /> : null}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {table.getRowModel().rows.map((row) => (
                <TableRow key={row.id} data-state={selection[row.id] ? "selected" : undefined} className="data-[state=selected]:bg-accent-soft/50">
                  {writable ? (
                    <SelectCell
                      label={`Select ${row.original.name}`}
                      checked={Boolean(selection[row.id])}
                      onChange={(on) => setSelection((current) => ({ ...current, [row.id]: on }))}
                    />
                  ) : null}
                  {row.getAllCells().map((cell) => (
                    <TableCell key={cell.id} className="max-w-64 truncate">
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                  {writable ? (
                    <RowActions
                      name={row.original.name}
                      href={`/contacts/${row.id}`}
                      onEdit={() => setSheet({ contact: row.original })}
                    />
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
        </div>
      )}
      {writable ? (
        <ContactSheet
          open={sheet !== null}
          onOpenChange={(open) => {
            if (!open) setSheet(null);
          }}
          contact={sheet?.contact}
          definitions={definitions}
        />
      ) : null}
    </>
  );
}
