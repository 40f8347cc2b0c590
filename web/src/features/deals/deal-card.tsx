"use client";

import Link from "next/link";
import { Building2, CalendarDays, GripVertical } from "lucide-react";
import { useSortable } from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import type { CSSProperties, HTMLAttributes, ReactNode } from "react";

import { Avatar } from "@/components/ui/avatar";
import type { BoardDealFragment } from "@/gql/graphql";
import { cn } from "@/lib/cn";
import { formatMoney } from "@/lib/format";

/** "Mar 3" this year, "Mar 3, 2027" otherwise; the date is a calendar day (no time zone shift). */
export function formatCloseDate(isoDay: string, today: Date = new Date()): string {
  const [year, month, day] = isoDay.split("-").map(Number);
  const date = new Date(year!, (month ?? 1) - 1, day ?? 1);
  return new Intl.DateTimeFormat("en-US", {
    month: "short",
    day: "numeric",
    ...(year === today.getFullYear() ? {} : { year: "numeric" }),
  }).format(date);
}

export function isOverdue(isoDay: string, today: Date = new Date()): boolean {
  const local = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, "0")}-${String(today.getDate()).padStart(2, "0")}`;
  return isoDay < local;
}

/** What a card shows: name (a link to the deal), company, amount, expected close date, owner. */
export function DealCardBody({
  deal,
  handle,
}: {
  deal: BoardDealFragment;
  /** The drag handle, for those who may move deals. */
  handle?: ReactNode;
}) {
  const overdue = deal.status === "OPEN" && deal.expectedCloseDate ? isOverdue(deal.expectedCloseDate) : false;
  return (
    <>
      <div className="flex items-start gap-1.5">
        <Link
          href={`/deals/${deal.id}`}
          draggable={false}
          className="min-w-0 flex-1 font-medium leading-5 break-words hover:text-accent hover:underline focus-visible:underline"
        >
          {deal.name}
        </Link>
        {handle}
      </div>
      {deal.company ? (
        <div className="mt-1 flex items-center gap-1.5 text-[13px] text-ink-muted">
          <Building2 className="size-3.5 shrink-0 text-ink-faint" aria-hidden />
          <span className="truncate">{deal.company.name}</span>
        </div>
      ) : null}
      <div className="mt-2.5 flex items-center gap-2 text-[13px]">
        <span className={cn("font-medium tabular-nums", !deal.amount && "text-ink-faint")}>
          {deal.amount ? formatMoney(deal.amount.amountMicros, deal.amount.currency) : "No amount"}
        </span>
        {deal.expectedCloseDate ? (
          <span
            className={cn("flex items-center gap-1 text-ink-muted", overdue && "text-danger")}
            title={overdue ? "Expected close date has passed" : "Expected close date"}
          >
            <CalendarDays className="size-3.5" aria-hidden />
            <span className="sr-only">{overdue ? "Overdue, expected to close" : "Expected to close"}</span>
            {formatCloseDate(deal.expectedCloseDate)}
          </span>
        ) : null}
        {deal.owner ? (
          <span className="ml-auto" title={`Owner: ${deal.owner.user.name}`}>
            <Avatar name={deal.owner.user.name} className="size-5 rounded-full text-[10px]" />
            <span className="sr-only">Owner: {deal.owner.user.name}</span>
          </span>
        ) : null}
      </div>
    </>
  );
}

const CARD = "rounded-lg border border-line bg-canvas p-3 shadow-xs";

/** A card in a column; sortable with the mouse or touch anywhere on it, and with the keyboard from its handle. */
export function SortableDealCard({
  deal,
  movable,
  lifted = false,
}: {
  deal: BoardDealFragment;
  movable: boolean;
  /** Lifted with the keyboard: it stays visible where it would land, ringed. */
  lifted?: boolean;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({
    id: deal.id,
    data: { type: "deal" },
    disabled: !movable,
  });
  const style: CSSProperties = { transform: CSS.Translate.toString(transform), transition };
  // Mouse and touch start a drag from anywhere on the card; the keyboard from the handle only, so Enter
  // on the deal's link still opens it.
  const { onKeyDown, ...pointerListeners } = (listeners ?? {}) as HTMLAttributes<HTMLElement>;
  return (
    <li
      ref={setNodeRef}
      style={style}
      data-testid="deal-card"
      data-deal-id={deal.id}
      {...(movable ? pointerListeners : {})}
      className={cn(
        CARD,
        "group list-none",
        movable && "cursor-grab touch-manipulation active:cursor-grabbing",
        isDragging && !lifted && "border-dashed border-line-strong bg-subtle opacity-50 shadow-none [&>*]:invisible",
        lifted && "relative z-10 shadow-pop ring-2 ring-accent",
      )}
    >
      <DealCardBody
        deal={deal}
        handle={
          movable ? (
            <button
              type="button"
              ref={setActivatorNodeRef}
              {...attributes}
              onKeyDown={onKeyDown}
              aria-label={`Move ${deal.name}`}
              aria-roledescription="draggable deal"
              className="-mt-0.5 -mr-1.5 cursor-grab rounded p-0.5 text-ink-faint opacity-60 transition-opacity group-hover:opacity-100 hover:bg-subtle hover:text-ink focus-visible:opacity-100"
            >
              <GripVertical className="size-4" />
            </button>
          ) : null
        }
      />
    </li>
  );
}

/**
 * The card that follows the pointer while dragging. It fills the overlay, which dnd-kit sizes like the
 * card; the tilt is on this inner box so the overlay's own rectangle (what collisions and the keyboard's
 * arrow targets are measured from) stays exactly where the card is.
 */
export function DealCardOverlay({ deal }: { deal: BoardDealFragment }) {
  return (
    <div className={cn(CARD, "h-full w-full cursor-grabbing shadow-pop rotate-[1.5deg]")}>
      <DealCardBody deal={deal} />
    </div>
  );
}
