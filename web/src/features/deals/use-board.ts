"use client";

import { useCallback, useEffect, useMemo, useState } from "react";
import { useClient, useMutation, useQuery, useSubscription } from "urql";

import { useToast } from "@/components/ui/toast";
import type { BoardDealFragment } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { columnFromStage, type Board, type Column } from "@/features/deals/board";
import { DealsBoardDocument, MoveDealDocument, StageDealsPageDocument } from "@/features/deals/documents";
import { DealChangedDocument, DealMovedDocument } from "@/features/live/documents";
import { onReconnect } from "@/lib/live";

const PAGE_SIZE = 25;

/**
 * The kanban's data, all of it in Graphcache (lib/graphcache.ts): the columns of one pipeline with a first
 * page each, more on demand (`Stage.deals(after:)`, merged into the column by `relayPagination`), and
 * moves. A move shows at once through `moveDeal`'s optimistic answer and updater
 * (features/deals/board-cache.ts); when the api refuses it, Graphcache drops the optimistic answer, the
 * card is back where it was, and a toast says why. A dropped connection is tried again by the client's
 * retry exchange (lib/urql.tsx) before the board shows a problem.
 */
export function useBoard(pipelineId: string, onLost?: (deal: BoardDealFragment) => void) {
  const client = useClient();
  const toast = useToast();
  const [result, reexecute] = useQuery({ query: DealsBoardDocument, variables: { pipelineId, first: PAGE_SIZE } });
  const [, moveDeal] = useMutation(MoveDealDocument);
  // Teammates' moves, new, changed and deleted deals, written into the cached board (lib/live-cache.ts).
  useSubscription({ query: DealMovedDocument, variables: { pipelineId } });
  useSubscription({ query: DealChangedDocument });
  const [loadingMore, setLoadingMore] = useState<string | null>(null);

  const pipeline = result.data?.pipeline;
  const stages = pipeline?.stages;
  const board: Board | null = useMemo(() => (stages ? stages.map(columnFromStage) : null), [stages]);
  const problem = result.data
    ? pipeline
      ? null
      : "This pipeline no longer exists."
    : result.error
      ? problemFromCombined(result.error).message
      : null;

  const retry = useCallback(() => reexecute({ requestPolicy: "network-only" }), [reexecute]);
  // After the live connection was down, the board loads again: a move made meanwhile is not missed.
  useEffect(() => onReconnect(retry), [retry]);

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
        .then((answer) => {
          setLoadingMore(null);
          if (answer.error || !answer.data) {
            toast({
              title: "More deals could not be loaded",
              description: answer.error ? problemFromCombined(answer.error).message : undefined,
              tone: "error",
            });
          } else if (!answer.data.stage || answer.data.stage.deals.edges.length === 0) {
            // The stage was emptied or removed meanwhile: the column's page is out of date.
            reexecute({ requestPolicy: "network-only" });
          } else {
            // The page is in the cache now; the column reads it from there.
            reexecute({ requestPolicy: "cache-first" });
          }
        });
    },
    [client, loadingMore, reexecute, toast],
  );

  const move = useCallback(
    async (deal: BoardDealFragment, toStageId: string, position: number | null) => {
      const answer = await moveDeal({ id: deal.id, stageId: toStageId, position });
      if (answer.error || !answer.data) {
        toast({
          title: `${deal.name} was not moved`,
          description: answer.error ? problemFromCombined(answer.error).message : undefined,
          tone: "error",
        });
      } else if (answer.data.moveDeal.stage.kind === "LOST" && deal.stage.kind !== "LOST") {
        onLost?.(deal);
      }
    },
    [moveDeal, toast, onLost],
  );

  return { board, problem, retry, loadingMore, loadMore, move };
}
