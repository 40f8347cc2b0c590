"use client";

import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { useCallback } from "react";
import { useClient, type AnyVariables } from "urql";

/**
 * Fetches a query again for the components showing it, after whatever request for it is in flight.
 * The document cache refetches after mutations on its own, but urql joins a refetch that is already in
 * flight, so a mutation landing meanwhile (the second of two quick saves, a batch of deletes) is missed.
 * This waits for that request, then sends one more; it resolves when the fresh answer is shown.
 */
export function useRefetch<TData, TVariables extends AnyVariables>(query: TypedDocumentNode<TData, TVariables>, variables: TVariables) {
  const client = useClient();
  return useCallback(async () => {
    // The first joins a request in flight (or sends one); the second is sent after it, so it sees every
    // mutation that has answered. Results reach every component showing the query.
    await client.query(query, variables, { requestPolicy: "network-only" }).toPromise();
    await client.query(query, variables, { requestPolicy: "network-only" }).toPromise();
  }, [client, query, variables]);
}
