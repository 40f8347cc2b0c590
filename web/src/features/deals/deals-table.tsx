"use client";

import { Handshake } from "lucide-react";
import { useMemo } from "react";

import { Avatar } from "@/components/ui/avatar";
import { Badge } from "@/components/ui/badge";
import type {
  BoardDealFragment,
  BulkDeleteDealsMutation,
  BulkUpdateDealsMutation,
  BulkUpdateDealsMutationVariables,
  DealsTableQuery,
  DealsTableQueryVariables,
} from "@/gql/graphql";
import { formatMoney } from "@/lib/format";
import { formatCloseDate, isOverdue } from "@/features/deals/deal-card";
import { BulkDeleteDealsDocument, BulkUpdateDealsDocument, DealsTableDocument } from "@/features/deals/documents";
import { DeleteDealDocument, RestoreDealDocument } from "@/features/records/documents";
import { RECORD_FILTERS } from "@/features/records/filters";
import { companyLink, muted, recordColumns, RecordsList, timeColumn, type RecordsListConfig } from "@/features/records/records-list";

type Stage = { id: string; name: string; kind: string };

function dealColumns(definitions: Parameters<RecordsListConfig<BoardDealFragment, unknown, { after?: string | null }>["columns"]>[0]) {
  return recordColumns<BoardDealFragment>({ href: (id) => `/deals/${id}` }, definitions, (column) =>
    column.columns([
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
          return amount ? <span className="tabular-nums">{formatMoney(amount.amountMicros, amount.currency)}</span> : muted("");
        },
      }),
      column.accessor((row) => row.company?.name ?? "", { id: "company", header: "Company", enableSorting: false, cell: (info) => companyLink(info.row.original.company) }),
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
            muted("")
          ),
      }),
      column.accessor((row) => row.expectedCloseDate ?? "", {
        id: "expectedCloseDate",
        header: "Expected close",
        cell: (info) => {
          const day = info.getValue();
          if (!day) return muted("");
          const late = info.row.original.status === "OPEN" && isOverdue(day);
          return <span className={late ? "text-danger" : "text-ink-muted"}>{formatCloseDate(day)}</span>;
        },
      }),
      column.accessor((row) => row.lostReason ?? "", { id: "lostReason", header: "Lost reason", enableSorting: false, cell: (info) => muted(info.getValue()) }),
      timeColumn(column, "createdAt", "Created"),
      timeColumn(column, "lastActivityAt", "Last activity"),
    ]),
  );
}

function dealsConfig(
  pipelineId: string,
  stages: readonly Stage[],
): RecordsListConfig<BoardDealFragment, DealsTableQuery, DealsTableQueryVariables, BulkUpdateDealsMutation, BulkUpdateDealsMutationVariables> {
  return {
    objectType: "DEAL",
    title: "Deals",
    noun: "deal",
    nouns: "deals",
    href: (id) => `/deals/${id}`,
    columnsKey: "rapport:columns:deals",
    query: DealsTableDocument,
    select: (data) => data.deals,
    deleteDocument: DeleteDealDocument,
    restoreDocument: RestoreDealDocument,
    bulkDelete: { document: BulkDeleteDealsDocument, result: (data) => (data as BulkDeleteDealsMutation).bulkDeleteDeals },
    bulk: {
      document: BulkUpdateDealsDocument,
      result: (data) => data.bulkUpdateDeals,
      edits: [{ id: "stage", label: "Stage", options: stages.map((stage) => ({ value: stage.id, label: stage.name })), input: (value) => ({ stageId: value }) }],
    },
    search: { fields: ["name"], placeholder: "Search deals", hint: "a company's deal name" },
    sortFields: { name: "NAME", amount: "AMOUNT", expectedCloseDate: "EXPECTED_CLOSE_DATE", createdAt: "CREATED_AT", lastActivityAt: "LAST_ACTIVITY_AT" },
    defaultSort: [{ id: "createdAt", desc: true }],
    nameColumnLabel: "Deal",
    defaultColumns: ["name", "stage", "amount", "company", "owner", "expectedCloseDate", "createdAt"],
    filterFields: [
      RECORD_FILTERS.name,
      { id: "stage", label: "Stage", kind: "select", apiField: "stageId", choices: stages.map((stage) => ({ value: stage.id, label: stage.name })) },
      RECORD_FILTERS.company,
      RECORD_FILTERS.owner,
      RECORD_FILTERS.createdAt,
    ],
    columns: dealColumns,
    empty: {
      icon: Handshake,
      writable: "No deals in this pipeline yet.",
      readOnly: "No deals in this pipeline yet.",
    },
    embedded: { baseFilter: { pipelineId: { eq: pipelineId } } },
  };
}

/** The deals of one pipeline as a records table: search, filters (custom fields too), columns, selection, bulk edit. */
export function DealsTable({ pipelineId, stages }: { pipelineId: string; stages: readonly Stage[] }) {
  const config = useMemo(() => dealsConfig(pipelineId, stages), [pipelineId, stages]);
  return <RecordsList key={pipelineId} config={config} />;
}
