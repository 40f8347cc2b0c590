"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useMemo, useState } from "react";
import { useClient, useQuery, type AnyVariables, type OperationContext } from "urql";

import { problemFromCombined, type ApiProblem } from "@/lib/api-errors";

export interface Connection<TNode> {
  edges: { node: TNode }[];
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  totalCount: number;
}

export interface ConnectionState<TNode> {
  nodes: TNode[];
  totalCount: number;
  hasNextPage: boolean;
  /** True until the first page arrives (show skeletons). */
  loading: boolean;
  /** True while a new first page loads over the old one (after a search or sort change). */
  refreshing: boolean;
  loadingMore: boolean;
  problem: ApiProblem | null;
  loadMore: () => void;
}

/**
 * A Relay connection with keyset pagination: the first page through urql (refetched when a mutation
 * touches `typenames`), further pages appended by `loadMore()` with `after: endCursor`. Changing
 * `variables` (search, sort, filter) starts over.
 */
export function useConnection<TData, TVariables extends AnyVariables & { after?: string | null }, TNode>({
  query,
  variables,
  select,
  typenames,
}: {
  query: TypedDocumentNode<TData, TVariables>;
  variables: TVariables;
  select: (data: TData) => Connection<TNode>;
  /** Types whose mutations make this list stale, e.g. ["Contact"]. */
  typenames: string[];
}): ConnectionState<TNode> {
  const context = useMemo<Partial<OperationContext>>(() => ({ additionalTypenames: typenames }), [typenames]);
  const [result] = useQuery({ query, variables, context });
  const client = useClient();
  const first = result.data ? select(result.data) : null;
  // Extra pages belong to one first page: a refetch or new variables drop them.
  const owner = first ? `${JSON.stringify(variables)}|${first.pageInfo.endCursor ?? ""}|${first.totalCount}` : "";
  const [extra, setExtra] = useState<{ owner: string; pages: Connection<TNode>[] }>({ owner: "", pages: [] });
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreProblem, setMoreProblem] = useState<ApiProblem | null>(null);
  const pages = useMemo(
    () => (first ? [first, ...(extra.owner === owner ? extra.pages : [])] : []),
    [first, extra, owner],
  );
  const last = pages[pages.length - 1];
  const hasNextPage = Boolean(last?.pageInfo.hasNextPage);

  const loadMore = useCallback(() => {
    if (!last?.pageInfo.hasNextPage || loadingMore) return;
    setLoadingMore(true);
    void client
      .query(query, { ...variables, after: last.pageInfo.endCursor ?? null }, { requestPolicy: "network-only" })
      .toPromise()
      .then((answer) => {
        setLoadingMore(false);
        if (answer.error) {
          setMoreProblem(problemFromCombined(answer.error));
          return;
        }
        if (!answer.data) return;
        const page = select(answer.data);
        setMoreProblem(null);
        setExtra((current) => ({ owner, pages: [...(current.owner === owner ? current.pages : []), page] }));
      });
  }, [client, last, loadingMore, owner, query, select, variables]);

  const nodes = useMemo(() => pages.flatMap((page) => page.edges.map((edge) => edge.node)), [pages]);
  return {
    nodes,
    totalCount: first?.totalCount ?? 0,
    hasNextPage,
    loading: !result.data && !result.error,
    refreshing: result.fetching && Boolean(result.data) && result.operation?.variables !== variables,
    loadingMore,
    problem: result.error ? problemFromCombined(result.error) : moreProblem,
    loadMore,
  };
}
