"use client";

import { Plus } from "lucide-react";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useClient, useMutation } from "urql";
import {
  DndContext,
  DragOverlay,
  KeyboardSensor,
  MouseSensor,
  TouchSensor,
  closestCenter,
  getFirstCollision,
  pointerWithin,
  rectIntersection,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type DragEndEvent,
  type DragOverEvent,
  type DragStartEvent,
  type UniqueIdentifier,
} from "@dnd-kit/core";
import { SortableContext, arrayMove, verticalListSortingStrategy } from "@dnd-kit/sortable";

import { Button, FormError, Skeleton, useToast } from "@/components/ui";
import type { BoardDealFragment } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { cn } from "@/lib/cn";
import { formatMoney, plural } from "@/lib/format";
import {
  columnFromStage,
  columnOf,
  findDeal,
  layoutOf,
  moveCard,
  moveInLayout,
  positionBetween,
  replaceCard,
  stepInLayout,
  withHeaders,
  type Arrow,
  type Board,
  type Column,
  type Layout,
} from "@/features/deals/board";
import { DealCardOverlay, SortableDealCard } from "@/features/deals/deal-card";
import { BoardTotalsDocument, DealsBoardDocument, MoveDealDocument, StageDealsPageDocument } from "@/features/deals/documents";

const PAGE_SIZE = 25;

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

