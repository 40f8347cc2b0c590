"use client";

import { Handshake, KanbanSquare, Plus, Rows3 } from "lucide-react";
import dynamic from "next/dynamic";
import Link from "next/link";
import { useCallback, useState, useSyncExternalStore } from "react";
import { useQuery } from "urql";

import { Button } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";
import { FormError } from "@/components/ui/field";
import { Select } from "@/components/ui/select";
import { PageHeader } from "@/features/shell/app-shell";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { plural } from "@/lib/format";
import { canManage, useCanWrite, useViewer } from "@/lib/viewer";
import { TableSkeleton } from "@/components/table-skeleton";
import { BoardSkeleton, DealsBoard } from "@/features/deals/deals-board";
import { ExportButton } from "@/features/importer/export-button";
import { ImportButton } from "@/features/importer/import-button";
import { PipelineDealCountDocument } from "@/features/deals/documents";
import { PipelineOptionsDocument } from "@/features/records/documents";

// The board is what the page opens on; the table (the records list, TanStack Table, its filters and bulk
// actions) is a chunk of its own, fetched when the table is shown, and so is the new-deal form, fetched
// when it first opens.
const DealsTable = dynamic(() => import("@/features/deals/deals-table").then((module) => module.DealsTable), {
  ssr: false,
  loading: () => <TableSkeleton columns={5} />,
});
const CreateDealSheet = dynamic(() => import("@/features/deals/create-deal-sheet").then((module) => module.CreateDealSheet), {
  ssr: false,
});

type View = "board" | "table";
const VIEW_KEY = "rapport.deals.view";
const PIPELINE_KEY = "rapport.deals.pipeline";
const CURRENCY_KEY = "rapport.deals.currency";

// The chosen view and pipeline live in localStorage, so the page opens the way it was left.
const listeners = new Set<() => void>();
function subscribe(listener: () => void) {
  listeners.add(listener);
  window.addEventListener("storage", listener);
  return () => {
    listeners.delete(listener);
    window.removeEventListener("storage", listener);
  };
}
function remember(key: string, value: string) {
  try {
    window.localStorage.setItem(key, value);
  } catch {
    // Private mode: the choice just is not remembered.
  }
  listeners.forEach((listener) => listener());
}
function useRemembered(key: string): string | null {
  return useSyncExternalStore(
    subscribe,
    () => {
      try {
        return window.localStorage.getItem(key);
      } catch {
        return null;
      }
    },
    () => null,
  );
}

function ViewToggle({ view, onChange }: { view: View; onChange: (view: View) => void }) {
  const options = [
    { value: "board" as const, label: "Board", icon: KanbanSquare },
    { value: "table" as const, label: "Table", icon: Rows3 },
  ];
  return (
    <div role="group" aria-label="View" className="inline-flex h-8 rounded-md border border-line bg-subtle p-0.5">
      {options.map(({ value, label, icon: Icon }) => (
        <button
          key={value}
          type="button"
          aria-pressed={view === value}
          onClick={() => onChange(value)}
          className={cn(
            "inline-flex cursor-pointer items-center gap-1.5 rounded px-2.5 text-[13px] font-medium text-ink-muted transition-colors hover:text-ink",
            view === value && "bg-canvas text-ink shadow-xs",
          )}
        >
          <Icon className="size-3.5" />
          <span className="max-sm:sr-only">{label}</span>
        </button>
      ))}
    </div>
  );
}

