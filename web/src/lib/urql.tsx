"use client";

import { UrqlProvider, cacheExchange, createClient, fetchExchange, ssrExchange, subscriptionExchange } from "@urql/next";
import { createClient as createWsClient } from "graphql-ws";
import { useState, type ReactNode } from "react";

const isServer = typeof window === "undefined";

/**
 * urql for client components. Requests go to /api/graphql on this origin (rewritten to the api) with the
 * httpOnly access cookie; page JavaScript never holds a token. During server rendering client components
 * do not fetch (they show their skeleton): server components fetch what the first paint needs with
 * `serverQuery` from lib/server/query.ts. Subscriptions go over graphql-ws on the same path.
 */
function makeClient() {
  const ssr = ssrExchange({ isClient: !isServer });
  const exchanges = [cacheExchange, ssr];
  if (!isServer) {
    const protocol = window.location.protocol === "https:" ? "wss:" : "ws:";
    const ws = createWsClient({ url: `${protocol}//${window.location.host}/api/graphql`, lazy: true, retryAttempts: 3 });
    exchanges.push(
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
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