function BoardColumn({
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
    <div className="flex gap-3 overflow-hidden p-4 md:px-6" aria-busy="true" aria-label="Loading the board">
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

interface Drag {
  id: string;
  fromStageId: string;
  fromIndex: number;
  layout: Layout;
  /** Lifted with the keyboard: the arrows move the card itself from column to column (see below). */
  keyboard: boolean;
}

const ARROWS = new Set<string>(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight"]);

/**
 * The kanban of one pipeline. Columns load a first page each and more on demand (keyset). A drop moves
 * the card and the header figures at once, then calls moveDeal; an error moves it back with a toast.
 */
export function DealsBoard({
  pipelineId,
  movable,
  reloadKey,
  onCreate,
}: {
  pipelineId: string;
  movable: boolean;
  /** Bumped by the page after a deal was created, to load the board again. */
  reloadKey: number;
  onCreate?: ((stageId: string) => void) | undefined;
}) {
  const client = useClient();
  const toast = useToast();
  const [, moveDeal] = useMutation(MoveDealDocument);
  const [loaded, setLoaded] = useState<{ pipelineId: string; board: Board } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const [drag, setDrag] = useState<Drag | null>(null);
  const inFlight = useRef(0);
  const board = loaded?.pipelineId === pipelineId ? loaded.board : null;

  const setBoard = useCallback(
    (update: (board: Board) => Board) =>
      setLoaded((current) => (current ? { ...current, board: update(current.board) } : current)),
    [],
  );

  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let cancelled = false;
    // A dropped connection is tried again by the client's retry exchange (lib/urql.tsx) before this answers.
    void client
      .query(DealsBoardDocument, { pipelineId, first: PAGE_SIZE }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        if (cancelled) return;
        if (result.error || !result.data?.pipeline) {
          setProblem(result.error ? problemFromCombined(result.error).message : "This pipeline no longer exists.");
          return;
        }
        setProblem(null);
        const next = result.data.pipeline.stages.map((stage) =>
          columnFromStage(stage, {
            deals: stage.deals.edges.map((edge) => edge.node),
            hasNextPage: stage.deals.pageInfo.hasNextPage,
            endCursor: stage.deals.pageInfo.endCursor ?? null,
          }),
        );
        setLoaded({ pipelineId, board: next });
      });
    return () => {
      cancelled = true;
    };
  }, [client, pipelineId, reloadKey, attempt]);

  const settleHeaders = useCallback(() => {
    void client
      .query(BoardTotalsDocument, { pipelineId }, { requestPolicy: "network-only" })
      .toPromise()
      .then((result) => {
        const stages = result.data?.pipeline?.stages;
        if (stages && inFlight.current === 0) setBoard((current) => withHeaders(current, stages));
      });
  }, [client, pipelineId, setBoard]);

  const loadMore = useCallback(
    (column: Column) => {
      if (!column.hasNextPage || loadingMore) return;
      setLoadingMore(column.id);
      void client
        .query(
          StageDealsPageDocument,
          { stageId: column.id, first: PAGE_SIZE, after: column.endCursor },
          { requestPolicy: "network-only" },
        )
        .toPromise()
        .then((result) => {
          setLoadingMore(null);
          if (result.error || !result.data) {
            toast({ title: "More deals could not be loaded", description: result.error ? problemFromCombined(result.error).message : undefined, tone: "error" });
            return;
          }
          const page = result.data.deals;
          setBoard((current) =>
            current.map((item) => {
              if (item.id !== column.id) return item;
              const known = new Set(item.deals.map((deal) => deal.id));
              return {
                ...item,
                deals: [...item.deals, ...page.edges.map((edge) => edge.node).filter((deal) => !known.has(deal.id))],
                hasNextPage: page.pageInfo.hasNextPage,
                endCursor: page.pageInfo.endCursor ?? null,
              };
            }),
          );
        });
    },
    [client, loadingMore, setBoard, toast],
  );

  // Keyboard drags: dnd-kit's KeyboardSensor lifts (Space/Enter), drops and cancels (Escape), but its
  // arrow keys move by coordinates and, in a board that scrolls sideways, scroll the board instead of
  // moving the card. So the arrows move the card through the layout here, one column or one place at a
  // time, and the sensor is told there is nothing to move.
  const dragRef = useRef<Drag | null>(null);
  const orderRef = useRef<string[]>([]);
  const namesRef = useRef<Map<string, string>>(new Map());
  useEffect(() => {
    dragRef.current = drag;
    orderRef.current = (board ?? []).map((column) => column.id);
    namesRef.current = new Map((board ?? []).flatMap((column) => [[column.id, column.name] as const, ...column.deals.map((deal) => [deal.id, deal.name] as const)]));
  });
  const [spoken, setSpoken] = useState("");
  const keyboardCoordinates: KeyboardCoordinateGetter = useCallback((event) => {
    if (!ARROWS.has(event.code)) return undefined;
    event.preventDefault();
    const current = dragRef.current;
    if (!current?.keyboard) return undefined;
    const step = stepInLayout(current.layout, orderRef.current, current.id, event.code as Arrow);
    const name = namesRef.current.get(current.id) ?? "The deal";
    if (!step) {
      setSpoken(`${name} cannot go further that way.`);
      return undefined;
    }
    const next = { ...current, layout: step.layout };
    dragRef.current = next;
    setDrag(next);
    setSpoken(
      `${name} is in ${namesRef.current.get(step.columnId) ?? "the next stage"}, ${step.index + 1} of ${step.layout[step.columnId]!.length}.`,
    );
    return undefined;
  }, []);
  const sensors = useSensors(
    useSensor(MouseSensor, { activationConstraint: { distance: 5 } }),
    useSensor(TouchSensor, { activationConstraint: { delay: 200, tolerance: 8 } }),
    useSensor(KeyboardSensor, { coordinateGetter: keyboardCoordinates }),
  );

  // Keep the lifted card in sight as it moves through the columns.
  const liftedId = drag?.keyboard ? drag.id : null;
  const liftedLayout = drag?.keyboard ? drag.layout : null;
  useEffect(() => {
    if (!liftedId || !liftedLayout) return;
    document
      .querySelector(`[data-deal-id="${CSS.escape(liftedId)}"]`)
      ?.scrollIntoView({ block: "nearest", inline: "nearest" });
  }, [liftedId, liftedLayout]);

  const dealsById = useMemo(
    () => new Map((board ?? []).flatMap((column) => column.deals.map((deal) => [deal.id, deal] as const))),
    [board],
  );
  const stageName = useCallback(
    (id: UniqueIdentifier | undefined) => {
      if (id === undefined || !board) return "";
      const key = String(id);
      const columnId = drag ? columnOf(drag.layout, key) : (findDeal(board, key)?.column.id ?? key);
      return board.find((column) => column.id === (columnId ?? key))?.name ?? "";
    },
    [board, drag],
  );

  // A card that just changed columns makes both columns change size, which can make the pointer seem to
  // be over the old column again; for one frame after a move the last target holds (dnd-kit's own recipe).
  const lastOverId = useRef<UniqueIdentifier | null>(null);
  const justMoved = useRef(false);
  const layout = drag?.layout;
  const keyboardDrag = drag?.keyboard ?? false;
  useEffect(() => {
    const frame = requestAnimationFrame(() => {
      justMoved.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [layout]);

  const collisionDetection: CollisionDetection = useCallback(
    (args) => {
      if (!layout) return closestCenter(args);
      // A keyboard drag is placed by the layout alone: over itself, nothing shifts around it.
      if (keyboardDrag) return [{ id: args.active.id }];
      const pointer = pointerWithin(args);
      const hits = pointer.length > 0 ? pointer : rectIntersection(args);
      let overId = getFirstCollision(hits, "id");
      if (overId != null) {
        const inColumn = layout[String(overId)];
        if (inColumn && inColumn.length > 0) {
          // Over a column's free space: the nearest of its cards is the target.
          overId =
            closestCenter({
              ...args,
              droppableContainers: args.droppableContainers.filter((item) => inColumn.includes(String(item.id))),
            })[0]?.id ?? overId;
        }
        lastOverId.current = overId;
        return [{ id: overId }];
      }
      if (justMoved.current) lastOverId.current = args.active.id;
      return lastOverId.current != null ? [{ id: lastOverId.current }] : [];
    },
    [layout, keyboardDrag],
  );

  function dragStart({ active, activatorEvent }: DragStartEvent) {
    if (!board) return;
    const id = String(active.id);
    const found = findDeal(board, id);
    if (!found) return;
    const next = {
      id,
      fromStageId: found.column.id,
      fromIndex: found.index,
      layout: layoutOf(board),
      keyboard: activatorEvent instanceof KeyboardEvent,
    };
    dragRef.current = next;
    setSpoken("");
    setDrag(next);
  }

  function dragOver({ active, over }: DragOverEvent) {
    if (!over || dragRef.current?.keyboard) return;
    const overId = String(over.id);
    const below = Boolean(
      active.rect.current.translated && active.rect.current.translated.top > over.rect.top + over.rect.height / 2,
    );
    setDrag((current) => {
      if (!current) return current;
      const from = columnOf(current.layout, current.id);
      const to = columnOf(current.layout, overId);
      if (!from || !to || from === to) return current;
      justMoved.current = true;
      const ids = current.layout[to]!;
      const index = overId === to ? ids.length : ids.indexOf(overId) + (below ? 1 : 0);
      return { ...current, layout: moveInLayout(current.layout, current.id, to, index) };
    });
  }

  function dragEnd({ over }: DragEndEvent) {
    const current = dragRef.current ?? drag;
    dragRef.current = null;
    setDrag(null);
    if (!current || !over || !board) return;
    let layout = current.layout;
    const toStageId = columnOf(layout, current.id);
    if (!toStageId) return;
    const overId = String(over.id);
    const ids = layout[toStageId]!;
    if (overId !== toStageId && overId !== current.id && ids.includes(overId)) {
      layout = { ...layout, [toStageId]: arrayMove(ids, ids.indexOf(current.id), ids.indexOf(overId)) };
    }
    const finalIds = layout[toStageId]!;
    const index = finalIds.indexOf(current.id);
    if (toStageId === current.fromStageId && index === current.fromIndex) return;
    const deal = dealsById.get(current.id);
    if (!deal) return;
    const before = finalIds[index - 1];
    const after = finalIds[index + 1];
    const position = positionBetween(
      before ? dealsById.get(before)?.position : undefined,
      after ? dealsById.get(after)?.position : undefined,
    );
    void commitMove(deal, current, toStageId, index, position);
  }

  async function commitMove(deal: BoardDealFragment, origin: Drag, toStageId: string, index: number, position: number | null) {
    setBoard((current) => moveCard(current, deal.id, toStageId, index, position ?? deal.position));
    inFlight.current += 1;
    const result = await moveDeal({ id: deal.id, stageId: toStageId, position });
    inFlight.current -= 1;
    if (result.error || !result.data) {
      setBoard((current) => moveCard(current, deal.id, origin.fromStageId, origin.fromIndex, deal.position));
      toast({
        title: `${deal.name} was not moved`,
        description: result.error ? problemFromCombined(result.error).message : undefined,
        tone: "error",
      });
    } else {
      const settled = result.data.moveDeal;
      setBoard((current) => replaceCard(current, settled));
    }
    if (inFlight.current === 0) settleHeaders();
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) =>
      `Picked up ${dealsById.get(String(active.id))?.name ?? "the deal"} in ${stageName(active.id)}. Move it with the arrow keys, drop it with Space, cancel with Escape.`,
    // Over itself (the moment it is picked up) is not news.
    onDragOver: ({ active, over }) =>
      over && over.id !== active.id
        ? `${dealsById.get(String(active.id))?.name ?? "The deal"} is over ${stageName(over.id)}.`
        : undefined,
    onDragEnd: ({ active, over }) =>
      over
        ? `${dealsById.get(String(active.id))?.name ?? "The deal"} dropped in ${stageName(over.id)}.`
        : `${dealsById.get(String(active.id))?.name ?? "The deal"} dropped where it was.`,
    onDragCancel: ({ active }) => `Moving ${dealsById.get(String(active.id))?.name ?? "the deal"} was cancelled.`,
  };

  if (problem) {
    return (
      <div className="grid justify-items-start gap-3 p-5 md:px-6">
        <FormError>{problem}</FormError>
        <Button
          size="sm"
          onClick={() => {
            setProblem(null);
            setAttempt((count) => count + 1);
          }}
        >
          Try again
        </Button>
      </div>
    );
  }
  if (!board) return <BoardSkeleton />;

  const activeDeal = drag ? dealsById.get(drag.id) : undefined;
  return (
    <DndContext
      sensors={sensors}
      collisionDetection={collisionDetection}
      onDragStart={dragStart}
      onDragOver={dragOver}
      onDragEnd={dragEnd}
      onDragCancel={() => {
        dragRef.current = null;
        setDrag(null);
      }}
      accessibility={{
        announcements,
        screenReaderInstructions: {
          draggable:
            "To move a deal, press Space or Enter on its handle, use the arrow keys to choose a stage and a place, then press Space or Enter to drop it. Escape cancels.",
        },
      }}
    >
      <div className="min-h-0 flex-1 overflow-x-auto overscroll-x-contain" data-testid="deals-board">
        <div className="flex h-full items-start gap-3 p-4 md:px-6">
          {board.map((column) => {
            const ids = drag ? (drag.layout[column.id] ?? []) : null;
            const deals = ids ? ids.flatMap((id) => dealsById.get(id) ?? []) : column.deals;
            return (
              <BoardColumn
                key={column.id}
                column={column}
                deals={deals}
                movable={movable}
                liftedId={liftedId}
                loadingMore={loadingMore === column.id}
                onLoadMore={() => loadMore(column)}
                onCreate={onCreate ? () => onCreate(column.id) : undefined}
              />
            );
          })}
        </div>
      </div>
      <DragOverlay dropAnimation={{ duration: 150, easing: "cubic-bezier(0.16, 1, 0.3, 1)" }}>
        {activeDeal && !drag?.keyboard ? <DealCardOverlay deal={activeDeal} /> : null}
      </DragOverlay>
      <div id="deals-board-announcer" role="status" aria-live="assertive" aria-atomic="true" className="sr-only">
        {spoken}
      </div>
    </DndContext>
  );
}