/** Deals: a kanban (or a table) of one pipeline, a pipeline switcher, and a panel to create deals. */
export function DealsPage({ initialPipelineId }: { initialPipelineId: string | null }) {
  const writable = useCanWrite();
  const manager = canManage(useViewer().role);
  const [chosen, setChosen] = useState<string | null>(initialPipelineId);
  const rememberedPipeline = useRemembered(PIPELINE_KEY);
  const currency = useRemembered(CURRENCY_KEY) ?? "USD";
  const view: View = useRemembered(VIEW_KEY) === "table" ? "table" : "board";
  const [creating, setCreating] = useState<{ stageId: string | null } | null>(null);
  // The form's chunk loads when it first opens; it stays mounted after, so that it closes as it opened.
  const [createOpened, setCreateOpened] = useState(false);
  if (creating && !createOpened) setCreateOpened(true);
  const [pipelines] = useQuery({ query: PipelineOptionsDocument });
  const list = pipelines.data?.pipelines ?? [];
  const pipeline =
    list.find((item) => item.id === chosen) ??
    list.find((item) => item.id === rememberedPipeline) ??
    list.find((item) => item.isDefault) ??
    list[0];
  const [count] = useQuery({
    query: PipelineDealCountDocument,
    variables: { pipelineId: pipeline?.id ?? "" },
    pause: !pipeline,
  });
  const total = pipeline && count.data && count.operation?.variables.pipelineId === pipeline.id ? count.data.deals.totalCount : null;

  const choosePipeline = useCallback((id: string) => {
    setChosen(id);
    remember(PIPELINE_KEY, id);
    window.history.replaceState(null, "", `/deals?pipeline=${id}`);
  }, []);

  const openStages = pipeline?.stages ?? [];
  const defaultStage = openStages.find((stage) => stage.kind === "OPEN")?.id ?? null;
  const newButton = writable && pipeline ? (
    <Button variant="primary" onClick={() => setCreating({ stageId: null })}>
      <Plus />
      New deal
    </Button>
  ) : null;

  const description =
    total === null ? "\u00a0" : `${plural(total, "deal")} in ${pipeline?.name ?? "this pipeline"}`;
  return (
    <div className={cn("flex flex-col", view === "board" && total !== 0 && "h-[calc(100dvh-3rem)] md:h-dvh")}>
      <PageHeader
        title="Deals"
        description={description}
        actions={
          <>
            {list.length > 1 ? (
              <Select
                aria-label="Pipeline"
                options={list.map((item) => ({ value: item.id, label: item.name }))}
                value={pipeline?.id ?? ""}
                onValueChange={choosePipeline}
                className="w-36 sm:w-44"
              />
            ) : null}
            <ViewToggle view={view} onChange={(next) => remember(VIEW_KEY, next)} />
            {writable ? <ImportButton href="/deals/import" /> : null}
            <ExportButton objectType="DEAL" filter={pipeline ? { pipelineId: { eq: pipeline.id } } : null} />
            {newButton}
          </>
        }
      />
      {pipelines.error ? (
        <div className="p-5 md:px-6">
          <FormError>{problemFromCombined(pipelines.error).message}</FormError>
        </div>
      ) : !pipeline ? (
        pipelines.data ? (
          <EmptyState
            icon={Handshake}
            title="No pipeline yet"
            description={
              manager
                ? "Deals move through the stages of a pipeline. Create one in Settings first."
                : "Deals move through the stages of a pipeline. An admin needs to create one first."
            }
            action={
              manager ? (
                <Button asChild>
                  <Link href="/settings/pipelines">Set up pipelines</Link>
                </Button>
              ) : null
            }
          />
        ) : (
          <BoardSkeleton />
        )
      ) : total === 0 ? (
        <EmptyState
          icon={Handshake}
          title="No deals yet"
          description={
            writable
              ? `Deals are the opportunities you work on. Create the first one, then drag it through ${new Intl.ListFormat("en", {
                  type: "conjunction",
                }).format(pipeline.stages.filter((stage) => stage.kind === "OPEN").map((stage) => stage.name))} to a win.`
              : `Deals are the opportunities your team works on. None are in ${pipeline.name} yet.`
          }
          action={newButton}
        />
      ) : view === "board" ? (
        <DealsBoard
          key={`board-${pipeline.id}`}
          pipelineId={pipeline.id}
          movable={writable}
          onCreate={writable ? (stageId) => setCreating({ stageId }) : undefined}
        />
      ) : (
        <DealsTable pipelineId={pipeline.id} stages={pipeline.stages} />
      )}
      {writable && pipeline && createOpened ? (
        <CreateDealSheet
          key={`sheet-${pipeline.id}`}
          open={creating !== null}
          onOpenChange={(open) => !open && setCreating(null)}
          pipelineId={pipeline.id}
          stages={pipeline.stages}
          initialStageId={creating?.stageId ?? defaultStage}
          defaultCurrency={currency}
          onCreated={(deal) => {
            if (deal.amount) remember(CURRENCY_KEY, deal.amount.currency);
          }}
        />
      ) : null}
    </div>
  );
}
