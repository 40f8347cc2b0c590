"use client";

import Link from "next/link";
import { Building2, ListFilter, Plus, Search } from "lucide-react";
import { useMemo, useState } from "react";
import { useMutation } from "urql";
import { createColumnHelper, rowSortingFeature, tableFeatures, useTable, type SortingState } from "@tanstack/react-table";

import { LoadMore, SortableHead, TableSkeleton } from "@/components/data-table";
import { Avatar, Button, EmptyState, FormError, Input, Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui";
import type { CompaniesListQueryVariables, CompanyFilter, CompanyOrder, CompanyRowFragment } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { formatDate, formatRelative, plural } from "@/lib/format";
import { searchFilter } from "@/lib/sorting";
import { useConnection } from "@/lib/use-connection";
import { useDebounced } from "@/lib/use-debounced";
import { useCanWrite } from "@/lib/viewer";
import { CompanySheet } from "@/features/companies/company-sheet";
import { CompaniesListDocument, DeleteCompanyDocument, RestoreCompanyDocument } from "@/features/companies/documents";
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
const TYPENAMES = ["Company"];
const LIST = { additionalTypenames: TYPENAMES };
const SORT_FIELDS = { name: "NAME", createdAt: "CREATED_AT" } as const;
const DEFAULT_COLUMNS = ["name", "domain", "industry", "contactCount", "owner", "createdAt"];
const BUILT_IN_COLUMNS: ChoosableColumn[] = [
  { id: "name", label: "Name", fixed: true },
  { id: "domain", label: "Domain" },
  { id: "industry", label: "Industry" },
  { id: "employees", label: "Employees" },
  { id: "contactCount", label: "Contacts" },
  { id: "dealCount", label: "Deals" },
  { id: "owner", label: "Owner" },
  { id: "createdAt", label: "Created" },
];
const FILTER_FIELDS: FilterField[] = [
  { id: "name", label: "Name", kind: "text", apiField: "name" },
  { id: "domain", label: "Domain", kind: "text", apiField: "domain" },
  { id: "industry", label: "Industry", kind: "text", apiField: "industry" },
  { id: "createdAt", label: "Created", kind: "date", apiField: "createdAt" },
];

const features = tableFeatures({ rowSortingFeature });
const column = createColumnHelper<typeof features, CompanyRowFragment>();

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

function count(value: number) {
  return <span className={value ? "tabular-nums" : "text-ink-faint tabular-nums"}>{value}</span>;
}

function buildColumns(definitions: readonly FieldDefinition[]) {
  return column.columns([
    column.accessor((row) => row.name, {
      id: "name",
      header: "Name",
      cell: (info) => (
        <Link
          href={`/companies/${info.row.original.id}`}
          className="flex items-center gap-2.5 font-medium outline-none hover:text-accent focus-visible:underline"
        >
          <Avatar name={info.getValue()} />
          <span className="truncate">{info.getValue()}</span>
        </Link>
      ),
    }),
    column.accessor((row) => row.domain ?? "", { id: "domain", header: "Domain", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.industry ?? "", { id: "industry", header: "Industry", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.employees, {
      id: "employees",
      header: "Employees",
      enableSorting: false,
      cell: (info) => {
        const value = info.getValue();
        return value === null || value === undefined ? <span className="text-ink-faint">—</span> : <span className="tabular-nums">{value.toLocaleString("en-US")}</span>;
      },
    }),
    column.accessor((row) => row.contactCount, { id: "contactCount", header: "Contacts", enableSorting: false, cell: (info) => count(info.getValue()) }),
    column.accessor((row) => row.dealCount, { id: "dealCount", header: "Deals", enableSorting: false, cell: (info) => count(info.getValue()) }),
    column.accessor((row) => row.owner?.user.name ?? "", { id: "owner", header: "Owner", enableSorting: false, cell: (info) => muted(info.getValue()) }),
    column.accessor((row) => row.createdAt, { id: "createdAt", header: "Created", sortDescFirst: true, cell: (info) => when(info.getValue()) }),
    ...definitions.map((definition) =>
      column.accessor((row) => row.customFields, {
        id: `custom:${definition.key}`,
        header: definition.label,
        cell: (info) => <CustomCell definition={definition} customFields={info.getValue()} />,
      }),
    ),
  ]);
}

/** The companies table: quick search, filters, chosen columns, sort, keyset pages, bulk delete, create and edit in a side panel. */
export function CompaniesList() {
  const writable = useCanWrite();
  const members = useMembers();
  const { definitions } = useFieldDefinitions("COMPANY");
  const [sheet, setSheet] = useState<{ company: CompanyRowFragment | null } | null>(null);
  const [search, setSearch] = useState("");
  const [conditions, setConditions] = useState<FilterCondition[]>([]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [selection, setSelection] = useState<Record<string, boolean>>({});
  const [visible, setVisible] = useStoredColumns("rapport:columns:companies", DEFAULT_COLUMNS);
  const [, deleteCompany] = useMutation(DeleteCompanyDocument);
  const [, restoreCompany] = useMutation(RestoreCompanyDocument);

  const filterFields = useMemo(() => [...FILTER_FIELDS, ...customFilterFields(definitions)], [definitions]);
  const term = useDebounced(search);
  const settledConditions = useDebounced(conditions, 300);
  const variables = useMemo<CompaniesListQueryVariables>(
    () => ({
      first: PAGE_SIZE,
      after: null,
      filter: buildFilter(filterFields, settledConditions, searchFilter(term, ["name", "domain"] as const)) as CompanyFilter | null,
      orderBy: orderByWithCustom(sorting, SORT_FIELDS) as CompanyOrder[],
    }),
    [term, settledConditions, sorting, filterFields],
  );
  const list = useConnection({
    query: CompaniesListDocument,
    variables,
    select: (data) => data.companies,
    typenames: TYPENAMES,
  });
  const refetch = useRefetch(CompaniesListDocument, variables);
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
    <Button variant="primary" onClick={() => setSheet({ company: null })}>
      <Plus />
      New company
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title="Companies"
        description={list.loading ? "\u00a0" : plural(list.totalCount, "company", "companies")}
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
              placeholder="Search name or domain"
              aria-label="Search companies"
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
          noun="company"
          nouns="companies"
          onClear={() => setSelection({})}
          onSettled={refetch}
          deleteOne={async (id) => {
            const answer = await deleteCompany({ id }, LIST);
            return answer.error ? problemFromCombined(answer.error) : null;
          }}
          restoreOne={async (id) => {
            const answer = await restoreCompany({ id }, LIST);
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
            title="No companies match"
            description={
              term
                ? `Nothing matches “${term}”${settledConditions.length ? " with these filters" : ""}. Try part of a name or a domain.`
                : "No company meets every filter. Change or remove one."
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
            icon={Building2}
            title="No companies yet"
            description={
              writable
                ? "Companies are the organisations your contacts work for. Add one, then link contacts and deals to it."
                : "Companies are the organisations your team sells to. None have been added yet."
            }
            action={newButton}
          />
        )
      ) : (
        <div className={list.refreshing ? "opacity-60 transition-opacity" : undefined}>
          <Table aria-label="Companies">
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {writable ? (
                    <SelectHead
                      label="Select all companies"
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
                      href={`/companies/${row.id}`}
                      onEdit={() => setSheet({ company: row.original })}
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
        <CompanySheet
          open={sheet !== null}
          onOpenChange={(open) => {
            if (!open) setSheet(null);
          }}
          company={sheet?.company}
          definitions={definitions}
        />
      ) : null}
    </>
  );
}
