"use client";

import { DndContext, DragOverlay } from "@dnd-kit/core";
import { useState } from "react";

import { Button } from "@/components/ui/button";
import { FormError } from "@/components/ui/field";
import type { BoardDealFragment } from "@/gql/graphql";
import type { Board, Column } from "@/features/deals/board";
import { BoardColumn, BoardSkeleton } from "@/features/deals/board-column";
import { DealCardOverlay } from "@/features/deals/deal-card";
import { LostReasonDialog } from "@/features/deals/lost-reason-dialog";
import { useBoard } from "@/features/deals/use-board";
import { useBoardDrag } from "@/features/deals/use-board-drag";

export { BoardSkeleton, totalsText } from "@/features/deals/board-column";

/**
 * The kanban of one pipeline: its columns (useBoard reads them from Graphcache and moves cards; a deal
 * created elsewhere loads them again through the cache) and dragging between them with the mouse, touch
 * or the keyboard (useBoardDrag).
 */
export function DealsBoard({
  pipelineId,
  movable,
  onCreate,
}: {
  pipelineId: string;
  movable: boolean;
  onCreate?: ((stageId: string) => void) | undefined;
}) {
  const [lost, setLost] = useState<{ id: string; name: string } | null>(null);
  const { board, problem, retry, loadingMore, loadMore, move } = useBoard(pipelineId, setLost);

  if (problem) {
    return (
      <div className="grid justify-items-start gap-3 p-5 md:px-6">
        <FormError>{problem}</FormError>
        <Button size="sm" onClick={retry}>
          Try again
        </Button>
      </div>
    );
  }
  if (!board) return <BoardSkeleton />;
  return (
    <>
      <BoardColumns
        board={board}
        movable={movable}
        move={move}
        loadingMore={loadingMore}
        loadMore={loadMore}
        onCreate={onCreate}
      />
      <LostReasonDialog deal={lost} onClose={() => setLost(null)} />
    </>
  );
}

/** A loaded board's columns and the dragging of cards between them (useBoardDrag). */
export function BoardColumns({
  board,
  movable,
  move,
  loadingMore,
  loadMore,
  onCreate,
}: {
  board: Board;
  movable: boolean;
  move: (deal: BoardDealFragment, toStageId: string, position: number | null) => Promise<void>;
  /** The column whose next page is loading. */
  loadingMore: string | null;
  loadMore: (column: Column) => void;
  onCreate?: ((stageId: string) => void) | undefined;
}) {
  const { drag, dealsById, liftedId, spoken, context } = useBoardDrag(board, move);
  const activeDeal = drag ? dealsById.get(drag.id) : undefined;
  return (
    <DndContext {...context}>
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
