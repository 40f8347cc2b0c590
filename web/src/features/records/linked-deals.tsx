"use client";

import { Handshake } from "lucide-react";
import type { ReactNode } from "react";

import { Badge } from "@/components/ui/badge";
import type { LinkedDealFragment } from "@/gql/graphql";
import { formatMoney } from "@/lib/format";
import { LinkedEmpty, LinkedRow, RecordSection } from "@/features/records/record-layout";

export function dealAmount(amount: LinkedDealFragment["amount"]): string | null {
  if (!amount) return null;
  try {
    return formatMoney(amount.amountMicros, amount.currency);
  } catch {
    return `${amount.amountMicros} ${amount.currency}`;
  }
}

/** Won or lost, coloured; `label` names the closed stage when the pipeline calls it something else. */
export function StatusBadge({ status, label }: { status: LinkedDealFragment["status"]; label?: string }) {
  if (status === "WON") return <Badge tone="success">{label ?? "Won"}</Badge>;
  if (status === "LOST") return <Badge tone="danger">{label ?? "Lost"}</Badge>;
  return null;
}

/** Deals linked to a contact or a company: name, stage and amount. */
export function DealList({ deals }: { deals: readonly LinkedDealFragment[] }) {
  return (
    <ul>
      {deals.map((deal) => (
        <LinkedRow
          key={deal.id}
          href={`/deals/${deal.id}`}
          icon={
            <span className="flex size-6 shrink-0 items-center justify-center rounded-md bg-subtle text-ink-muted">
              <Handshake className="size-3.5" aria-hidden />
            </span>
          }
          name={deal.name}
          detail={[deal.stage.name, dealAmount(deal.amount)].filter(Boolean).join(" · ")}
          trailing={<StatusBadge status={deal.status} />}
        />
      ))}
    </ul>
  );
}

/** The "Deals" section of a contact or a company: its deals, or `empty`. */
export function DealsSection({
  deals,
  empty,
}: {
  deals: { totalCount: number; edges: readonly { node: LinkedDealFragment }[] };
  empty: ReactNode;
}) {
  return (
    <RecordSection title="Deals" count={deals.totalCount}>
      {deals.edges.length ? (
        <DealList deals={deals.edges.map(({ node }) => node)} />
      ) : (
        <LinkedEmpty>
          <Handshake className="mr-1 inline size-3.5" aria-hidden />
          {empty}
        </LinkedEmpty>
      )}
    </RecordSection>
  );
}
