"use client";

import { ArrowDown, ArrowUp, ChevronsUpDown } from "lucide-react";
import type { ReactNode } from "react";
import {
  rowSortingFeature,
  tableFeatures,
  useTable,
  type Header,
  type RowData,
  type SortingState,
  type TableFeatures,
  type TableOptions,
} from "@tanstack/react-table";

import { TableHead } from "@/components/ui/table";
import { cn } from "@/lib/cn";

/** A sortable header cell: click or Enter/Space toggles the order; aria-sort tells screen readers. */
export function SortableHead<TFeatures extends TableFeatures, TData extends RowData>({
  header,
  children,
  className,
}: {
  header: Header<TFeatures, TData, unknown>;
  children: ReactNode;
  className?: string;
}) {
  const column = header.column as unknown as {
    getCanSort: () => boolean;
    getIsSorted: () => false | "asc" | "desc";
    getToggleSortingHandler: () => undefined | ((event: unknown) => void);
  };
  if (!column.getCanSort()) return <TableHead className={className}>{children}</TableHead>;
  const sorted = column.getIsSorted();
  const Icon = sorted === "asc" ? ArrowUp : sorted === "desc" ? ArrowDown : ChevronsUpDown;
  return (
    <TableHead
      className={className}
      aria-sort={sorted === "asc" ? "ascending" : sorted === "desc" ? "descending" : "none"}
    >
      <button
        type="button"
        onClick={column.getToggleSortingHandler()}
        className="-mx-1 inline-flex cursor-pointer items-center gap-1 rounded px-1 py-0.5 hover:bg-subtle hover:text-ink"
      >
        {children}
        <Icon className={cn("size-3.5", sorted ? "text-ink" : "text-ink-faint")} />
      </button>
    </TableHead>
  );
}


/** The table features of a list the server sorts. */
export const serverSortedFeatures = tableFeatures({ rowSortingFeature });

/** A table of rows with ids that the server sorts: one column at a time, never back to unsorted. */
export function useServerSortedTable<TRow extends { id: string }>({
  columns,
  data,
  sorting,
  onSortingChange,
}: Pick<TableOptions<typeof serverSortedFeatures, TRow>, "columns" | "data"> & {
  sorting: SortingState;
  onSortingChange: (updater: SortingState | ((old: SortingState) => SortingState)) => void;
}) {
  return useTable({
    features: serverSortedFeatures,
    columns,
    data,
    getRowId: (row) => row.id,
    state: { sorting },
    onSortingChange,
    manualSorting: true,
    enableSortingRemoval: false,
  });
}
