"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import { useClient, useMutation } from "urql";

import { useToast } from "@/components/ui";
import type { BoardDealFragment } from "@/gql/graphql";
import { problemFromCombined } from "@/lib/api-errors";
import { columnFromStage, moveCard, replaceCard, withHeaders, type Board, type Column } from "@/features/deals/board";
import { BoardTotalsDocument, DealsBoardDocument, MoveDealDocument, StageDealsPageDocument } from "@/features/deals/documents";

const PAGE_SIZE = 25;

/** Where a card was before a move, to put it back when the api refuses the move. */
export interface Origin {
  fromStageId: string;
  fromIndex: number;
}

/**
 * The kanban's data: the columns of one pipeline with a first page each, more on demand (keyset), and
 * moves. A move shows at once (the card and the header figures), then calls moveDeal; a refusal puts the
 * card back with a toast. The header figures are fetched again once no move is in flight.
 */
export function useBoard(pipelineId: string, reloadKey: number) {
  const client = useClient();
  const toast = useToast();
  const [, moveDeal] = useMutation(MoveDealDocument);
  const [loaded, setLoaded] = useState<{ pipelineId: string; board: Board } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const inFlight = useRef(0);
  const board = loaded?.pipelineId === pipelineId ? loaded.board : null;

  const setBoard = useCallback(
    (update: (board: Board) => Board) =>
      setLoaded((current) => (current ? { ...current, board: update(current.board) } : current)),
    [],
  );

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

  const retry = useCallback(() => {
    setProblem(null);
    setAttempt((count) => count + 1);
  }, []);

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

  async function move(deal: BoardDealFragment, origin: Origin, toStageId: string, index: number, position: number | null) {
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

  return { board, problem, retry, loadingMore, loadMore, move };
}
