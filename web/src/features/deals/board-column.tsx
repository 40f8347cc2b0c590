"use client";

import { Plus } from "lucide-react";
import { useDroppable } from "@dnd-kit/core";
import { SortableContext, verticalListSortingStrategy } from "@dnd-kit/sortable";

import { Button } from "@/components/ui/button";
import { Skeleton } from "@/components/ui/skeleton";
import type { BoardDealFragment } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { formatMoney, plural } from "@/lib/format";
import type { Column } from "@/features/deals/board";
import { SortableDealCard } from "@/features/deals/deal-card";

/** The sums of a column, one per currency: "€12,500 · $4,000". */
export function totalsText(totals: Column["totals"]): string {
  return totals.map((total) => formatMoney(total.amountMicros, total.currency)).join(" · ");
}

function ColumnHeader({ column, onCreate }: { column: Column; onCreate?: (() => void) | undefined }) {
  return (
    <div className="flex items-start gap-2 px-3 pt-3 pb-2">
      <div className="min-w-0 flex-1">
        <h2 className="flex items-center gap-2 font-semibold">
          <span
            aria-hidden
            className={cn(
              "size-2 shrink-0 rounded-full",
              column.kind === "WON" ? "bg-success" : column.kind === "LOST" ? "bg-danger" : "bg-ink-faint",
            )}
          />
          <span className="truncate">{column.name}</span>
          <span className="font-normal text-ink-muted tabular-nums" data-testid="stage-count">
            <span className="sr-only">, </span>
            {column.count}
            <span className="sr-only"> {column.count === 1 ? "deal" : "deals"}</span>
          </span>
        </h2>
        <p className="mt-0.5 min-h-5 text-[13px] text-ink-muted tabular-nums" data-testid="stage-total">
          {column.totals.length > 0 ? totalsText(column.totals) : <span className="text-ink-faint">No amounts</span>}
        </p>
      </div>
      {onCreate ? (
        <Button variant="ghost" size="icon" className="-mt-1 -mr-1.5 size-7" aria-label={`New deal in ${column.name}`} onClick={onCreate}>
          <Plus />
        </Button>
      ) : null}
    </div>
  );
}

export function BoardColumn({
  column,
  deals,
  movable,
  liftedId,
  loadingMore,
  onLoadMore,
  onCreate,
}: {
  column: Column;
  deals: BoardDealFragment[];
  movable: boolean;
  /** The card lifted with the keyboard, shown in place with a ring. */
  liftedId: string | null;
  loadingMore: boolean;
  onLoadMore: () => void;
  onCreate?: (() => void) | undefined;
}) {
  const { setNodeRef, isOver } = useDroppable({ id: column.id, data: { type: "column" } });
  return (
    <section
      aria-label={`${column.name}: ${plural(column.count, "deal")}`}
      data-testid="stage-column"
      data-stage={column.name}
      className={cn(
        // relative: keeps the sr-only texts inside the scrolling board instead of widening the page.
        "relative flex max-h-full w-[min(18rem,82vw)] shrink-0 flex-col rounded-xl border",
        column.kind === "WON"
          ? "border-success/20 bg-success-soft"
          : column.kind === "LOST"
            ? "border-danger/15 bg-danger-soft/70"
            : "border-line bg-surface",
      )}
    >
      <ColumnHeader column={column} onCreate={onCreate} />
      <ol
        ref={setNodeRef}
        className={cn(
          "flex min-h-24 flex-1 flex-col gap-2 overflow-y-auto rounded-b-xl px-2 pb-2 transition-colors",
          isOver && deals.length === 0 && "bg-accent-soft/60",
        )}
      >
        <SortableContext items={deals.map((deal) => deal.id)} strategy={verticalListSortingStrategy}>
          {deals.map((deal) => (
            <SortableDealCard key={deal.id} deal={deal} movable={movable} lifted={deal.id === liftedId} />
          ))}
        </SortableContext>
        {deals.length === 0 ? (
          <li className="m-1 flex flex-1 list-none items-center justify-center rounded-lg border border-dashed border-line-strong/70 px-3 py-6 text-center text-[13px] text-ink-faint">
            {movable ? "Drop a deal here" : "No deals"}
          </li>
        ) : null}
        {column.hasNextPage ? (
          <li className="list-none">
            <Button variant="ghost" size="sm" className="w-full" loading={loadingMore} onClick={onLoadMore}>
              Load more
            </Button>
          </li>
        ) : null}
      </ol>
    </section>
  );
}

export function BoardSkeleton() {
  return (
    <div role="status" className="flex gap-3 overflow-hidden p-4 md:px-6" aria-busy="true" aria-label="Loading the board">
      {[5, 3, 4, 2, 1].map((cards, index) => (
        <div key={index} className="flex w-72 shrink-0 flex-col gap-2 rounded-xl border border-line bg-surface p-3">
          <Skeleton className="h-4 w-28" />
          <Skeleton className="mb-2 h-3 w-20" />
          {Array.from({ length: cards }, (_, card) => (
            <Skeleton key={card} className="h-[86px] rounded-lg" />
          ))}
        </div>
      ))}
    </div>
  );
}
