"use client";

import { UrqlProvider, createClient, fetchExchange, ssrExchange, subscriptionExchange } from "@urql/next";
import { retryExchange } from "@urql/exchange-retry";
import { useState, type ReactNode } from "react";

import { graphcache } from "@/lib/graphcache";
import { createLiveClient, forwardLive, refetchExchange } from "@/lib/live";

const isServer = typeof window === "undefined";

/**
 * urql for client components. Requests go to /api/graphql on this origin (rewritten to the api) with the
 * httpOnly access cookie; page JavaScript never holds a token. During server rendering client components
 * do not fetch (they show their skeleton): server components fetch what the first paint needs with
 * `serverQuery` from lib/server/query.ts. Subscriptions go over graphql-ws on the same path
 * (lib/live.ts: reconnects by itself and resumes with `after`). Results are
 * normalised by Graphcache (lib/graphcache.ts); a query that met a dropped connection is tried twice more.
 */
function makeClient() {
  const ssr = ssrExchange({ isClient: !isServer });
  // refetchExchange first: it sees every query on screen, cached ones included.
  const exchanges = [refetchExchange, graphcache(), ssr];
  if (!isServer) {
    const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    const ws = createLiveClient(`${protocol}//${window.location.host}/api/graphql`);
    exchanges.push(
      retryExchange({
        initialDelayMs: 400,
        maxNumberAttempts: 3,
        // Queries only: a mutation may have been applied even when its answer was lost.
        retryIf: (error, operation) => Boolean(error.networkError) && operation.kind === "query",
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: forwardLive(ws),
      }),
    );
  }
  const client = createClient({
    url: "/api/graphql",
    exchanges,
    suspense: false,
    requestPolicy: "cache-and-network",
    // JSON POSTs only: the api accepts the cookie on nothing else (CSRF).
    preferGetMethod: false,
    fetchOptions: { credentials: "same-origin", headers: { "content-type": "application/json" } },
  });
  return { client, ssr };
}

export function GraphQLProvider({ children }: { children: ReactNode }) {
  const [{ client, ssr }] = useState(makeClient);
  return (
    <UrqlProvider client={client} ssr={ssr}>
      {children}
    </UrqlProvider>
  );
}
