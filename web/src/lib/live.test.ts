import type { Sink, SubscribePayload } from "graphql-ws";
import { Client, fetchExchange, subscriptionExchange } from "urql";
import { describe, expect, it, vi } from "vitest";

import { ContactsListDocument } from "@/features/contacts/documents";
import { graphcache } from "@/lib/graphcache";
import { forwardLive, isRefetchRequired, refetchExchange } from "@/lib/live";

const REFETCH = [{ message: "Events after this id are no longer kept (retention).", extensions: { code: "REFETCH_REQUIRED" } }];
const FIRST = { first: 2, after: null, filter: null, orderBy: [] };
const SUBSCRIPTION = "subscription Changes($after: String) { recordChanged(after: $after) { eventId kind id } }";

/** A graphql-ws client stand-in: records each subscribe's variables and lets the test answer it. */
function stubLive() {
  const subscribed: Record<string, unknown>[] = [];
  const sinks: Sink[] = [];
  return {
    subscribed,
    sinks,
    subscribe(payload: SubscribePayload, sink: Sink) {
      subscribed.push({ ...(payload.variables ?? {}) });
      sinks.push(sink);
      return () => {};
    },
  };
}

/** A stub api that answers the contacts list and counts how often it was asked. */
function stubApi() {
  let asked = 0;
  const fetch = vi.fn(async () => {
    asked += 1;
    const data = {
      contacts: {
        __typename: "ContactConnection",
        totalCount: 0,
        pageInfo: { __typename: "PageInfo", hasNextPage: false, endCursor: null },
        edges: [],
      },
    };
    return new Response(JSON.stringify({ data }), { headers: { "content-type": "application/json" } });
  });
  return { fetch, count: () => asked };
}

/** The app's exchanges over the stubs, with the contacts list on screen (asked once). */
async function listOnScreen() {
  const api = stubApi();
  const live = stubLive();
  const client = new Client({
    url: "http://rapport.test/api/graphql",
    exchanges: [refetchExchange, graphcache(), fetchExchange, subscriptionExchange({ forwardSubscription: forwardLive(live) })],
    fetch: api.fetch,
    preferGetMethod: false,
  });
  const shown = client.query(ContactsListDocument, FIRST).subscribe(() => {});
  await vi.waitFor(() => expect(api.count()).toBe(1));
  return { api, live, client, shown };
}

describe("live: REFETCH_REQUIRED", () => {
  it("recognises the code in a subscription's error list and nothing else", () => {
    expect(isRefetchRequired(REFETCH)).toBe(true);
    expect(isRefetchRequired(REFETCH[0])).toBe(true);
    expect(isRefetchRequired([{ message: "No.", extensions: { code: "FORBIDDEN" } }])).toBe(false);
    expect(isRefetchRequired(new Error("socket closed"))).toBe(false);
    expect(isRefetchRequired(null)).toBe(false);
  });

  it("loads the queries on screen again and resubscribes without `after`", async () => {
    const { api, live, client, shown } = await listOnScreen();
    const events: unknown[] = [];
    const errors: unknown[] = [];
    const changes = client.subscription(SUBSCRIPTION, {}).subscribe((result) => {
      if (result.error) errors.push(result.error);
      else events.push(result.data);
    });
    await vi.waitFor(() => expect(live.sinks).toHaveLength(1));

    // An event, then the connection drops: graphql-ws resends the same payload, now with `after`.
    live.sinks[0]!.next({ data: { recordChanged: { __typename: "RecordChange", eventId: "41", kind: "CREATED", id: "c1" } }, extensions: { eventId: "41" } });
    await vi.waitFor(() => expect(events).toHaveLength(1));
    // The server refuses the resume: the list is asked again, the subscription opened again without `after`.
    live.sinks[0]!.error(REFETCH);

    await vi.waitFor(() => expect(api.count()).toBe(2));
    expect(live.subscribed).toEqual([{}, {}]);
    expect(errors).toEqual([]);
    live.sinks[1]!.next({ data: { recordChanged: { __typename: "RecordChange", eventId: "90", kind: "CREATED", id: "c2" } }, extensions: { eventId: "90" } });
    await vi.waitFor(() => expect(events).toHaveLength(2));
    changes.unsubscribe();
    shown.unsubscribe();
  });

  it("hands any other subscription error to the screen and loads nothing again", async () => {
    const { api, live, client, shown } = await listOnScreen();
    const errors: string[] = [];
    const changes = client.subscription(SUBSCRIPTION, {}).subscribe((result) => {
      if (result.error) errors.push(result.error.graphQLErrors.map((error) => error.extensions?.code).join());
    });
    await vi.waitFor(() => expect(live.sinks).toHaveLength(1));

    live.sinks[0]!.error([{ message: "No.", extensions: { code: "FORBIDDEN" } }]);

    await vi.waitFor(() => expect(errors).toEqual(["FORBIDDEN"]));
    expect(live.subscribed).toHaveLength(1);
    expect(api.count()).toBe(1);
    changes.unsubscribe();
    shown.unsubscribe();
  });
});
