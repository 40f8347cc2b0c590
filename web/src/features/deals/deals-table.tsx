"use client";

import Link from "next/link";
import { useMemo, useState } from "react";
import { createColumnHelper, type SortingState } from "@tanstack/react-table";

import { LoadMore, serverSortedFeatures, SortableHead, TableSkeleton, useServerSortedTable } from "@/components/data-table";
import { Avatar, Badge, FormError, Table, TableBody, TableCell, TableHeader, TableRow } from "@/components/ui";
import type { BoardDealFragment, DealsTableQueryVariables } from "@/gql/graphql";
import { formatDate, formatMoney, formatRelative } from "@/lib/format";
import { toOrderBy } from "@/lib/sorting";
import { useConnection } from "@/lib/use-connection";
import { formatCloseDate, isOverdue } from "@/features/deals/deal-card";
import { DealsTableDocument } from "@/features/deals/documents";

const PAGE_SIZE = 50;
const SORT_FIELDS = {
  name: "NAME",
  amount: "AMOUNT",
  expectedCloseDate: "EXPECTED_CLOSE_DATE",
  createdAt: "CREATED_AT",
} as const;

const column = createColumnHelper<typeof serverSortedFeatures, BoardDealFragment>();
const columns = column.columns([
  column.accessor("name", {
    header: "Deal",
    cell: (info) => (
      <Link href={`/deals/${info.row.original.id}`} className="font-medium hover:text-accent hover:underline">
        {info.getValue()}
      </Link>
    ),
  }),
  column.accessor((row) => row.stage.name, {
    id: "stage",
    header: "Stage",
    enableSorting: false,
    cell: (info) => {
      const kind = info.row.original.stage.kind;
      return <Badge tone={kind === "WON" ? "success" : kind === "LOST" ? "danger" : "neutral"}>{info.getValue()}</Badge>;
    },
  }),
  column.accessor((row) => row.amount?.amountMicros ?? "", {
    id: "amount",
    header: "Amount",
    sortDescFirst: true,
    cell: (info) => {
      const amount = info.row.original.amount;
      return amount ? (
        <span className="tabular-nums">{formatMoney(amount.amountMicros, amount.currency)}</span>
      ) : (
        <span className="text-ink-faint">—</span>
      );
    },
  }),
  column.accessor((row) => row.company?.name ?? "", {
    id: "company",
    header: "Company",
    enableSorting: false,
    cell: (info) => info.getValue() || <span className="text-ink-faint">—</span>,
  }),
  column.accessor((row) => row.owner?.user.name ?? "", {
    id: "owner",
    header: "Owner",
    enableSorting: false,
    cell: (info) =>
      info.getValue() ? (
        <span className="flex items-center gap-2">
          <Avatar name={info.getValue()} className="size-5 rounded-full text-[10px]" />
          <span className="truncate">{info.getValue()}</span>
        </span>
      ) : (
        <span className="text-ink-faint">—</span>
      ),
  }),
  column.accessor((row) => row.expectedCloseDate ?? "", {
    id: "expectedCloseDate",
    header: "Expected close",
    cell: (info) => {
      const day = info.getValue();
      if (!day) return <span className="text-ink-faint">—</span>;
      const late = info.row.original.status === "OPEN" && isOverdue(day);
      return <span className={late ? "text-danger" : "text-ink-muted"}>{formatCloseDate(day)}</span>;
    },
  }),
  column.accessor("createdAt", {
    header: "Created",
    sortDescFirst: true,
    cell: (info) => (
      <time dateTime={info.getValue()} title={formatDate(info.getValue())} className="text-ink-muted">
        {formatRelative(info.getValue())}
      </time>
    ),
  }),
]);

/** The deals of one pipeline as a sortable table, paged by keyset; names link to the deal's page. */
export function DealsTable({ pipelineId }: { pipelineId: string }) {
  const [sorting, setSorting] = useState<SortingState>([{ id: "createdAt", desc: true }]);
  const variables = useMemo<DealsTableQueryVariables>(
    () => ({
      first: PAGE_SIZE,
      after: null,
      filter: { pipelineId: { eq: pipelineId } },
      orderBy: toOrderBy(sorting, SORT_FIELDS),
    }),
    [pipelineId, sorting],
  );
  const list = useConnection({
    query: DealsTableDocument,
    variables,
    select: (data) => data.deals,
  });
  const table = useServerSortedTable({ columns, data: list.nodes, sorting, onSortingChange: setSorting });

  if (list.loading) return <TableSkeleton columns={7} />;
  return (
    <div
      className={list.refreshing ? "opacity-60 transition-opacity" : undefined}
      aria-busy={list.refreshing || undefined}
      data-refreshing={list.refreshing || undefined}
    >
      {list.problem ? (
        <div className="p-5">
          <FormError>{list.problem.message}</FormError>
        </div>
      ) : null}
      <Table aria-label="Deals">
        <TableHeader>
          {table.getHeaderGroups().map((group) => (
            <TableRow key={group.id} className="hover:bg-transparent">
              {group.headers.map((header) => (
                <SortableHead key={header.id} header={header} className={header.id === "amount" ? "text-right" : undefined}>
                  <table.FlexRender header={header} />
                </SortableHead>
              ))}
            </TableRow>
          ))}
        </TableHeader>
        <TableBody>
          {table.getRowModel().rows.map((row) => (
            <TableRow key={row.id}>
              {row.getAllCells().map((cell) => (
                <TableCell key={cell.id} className={cell.column.id === "amount" ? "max-w-64 truncate text-right" : "max-w-64 truncate"}>
                  <table.FlexRender cell={cell} />
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <LoadMore hasMore={list.hasNextPage} loading={list.loadingMore} onLoadMore={list.loadMore} />
    </div>
  );
}
