"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import Link from "next/link";
import { ListFilter, Plus, Search, type LucideIcon } from "lucide-react";
import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { useMutation, type AnyVariables } from "urql";
import { createColumnHelper, type SortingState } from "@tanstack/react-table";
import type { SelectOption } from "@/components/ui/select";

import { serverSortedFeatures, SortableHead, useServerSortedTable } from "@/components/data-table";
import { LoadMore } from "@/components/load-more";
import { TableSkeleton } from "@/components/table-skeleton";
import { Avatar } from "@/components/ui/avatar";
import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Input } from "@/components/ui/input";
import { Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui/table";
import type { ObjectType, UndoBulkMutation } from "@/gql/graphql";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { formatDate, formatRelative, plural } from "@/lib/format";
import { searchFilter } from "@/lib/sorting";
import { useConnection, type Connection } from "@/lib/use-connection";
import { useNewRows } from "@/features/live/use-new-rows";
import { useDebounced } from "@/lib/use-debounced";
import { useCanWrite } from "@/lib/viewer";
import type { FieldDefinition } from "@/features/records/custom-fields";
import { buildFilter, customFilterFields, type FilterCondition, type FilterField } from "@/features/records/filters";
import { useFieldDefinitions, useMembers } from "@/features/records/use-record-data";
import { ExportButton } from "@/features/importer/export-button";
import { ImportButton } from "@/features/importer/import-button";
import { BulkActions, type BulkEdit, type BulkOutcome } from "@/features/records/table/bulk-actions";
import { UndoBulkDocument } from "@/features/records/table/bulk-documents";
import { decodeListState, encodeListState, listPart, stateOfView, viewOfState, type ListState } from "@/features/records/table/list-state";
import { SavedViews, type SavedViewChoice } from "@/features/records/table/saved-views";
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

/** A row's company as a link to its page, or a dash. */
export function companyLink(company: { id: string; name: string } | null | undefined) {
  return company ? (
    <Link href={`/companies/${company.id}`} className="hover:text-accent hover:underline">
      {company.name}
    </Link>
  ) : (
    muted("")
  );
}

/** A time as the timeline words it ("yesterday", "3 hours ago"), the date on hover; "—" when there is none. */
export function when(iso: string | null | undefined) {
  if (!iso) return muted("");
  return (
    <time dateTime={iso} title={formatDate(iso)} className="text-ink-muted">
      {formatRelative(iso)}
    </time>
  );
}

/** A column of one of the row's times (created, last updated, last activity), worded as `when` does; newest first when sorted. */
export function timeColumn<TRow extends RecordRow>(
  column: ReturnType<typeof recordColumnHelper<TRow>>,
  id: { [K in keyof TRow]: TRow[K] extends string | null | undefined ? K : never }[keyof TRow] & string,
  header: string,
) {
  return column.accessor((row) => (row[id] as string | null | undefined) ?? null, { id, header, sortDescFirst: true, cell: (info) => when(info.getValue()) });
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

/** What differs between the record tables (contacts, companies, deals): nouns, documents, columns, filters. */
export interface RecordsListConfig<
  TRow extends RecordRow,
  TData,
  TVariables extends { after?: string | null },
  TBulk = unknown,
  TBulkVariables extends AnyVariables = AnyVariables,
> {
  objectType: ObjectType;
  title: string;
  noun: string;
  nouns: string;
  /** The record page of one row. */
  href: (id: string) => string;
  columnsKey: string;
  query: TypedDocumentNode<TData, TVariables>;
  select: (data: TData) => Connection<TRow>;
  deleteDocument: TypedDocumentNode<unknown, { id: string }>;
  restoreDocument: TypedDocumentNode<unknown, { id: string }>;
  /** The batched, all-or-nothing update of the selection (`bulkUpdateContacts`). */
  bulk?: {
    document: TypedDocumentNode<TBulk, TBulkVariables>;
    result: (data: TBulk) => BulkAnswer;
    /** Fields besides the owner and the select custom fields (a deal's stage). */
    edits?: BulkEdit[];
  };
  /** The batched delete of the selection (`bulkDeleteContacts(ids, filter)`), and its answer in the data. */
  bulkDelete: { document: TypedDocumentNode<unknown, never>; result: (data: unknown) => BulkAnswer };
  /** The search box's fields, and how the box and the empty state say so. */
  search: { fields: readonly string[]; placeholder: string; hint: string };
  sortFields: Record<string, string>;
  defaultSort?: SortingState;
  defaultColumns: string[];
  /** What the column chooser calls the name column, when not "Name" (the deals': "Deal"). */
  nameColumnLabel?: string;
  filterFields: FilterField[];
  columns: (definitions: readonly FieldDefinition[]) => RecordColumns<TRow>;
  empty: { icon: LucideIcon; writable: string; readOnly: string };
  /** The page that imports a CSV of this type: the header offers Import, and Export of what the list shows. */
  importHref?: string;
  /** Inside a page that has its own header (the deals page): no header of its own, and this filter always applies. */
  embedded?: { baseFilter: unknown };
  /** The side panel that creates (row null) or edits a row. */
  sheet?: (props: { open: boolean; onOpenChange: (open: boolean) => void; row: TRow | null | undefined; definitions: FieldDefinition[] }) => ReactNode;
}

const BY_NAME: SortingState = [{ id: "name", desc: false }];

/** A BulkResult as the lists read it. */
export interface BulkAnswer {
  id: string;
  updated: number;
  errors: readonly { message: string }[];
}

/** A bulk change's (or its undo's) answer as the bulk bar shows it. */
function outcomeOf(
  answer: { data?: unknown; error?: Parameters<typeof problemFromCombined>[0] },
  result: (data: never) => BulkAnswer,
  noun: string,
  nouns: string,
  verb: string,
): BulkOutcome {
  if (answer.error || !answer.data) return { id: null, updated: 0, problem: answer.error ? problemFromCombined(answer.error).message : `Nothing was ${verb}.` };
  const found = result(answer.data as never);
  if (found.errors.length) return { id: null, updated: 0, problem: `${plural(found.errors.length, noun, nouns)} could not be ${verb}: ${found.errors[0]!.message}` };
  return { id: found.id, updated: found.updated, problem: null };
}

/** The select custom fields, as fields the bulk bar sets. */
function customEdits(definitions: readonly FieldDefinition[]): BulkEdit[] {
  return definitions
    .filter((definition) => definition.type === "SELECT" && definition.options?.length)
    .map((definition) => ({
      id: `custom:${definition.key}`,
      label: definition.label,
      options: (definition.options ?? []).map((option) => ({ value: option, label: option })),
      input: (value: string) => ({ customFields: { [definition.key]: value } }),
    }));
}

/**
 * A records table: quick search, filters, chosen columns, sort (all in the URL, and savable as a named
 * view), keyset pages, selection (shift-click ranges, or every row that matches), bulk edit and delete,
 * create and edit in a side panel. On a phone it shows the name and the first chosen column only.
 */
export function RecordsList<
  TRow extends RecordRow,
  TData,
  TVariables extends { after?: string | null },
  TBulk = unknown,
  TBulkVariables extends AnyVariables = AnyVariables,
>({ config }: { config: RecordsListConfig<TRow, TData, TVariables, TBulk, TBulkVariables> }) {
  const writable = useCanWrite();
  const members = useMembers();
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const defaultSort = config.defaultSort ?? BY_NAME;
  const { definitions } = useFieldDefinitions(config.objectType);
  const [initial] = useState(() => decodeListState(new URLSearchParams(params.toString()), defaultSort));
  const [sheet, setSheet] = useState<{ row: TRow | null } | null>(null);
  // The sheet renders from its first opening on (its code may load then), and stays for it to close as it opened.
  const [sheetOpened, setSheetOpened] = useState(false);
  if (sheet && !sheetOpened) setSheetOpened(true);
  const [search, setSearch] = useState(initial.search);
  const [conditions, setConditions] = useState<FilterCondition[]>(initial.filters);
  const [focusId, setFocusId] = useState<string | null>(null);
  const [sorting, setSorting] = useState<SortingState>(initial.sort);
  const [urlColumns, setUrlColumns] = useState<string[] | null>(initial.columns);
  const [viewId, setViewId] = useState<string | null>(params.get("view"));
  const [picked, setPicked] = useState<{ key: string; ids: Record<string, boolean>; all: boolean }>({ key: "", ids: {}, all: false });
  const lastTicked = useRef<number | null>(null);
  const [storedColumns, setStoredColumns] = useStoredColumns(config.columnsKey, config.defaultColumns);
  const visible = urlColumns ?? storedColumns;
  const setVisible = useCallback(
    (next: string[]) => {
      setStoredColumns(next);
      setUrlColumns(next);
    },
    [setStoredColumns],
  );
  const [, bulkDelete] = useMutation<unknown, never>(config.bulkDelete.document);
  const [, undoBulk] = useMutation(UndoBulkDocument);
  const bulkDocument = config.bulk?.document;
  const [, bulkUpdate] = useMutation<TBulk, TBulkVariables>(bulkDocument ?? (config.deleteDocument as unknown as TypedDocumentNode<TBulk, TBulkVariables>));

  const filterFields = useMemo(() => [...config.filterFields, ...customFilterFields(definitions)], [config.filterFields, definitions]);
  const term = useDebounced(search);
  const settledConditions = useDebounced(conditions, 300);
  const baseFilter = config.embedded?.baseFilter;
  const filter = useMemo(() => {
    const built = buildFilter(filterFields, settledConditions, searchFilter(term, config.search.fields));
    if (!baseFilter) return built;
    return built ? { and: [baseFilter, built] } : baseFilter;
  }, [config, term, settledConditions, filterFields, baseFilter]);
  // Every records query takes the same arguments: the filter and the order built above are its type's (as unchecked as the filter fields are).
  const variables = useMemo(
    () => ({ first: PAGE_SIZE, after: null, filter, orderBy: orderByWithCustom(sorting, config.sortFields) }) as unknown as TVariables,
    [config, filter, sorting],
  );

  // The list's state goes into the URL as it settles (replacing the entry: Back leaves the list, and
  // coming back restores it); a URL that changes otherwise (Back and Forward, a saved view) is applied.
  const listState: ListState = useMemo(
    () => ({ search: term, filters: settledConditions, sort: sorting, columns: urlColumns }),
    [term, settledConditions, sorting, urlColumns],
  );
  const written = useRef(listPart(new URLSearchParams(params.toString())));
  const apply = useCallback((state: ListState, id: string | null) => {
    setSearch(state.search);
    setConditions(state.filters);
    setSorting(state.sort);
    setUrlColumns(state.columns);
    setViewId(id);
  }, []);
  useEffect(() => {
    const next = encodeListState(new URLSearchParams(window.location.search), listState, defaultSort, viewId);
    const own = listPart(next);
    if (own === written.current) return;
    written.current = own;
    const query = next.toString();
    window.history.replaceState(window.history.state, "", query ? `${pathname}?${query}` : pathname);
  }, [listState, defaultSort, viewId, pathname]);
  useEffect(() => {
    const now = new URLSearchParams(params.toString());
    const own = listPart(now);
    if (own === written.current) return;
    written.current = own;
    apply(decodeListState(now, defaultSort), now.get("view"));
  }, [params, apply, defaultSort]);

  function chooseView(view: SavedViewChoice | null) {
    const state = view ? stateOfView(view.state, defaultSort) : { search: "", filters: [], sort: defaultSort, columns: null };
    const next = encodeListState(new URLSearchParams(window.location.search), state, defaultSort, view?.id ?? null);
    written.current = listPart(next);
    apply(state, view?.id ?? null);
    router.push(`${pathname}?${next.toString()}`, { scroll: false });
  }

  // The selection belongs to one filter and sort: a new one is a new set of rows, with nothing selected.
  const selectionKey = useMemo(() => JSON.stringify([filter, sorting]), [filter, sorting]);
  const selection = picked.key === selectionKey ? picked.ids : {};
  const allMatching = picked.key === selectionKey && picked.all;
  function setSelection(update: Record<string, boolean> | ((current: Record<string, boolean>) => Record<string, boolean>)) {
    setPicked((current) => {
      const ids = current.key === selectionKey ? current.ids : {};
      return { key: selectionKey, ids: typeof update === "function" ? update(ids) : update, all: false };
    });
  }
  function setAllMatching(all: boolean) {
    setPicked((current) => ({ key: selectionKey, ids: current.key === selectionKey ? current.ids : {}, all }));
  }

  const list = useConnection({ query: config.query, variables, select: config.select });
  const newRows = useNewRows(config.objectType);
  const columns = useMemo(() => config.columns(definitions), [config, definitions]);
  const shown = useMemo(
    () => columns.filter((item) => item.id === "name" || visible.includes(item.id!)),
    [columns, visible],
  );
  const table = useServerSortedTable({ columns: shown, data: list.nodes, sorting, onSortingChange: setSorting });
  // On a phone: the name and the first chosen column.
  const narrowHidden = (index: number) => (index > 1 ? "max-sm:hidden" : undefined);

  const selected = list.nodes.filter((node) => selection[node.id]).map((node) => ({ id: node.id, name: node.name }));
  const filtering = Boolean(term) || settledConditions.length > 0;
  // The chooser lists the table's columns by their headers: the name always shown, custom fields under their own heading.
  const choosable: ChoosableColumn[] = columns.map((item) => ({
    id: item.id!,
    label: item.id === "name" ? (config.nameColumnLabel ?? "Name") : String(item.header),
    custom: item.id!.startsWith("custom:"),
    fixed: item.id === "name",
  }));
  const ownerOptions: SelectOption[] = members.options;
  const edits: BulkEdit[] = [
    { id: "owner", label: "Owner", options: ownerOptions, input: (value) => ({ ownerId: value }) },
    ...(config.bulk?.edits ?? []),
    ...customEdits(definitions),
  ];

  /** What a bulk change addresses: the selected rows, or every row that matches the filter. */
  function target(): { ids: string[] | null; filter: unknown } {
    return { ids: allMatching ? null : selected.map((item) => item.id), filter: allMatching ? (filter ?? {}) : null };
  }

  function tick(index: number, id: string, on: boolean, shiftKey: boolean) {
    const from = lastTicked.current;
    if (shiftKey && from !== null && from !== index) {
      const [low, high] = from < index ? [from, index] : [index, from];
      const range = list.nodes.slice(low, high + 1).map((node) => [node.id, on] as const);
      setSelection((current) => ({ ...current, ...Object.fromEntries(range) }));
    } else {
      setSelection((current) => ({ ...current, [id]: on }));
    }
    lastTicked.current = index;
  }

  const newButton =
    writable && config.sheet ? (
      <Button variant="primary" onClick={() => setSheet({ row: null })}>
        <Plus />
        New {config.noun}
      </Button>
    ) : null;
  const viewState = viewOfState(listState, visible);

  return (
    <>
      {config.embedded ? null : (
        <PageHeader
          title={config.title}
          description={list.loading ? "\u00a0" : plural(list.totalCount, config.noun, config.nouns)}
          actions={
            <div className="flex items-center gap-2">
              {config.importHref ? (
                <>
                  <ImportButton href={config.importHref} />
                  <ExportButton objectType={config.objectType} filter={filter} />
                </>
              ) : null}
              {newButton}
            </div>
          }
        />
      )}
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
          <div className="ml-auto flex items-center gap-2">
            <SavedViews objectType={config.objectType} currentId={viewId} state={viewState} onChoose={chooseView} />
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
          onClear={() => {
            setSelection({});
            setAllMatching(false);
          }}
          matching={list.totalCount}
          allMatching={allMatching}
          onSelectAllMatching={() => setAllMatching(true)}
          edits={config.bulk ? edits : []}
          update={
            config.bulk
              ? async (input) => {
                  const bulk = config.bulk!;
                  const answer = await bulkUpdate({ ...target(), input } as unknown as TBulkVariables);
                  return outcomeOf(answer, bulk.result as (data: never) => BulkAnswer, config.noun, config.nouns, "changed");
                }
              : undefined
          }
          remove={async () => {
            const answer = await bulkDelete(target() as never);
            return outcomeOf(answer, config.bulkDelete.result, config.noun, config.nouns, "deleted");
          }}
          undo={async (id) => {
            const answer = await undoBulk({ id });
            return outcomeOf(answer, (data: UndoBulkMutation) => data.undoBulk, config.noun, config.nouns, "undone");
          }}
          exporter={
            <ExportButton
              key={JSON.stringify(target())}
              objectType={config.objectType}
              filter={allMatching ? (filter ?? null) : null}
              ids={allMatching ? null : selected.map((item) => item.id)}
              compact
            />
          }
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
          <Table aria-label={config.title} className="max-sm:table-fixed">
            <TableHeader>
              {table.getHeaderGroups().map((group) => (
                <TableRow key={group.id} className="hover:bg-transparent">
                  {writable ? (
                    <SelectHead
                      label={`Select all ${config.nouns}`}
                      all={allMatching || (selected.length > 0 && selected.length === list.nodes.length)}
                      some={selected.length > 0}
                      onChange={(on) => {
                        setAllMatching(false);
                        setSelection(on ? Object.fromEntries(list.nodes.map((node) => [node.id, true])) : {});
                      }}
                    />
                  ) : null}
                  {group.headers.map((header, index) => (
                    <SortableHead key={header.id} header={header} className={narrowHidden(index)}>
                      <table.FlexRender header={header} />
                    </SortableHead>
                  ))}
                  {writable ? <th className="w-10 border-b border-line" aria-label="Actions" /> : null}
                </TableRow>
              ))}
            </TableHeader>
            <TableBody>
              {table.getRowModel().rows.map((row, rowIndex) => (
                <TableRow
                  key={row.id}
                  data-state={allMatching || selection[row.id] ? "selected" : undefined}
                  data-new={newRows.has(row.id) ? "true" : undefined}
                  aria-description={newRows.has(row.id) ? "New" : undefined}
                  className="data-[new=true]:bg-accent-soft/30 data-[state=selected]:bg-accent-soft/50"
                >
                  {writable ? (
                    <SelectCell
                      label={`Select ${row.original.name}`}
                      checked={allMatching || Boolean(selection[row.id])}
                      onChange={(on, shiftKey) => tick(rowIndex, row.id, on, shiftKey)}
                    />
                  ) : null}
                  {row.getAllCells().map((cell, index) => (
                    <TableCell key={cell.id} className={cn("max-w-64 truncate", narrowHidden(index))}>
                      <table.FlexRender cell={cell} />
                    </TableCell>
                  ))}
                  {writable ? (
                    <RowActions name={row.original.name} href={config.href(row.id)} onEdit={config.sheet ? () => setSheet({ row: row.original }) : undefined} />
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
        </div>
      )}
      {writable && config.sheet && sheetOpened
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
