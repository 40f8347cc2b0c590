"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import Link from "next/link";
import { ListFilter, Plus, Search, type LucideIcon } from "lucide-react";
import { useMemo, useState, type ReactNode } from "react";
import { useMutation } from "urql";
import { createColumnHelper, type SortingState } from "@tanstack/react-table";

import { LoadMore, serverSortedFeatures, SortableHead, TableSkeleton, useServerSortedTable } from "@/components/data-table";
import { Avatar, Button, EmptyState, FormError, Input, Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui";
import type { ObjectType } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { formatDate, formatRelative, plural } from "@/lib/format";
import { searchFilter } from "@/lib/sorting";
import { useConnection, type Connection } from "@/lib/use-connection";
import { useNewRows } from "@/features/live/use-new-rows";
import { useDebounced } from "@/lib/use-debounced";
import { useCanWrite } from "@/lib/viewer";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { buildFilter, customFilterFields, type FilterCondition, type FilterField } from "@/features/records/filters";
import { useFieldDefinitions, useMembers } from "@/features/records/use-record-data";
import { BulkActions } from "@/features/records/table/bulk-actions";
import { ColumnChooser, type ChoosableColumn } from "@/features/records/table/column-chooser";
import { CustomCell, orderByWithCustom, RowActions, SelectCell, SelectHead } from "@/features/records/table/columns";
import { AddFilterButton, FilterChips } from "@/features/records/table/filter-bar";
import { useStoredColumns } from "@/features/records/table/stored-columns";

const PAGE_SIZE = 50;

export const recordFeatures = serverSortedFeatures;

export interface RecordRow {
  id: string;
  name: string;
  customFields?: unknown;
}

/** The column helper for one kind of row. */
export function recordColumnHelper<TRow extends RecordRow>() {
  return createColumnHelper<typeof recordFeatures, TRow>();
}

export type RecordColumns<TRow extends RecordRow> = ReturnType<ReturnType<typeof recordColumnHelper<TRow>>["columns"]>;

export function muted(value: string) {
  return value ? <span className="text-ink-muted">{value}</span> : <span className="text-ink-faint">—</span>;
}

export function when(iso: string) {
  return (
    <time dateTime={iso} title={formatDate(iso)} className="text-ink-muted">
      {formatRelative(iso)}
    </time>
  );
}

/** The name column (a link to the record, with its avatar) and, at the end, one column per custom field. */
export function recordColumns<TRow extends RecordRow>(
  { href, avatarClassName }: { href: (id: string) => string; avatarClassName?: string },
  definitions: readonly FieldDefinition[],
  middle: (column: ReturnType<typeof recordColumnHelper<TRow>>) => RecordColumns<TRow>,
): RecordColumns<TRow> {
  const column = recordColumnHelper<TRow>();
  return column.columns([
    column.accessor((row) => row.name, {
      id: "name",
      header: "Name",
      cell: (info) => (
        <Link
          href={href(info.row.original.id)}
          className="flex items-center gap-2.5 font-medium outline-none hover:text-accent focus-visible:underline"
        >
          <Avatar name={info.getValue()} className={avatarClassName} />
          <span className="truncate">{info.getValue()}</span>
        </Link>
      ),
    }),
    ...middle(column),
    ...definitions.map((definition) =>
      column.accessor((row) => row.customFields, {
        id: `custom:${definition.key}`,
        header: definition.label,
        cell: (info) => <CustomCell definition={definition} customFields={info.getValue()} />,
      }),
    ),
  ]);
}

/** What differs between the contacts and the companies tables: nouns, documents, columns, filters. */
export interface RecordsListConfig<TRow extends RecordRow, TData, TVariables extends { after?: string | null }> {
  objectType: ObjectType;
  title: string;
  noun: string;
  nouns: string;
  /** The record page of one row. */
  href: (id: string) => string;
  columnsKey: string;
  query: TypedDocumentNode<TData, TVariables>;
  select: (data: TData) => Connection<TRow>;
  variables: (parts: { first: number; filter: unknown; orderBy: unknown }) => TVariables;
  deleteDocument: TypedDocumentNode<unknown, { id: string }>;
  restoreDocument: TypedDocumentNode<unknown, { id: string }>;
  /** The fields the search box looks in, and how the box and the empty state say so. */
  search: { fields: readonly string[]; placeholder: string; hint: string };
  sortFields: Record<string, string>;
  defaultColumns: string[];
  builtInColumns: ChoosableColumn[];
  filterFields: FilterField[];
  columns: (definitions: readonly FieldDefinition[]) => RecordColumns<TRow>;
  empty: { icon: LucideIcon; writable: string; readOnly: string };
  /** More buttons beside "New" (import, export), given the list's current filter. */
  headerActions?: (state: { filter: unknown }) => ReactNode;
  /** The side panel that creates (row null) or edits a row. */
  sheet: (props: { open: boolean; onOpenChange: (open: boolean) => void; row: TRow | null | undefined; definitions: FieldDefinition[] }) => ReactNode;
}

/** A records table: quick search, filters, chosen columns, sort, keyset pages, bulk delete, create and edit in a side panel. */
export function RecordsList<TRow extends RecordRow, TData, TVariables extends { after?: string | null }>({
  config,
}: {
  config: RecordsListConfig<TRow, TData, TVariables>;
}) {
  const writable = useCanWrite();
  const members = useMembers();
  const { definitions } = useFieldDefinitions(config.objectType);
  const [sheet, setSheet] = useState<{ row: TRow | null } | null>(null);
  const [search, setSearch] = useState("");
  const [conditions, setConditions] = useState<FilterCondition[]>([]);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>([{ id: "name", desc: false }]);
  const [selection, setSelection] = useState<Record<string, boolean>>({});
  const [visible, setVisible] = useStoredColumns(config.columnsKey, config.defaultColumns);
  const [, deleteRecord] = useMutation(config.deleteDocument);
  const [, restoreRecord] = useMutation(config.restoreDocument);

  const filterFields = useMemo(() => [...config.filterFields, ...customFilterFields(definitions)], [config.filterFields, definitions]);
  const term = useDebounced(search);
  const settledConditions = useDebounced(conditions, 300);
  const filter = useMemo(
    () => buildFilter(filterFields, settledConditions, searchFilter(term, config.search.fields)),
    [config, term, settledConditions, filterFields],
  );
  const variables = useMemo(
    () => config.variables({ first: PAGE_SIZE, filter, orderBy: orderByWithCustom(sorting, config.sortFields) }),
    [config, filter, sorting],
  );
  const list = useConnection({ query: config.query, variables, select: config.select });
  const newRows = useNewRows(config.objectType);
  const columns = useMemo(() => config.columns(definitions), [config, definitions]);
  const shown = useMemo(
    () => columns.filter((item) => item.id === "name" || visible.includes(item.id!)),
    [columns, visible],
  );
  const table = useServerSortedTable({ columns: shown, data: list.nodes, sorting, onSortingChange: setSorting });

  const selected = list.nodes.filter((node) => selection[node.id]).map((node) => ({ id: node.id, name: node.name }));
  const filtering = Boolean(term) || settledConditions.length > 0;
  const choosable: ChoosableColumn[] = [
    ...config.builtInColumns,
    ...definitions.map((definition) => ({ id: `custom:${definition.key}`, label: definition.label, custom: true })),
  ];

  const newButton = writable ? (
    <Button variant="primary" onClick={() => setSheet({ row: null })}>
      <Plus />
      New {config.noun}
    </Button>
  ) : null;

  return (
    <>
      <PageHeader
        title={config.title}
        description={list.loading ? "\u00a0" : plural(list.totalCount, config.noun, config.nouns)}
        actions={
          <div className="flex items-center gap-2">
            {config.headerActions?.({ filter })}
            {newButton}
          </div>
        }
      />
      <div className="grid gap-2 border-b border-line px-5 py-2.5 md:px-6">
        <div className="flex flex-wrap items-center gap-2">
          <div className="relative w-full max-w-xs min-w-40 flex-1 sm:flex-none">
            <Search className="pointer-events-none absolute top-1/2 left-2.5 size-4 -translate-y-1/2 text-ink-faint" />
            <Input
              type="search"
              value={search}
              onChange={(event) => setSearch(event.target.value)}
              placeholder={config.search.placeholder}
              aria-label={`Search ${config.nouns}`}
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
          noun={config.noun}
          nouns={config.nouns}
          onClear={() => setSelection({})}
          deleteOne={async (id) => {
            const answer = await deleteRecord({ id });
            return answer.error ? problemFromCombined(answer.error) : null;
          }}
          restoreOne={async (id) => {
            const answer = await restoreRecord({ id });
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
            title={`No ${config.nouns} match`}
            description={
              term
                ? `Nothing matches “${term}”${settledConditions.length ? " with these filters" : ""}. Try part of a name or ${config.search.hint}.`
                : `No ${config.noun} meets every filter. Change or remove one.`
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
            icon={config.empty.icon}
            title={`No ${config.nouns} yet`}
            description={writable ? config.empty.writable : config.empty.readOnly}
            action={newButton}
          />
        )
      ) : (
        <div
          className={list.refreshing ? "opacity-60 transition-opacity" : undefined}
          aria-busy={list.refreshing || undefined}
          data-refreshing={list.refreshing || undefined}
        >
          <Table aria-label={config.title}>
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {writable ? (
                    <SelectHead
                      label={`Select all ${config.nouns}`}
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
                <TableRow
                  key={row.id}
                  data-state={selection[row.id] ? "selected" : undefined}
                  data-new={newRows.has(row.id) ? "true" : undefined}
                  aria-description={newRows.has(row.id) ? "New" : undefined}
                  className="data-[new=true]:bg-accent-soft/30 data-[state=selected]:bg-accent-soft/50"
                >
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
                    <RowActions name={row.original.name} href={config.href(row.id)} onEdit={() => setSheet({ row: row.original })} />
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
        </div>
      )}
      {writable
        ? config.sheet({
            open: sheet !== null,
            onOpenChange: (open) => {
              if (!open) setSheet(null);
            },
            row: sheet?.row,
            definitions,
          })
        : null}
    </>
  );
}
