"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback, useMemo, useState } from "react";
import { useClient, useQuery, type AnyVariables } from "urql";

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
 * A Relay connection with keyset pagination. The query asks for the first page; `loadMore()` asks for the
 * next one (`after: endCursor`), which Graphcache's `relayPagination` merges into the list the query
 * shows (lib/graphcache.ts). A mutation touching the list's type loads the first page again; changing
 * `variables` (search, sort, filter) starts over.
 */
export function useConnection<TData, TVariables extends AnyVariables & { after?: string | null }, TNode>({
  query,
  variables,
  select,
}: {
  query: TypedDocumentNode<TData, TVariables>;
  variables: TVariables;
  select: (data: TData) => Connection<TNode>;
}): ConnectionState<TNode> {
  const [result, reexecute] = useQuery({ query, variables });
  const client = useClient();
  const connection = result.data ? select(result.data) : null;
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreProblem, setMoreProblem] = useState<ApiProblem | null>(null);
  const edges = connection?.edges;
  const nodes = useMemo(() => edges?.map((edge) => edge.node) ?? [], [edges]);
  const endCursor = connection?.pageInfo.hasNextPage ? (connection.pageInfo.endCursor ?? null) : undefined;

  const loadMore = useCallback(() => {
    if (endCursor === undefined || loadingMore) return;
    setLoadingMore(true);
    void client
      .query(query, { ...variables, after: endCursor }, { requestPolicy: "network-only" })
      .toPromise()
      .then((answer) => {
        setLoadingMore(false);
        setMoreProblem(answer.error ? problemFromCombined(answer.error) : null);
        // The page is in the cache now; the list reads it from there.
        if (!answer.error) reexecute({ requestPolicy: "cache-first" });
      });
  }, [client, endCursor, loadingMore, query, reexecute, variables]);

  return {
    nodes,
    totalCount: connection?.totalCount ?? 0,
    hasNextPage: Boolean(connection?.pageInfo.hasNextPage),
    loading: !result.data && !result.error,
    refreshing: result.fetching && Boolean(result.data) && result.operation?.variables !== variables,
    loadingMore,
    problem: result.error ? problemFromCombined(result.error) : moreProblem,
    loadMore,
  };
}
