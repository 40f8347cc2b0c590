import { Client, fetchExchange, subscriptionExchange, type ExecutionResult } from "urql";
import { describe, expect, it, vi } from "vitest";

import { DealsBoardDocument, MoveDealDocument, StageDealsPageDocument } from "@/features/deals/documents";
import { DealMovedDocument } from "@/features/live/documents";
import { columnFromStage } from "@/features/deals/board";
import { graphcache } from "@/lib/graphcache";

interface StubDeal {
  id: string;
  stageId: string;
  position: number;
  amount: [string, string] | null;
}

const STAGES = [
  { id: "lead", name: "Lead", kind: "OPEN" },
  { id: "proposal", name: "Proposal", kind: "OPEN" },
  { id: "won", name: "Won", kind: "WON" },
] as const;

function stageOf(id: string) {
  return STAGES.find((stage) => stage.id === id)!;
}

/** A deal as the api answers it (the `BoardDeal` fragment). */
function node(deal: StubDeal) {
  const stage = stageOf(deal.stageId);
  return {
    __typename: "Deal",
    id: deal.id,
    name: `Deal ${deal.id}`,
    position: deal.position,
    status: stage.kind,
    lostReason: null,
    customFields: {},
    expectedCloseDate: null,
    createdAt: "2026-01-01T00:00:00Z",
    lastActivityAt: null,
    amount: deal.amount ? { __typename: "Money", amountMicros: deal.amount[0], currency: deal.amount[1] } : null,
    stage: { __typename: "Stage", ...stage },
    company: null,
    owner: null,
  };
}

/**
 * A stub api over one pipeline: answers the board (a first page per column), the next page of a column
 * (`after` is how many of its deals came before) and moveDeal, which it refuses while `refuse` is set.
 * Records what it was sent; `hold` keeps moveDeal's answer back (a slow network) until it resolves.
 */
function stubApi(deals: StubDeal[]) {
  // The live connection: `live.push` delivers an event to the `dealMoved` subscriptions held.
  const sinks = new Set<{ next(value: ExecutionResult): void }>();
  const live = { push: (data: Record<string, unknown>) => sinks.forEach((sink) => sink.next({ data })) };
  const asked: string[] = [];
  const control: { refuse: boolean; hold: Promise<void> | null } = { refuse: false, hold: null };
  const column = (stageId: string) => deals.filter((deal) => deal.stageId === stageId).sort((a, b) => a.position - b.position);
  const page = (stageId: string, first: number, after: string | null) => {
    const all = column(stageId);
    const start = after ? Number(after) : 0;
    const rows = all.slice(start, start + first);
    return {
      __typename: "DealConnection",
      pageInfo: { __typename: "PageInfo", hasNextPage: start + first < all.length, endCursor: String(start + rows.length) },
      edges: rows.map((deal) => ({ __typename: "DealEdge", node: node(deal) })),
    };
  };
  const figures = (stageId: string) => {
    const sums = new Map<string, bigint>();
    for (const deal of column(stageId)) {
      if (deal.amount) sums.set(deal.amount[1], (sums.get(deal.amount[1]) ?? 0n) + BigInt(deal.amount[0]));
    }
    return {
      dealCount: column(stageId).length,
      totalAmount: [...sums].sort().map(([currency, sum]) => ({ __typename: "Money", amountMicros: String(sum), currency })),
    };
  };
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    const { operationName, variables } = JSON.parse(String(init?.body)) as { operationName: string; variables: StubVariables };
    let data: unknown;
    if (operationName === "DealsBoard") {
      asked.push("DealsBoard");
      data = {
        pipeline: {
          __typename: "Pipeline",
          id: variables.pipelineId,
          name: "Sales",
          stages: STAGES.map((stage, index) => ({
            __typename: "Stage",
            ...stage,
            position: index,
            probability: 0.5,
            ...figures(stage.id),
            deals: page(stage.id, variables.first, null),
          })),
        },
      };
    } else if (operationName === "StageDealsPage") {
      asked.push(`StageDealsPage ${variables.stageId} after ${variables.after}`);
      data = {
        stage: { __typename: "Stage", id: variables.stageId, deals: page(variables.stageId, variables.first, variables.after) },
      };
    } else if (operationName === "MoveDeal") {
      asked.push(`MoveDeal ${variables.id} to ${variables.stageId}`);
      if (control.hold) await control.hold;
      if (control.refuse) {
        const errors = [{ message: "That no longer exists. It may have been deleted.", path: ["moveDeal"], extensions: { code: "NOT_FOUND" } }];
        return new Response(JSON.stringify({ data: null, errors }), { headers: { "content-type": "application/json" } });
      }
      const deal = deals.find((item) => item.id === variables.id)!;
      const last = column(variables.stageId).filter((item) => item.id !== deal.id).at(-1);
      deal.stageId = variables.stageId;
      deal.position = variables.position ?? (last ? last.position + 1 : 0);
      data = { moveDeal: node(deal) };
    } else {
      throw new Error(`The stub api does not answer ${operationName}`);
    }
    return new Response(JSON.stringify({ data }), { headers: { "content-type": "application/json" } });
  });
  const forwardSubscription = () => ({
    subscribe: (sink: { next(value: ExecutionResult): void }) => {
      sinks.add(sink);
      return {
        unsubscribe: () => {
          sinks.delete(sink);
        },
      };
    },
  });
  const client = new Client({
    url: "http://rapport.test/api/graphql",
    exchanges: [graphcache(), subscriptionExchange({ forwardSubscription }), fetchExchange],
    fetch,
    preferGetMethod: false,
  });
  return { client, asked, control, live, node: (id: string) => node(deals.find((deal) => deal.id === id)!) };
}

/** What the documents send (the ones each needs). */
interface StubVariables {
  pipelineId: string;
  stageId: string;
  first: number;
  after: string | null;
  id: string;
  position: number | null;
}

const BOARD = { pipelineId: "sales", first: 2 };

/** What the board shows, per column: the cards in order, the count and the sums. */
type Shown = Record<string, { cards: string[]; count: number; totals: string[]; more: boolean }>;

/** The board as the kanban reads it: from the cache, each time it changes. */
function watch(client: Client) {
  const shown: Shown[] = [];
  const subscription = client.query(DealsBoardDocument, BOARD).subscribe((result) => {
    const stages = result.data?.pipeline?.stages;
    if (!stages) return;
    shown.push(
      Object.fromEntries(
        stages.map(columnFromStage).map((column) => [
          column.id,
          {
            cards: column.deals.map((deal) => `${deal.id}@${deal.position}:${deal.stage.id}`),
            count: column.count,
            totals: column.totals.map((total) => `${total.amountMicros} ${total.currency}`),
            more: column.hasNextPage,
          },
        ]),
      ),
    );
  });
  return { shown, latest: () => shown.at(-1)!, stop: () => subscription.unsubscribe() };
}

/** Lead: a, b (EUR); Proposal: p1 to p3 (USD, p2 without an amount), two to a page; Won: empty. */
function deals(): StubDeal[] {
  return [
    { id: "a", stageId: "lead", position: 1, amount: ["1000000", "EUR"] },
    { id: "b", stageId: "lead", position: 2, amount: ["2000000", "EUR"] },
    { id: "p1", stageId: "proposal", position: 1, amount: ["9007199254740993000000", "USD"] },
    { id: "p2", stageId: "proposal", position: 2, amount: null },
    { id: "p3", stageId: "proposal", position: 3, amount: ["3000000", "USD"] },
  ];
}

const BEFORE: Shown = {
  lead: { cards: ["a@1:lead", "b@2:lead"], count: 2, totals: ["3000000 EUR"], more: false },
  proposal: {
    cards: ["p1@1:proposal", "p2@2:proposal", "p3@3:proposal"],
    count: 3,
    totals: ["9007199254740996000000 USD"],
    more: false,
  },
  won: { cards: [], count: 0, totals: [], more: false },
};

/** The board loaded, with Proposal's second page. */
async function loadedBoard() {
  const api = stubApi(deals());
  const board = watch(api.client);
  await vi.waitFor(() => expect(board.latest().proposal!.more).toBe(true));
  const more = await api.client
    .query(StageDealsPageDocument, { stageId: "proposal", first: 2, after: "2" }, { requestPolicy: "network-only" })
    .toPromise();
  expect(more.error).toBeUndefined();
  await vi.waitFor(() => expect(board.latest()).toEqual(BEFORE));
  return { ...api, board };
}

describe("moveDeal in Graphcache", () => {
  it("moves the card from a loaded page into another column at once, with the counts and sums, and keeps the pages", async () => {
    const { client, asked, control, board } = await loadedBoard();
    let release = () => {};
    control.hold = new Promise<void>((resolve) => {
      release = resolve;
    });

    const moving = client.mutation(MoveDealDocument, { id: "p3", stageId: "lead", position: 1.5 }).toPromise();

    // The optimistic answer, before the api has answered.
    const moved: Shown = {
      lead: { cards: ["a@1:lead", "p3@1.5:lead", "b@2:lead"], count: 3, totals: ["3000000 EUR", "3000000 USD"], more: false },
      proposal: { cards: ["p1@1:proposal", "p2@2:proposal"], count: 2, totals: ["9007199254740993000000 USD"], more: false },
      won: BEFORE.won!,
    };
    await vi.waitFor(() => expect(board.latest()).toEqual(moved));
    release();
    const answer = await moving;

    expect(answer.error).toBeUndefined();
    expect(board.latest()).toEqual(moved);
    const cached = await client.query(DealsBoardDocument, BOARD, { requestPolicy: "cache-only" }).toPromise();
    expect(cached.data?.pipeline?.stages.map(columnFromStage).find((column) => column.id === "lead")?.deals[1]).toMatchObject({
      id: "p3",
      status: "OPEN",
      stage: { id: "lead", name: "Lead", kind: "OPEN" },
    });
    // Neither the board nor a page was asked again.
    expect(asked).toEqual(["DealsBoard", "StageDealsPage proposal after 2", "MoveDeal p3 to lead"]);
    board.stop();
  });

  it("puts a card dropped into an empty column where the api placed it, with its status", async () => {
    const { client, asked, board } = await loadedBoard();

    const answer = await client.mutation(MoveDealDocument, { id: "p2", stageId: "won", position: null }).toPromise();

    expect(answer.data?.moveDeal).toMatchObject({ id: "p2", position: 0, status: "WON" });
    expect(board.latest()).toEqual({
      lead: BEFORE.lead,
      proposal: { cards: ["p1@1:proposal", "p3@3:proposal"], count: 2, totals: ["9007199254740996000000 USD"], more: false },
      won: { cards: ["p2@0:won"], count: 1, totals: [], more: false },
    });
    expect(asked).toEqual(["DealsBoard", "StageDealsPage proposal after 2", "MoveDeal p2 to won"]);
    board.stop();
  });

  it("reorders within a column without touching its figures", async () => {
    const { client, board } = await loadedBoard();

    await client.mutation(MoveDealDocument, { id: "p3", stageId: "proposal", position: 0 }).toPromise();

    expect(board.latest()).toEqual({
      ...BEFORE,
      proposal: { ...BEFORE.proposal!, cards: ["p3@0:proposal", "p1@1:proposal", "p2@2:proposal"] },
    });
    board.stop();
  });

  it("a refused move shows at once, then puts everything back as it was", async () => {
    const { client, asked, control, board } = await loadedBoard();
    control.refuse = true;
    let release = () => {};
    control.hold = new Promise<void>((resolve) => {
      release = resolve;
    });

    const moving = client.mutation(MoveDealDocument, { id: "a", stageId: "won", position: null }).toPromise();

    await vi.waitFor(() =>
      expect(board.latest()).toEqual({
        lead: { cards: ["b@2:lead"], count: 1, totals: ["2000000 EUR"], more: false },
        proposal: BEFORE.proposal,
        won: { cards: ["a@1:won"], count: 1, totals: ["1000000 EUR"], more: false },
      }),
    );
    release();
    const answer = await moving;

    expect(answer.error?.graphQLErrors[0]?.extensions.code).toBe("NOT_FOUND");
    await vi.waitFor(() => expect(board.latest()).toEqual(BEFORE));
    const cached = await client.query(DealsBoardDocument, BOARD, { requestPolicy: "cache-only" }).toPromise();
    expect(cached.data?.pipeline?.stages[0]?.deals.edges[0]?.node).toMatchObject({ id: "a", status: "OPEN", stage: { id: "lead" } });
    expect(asked).toEqual(["DealsBoard", "StageDealsPage proposal after 2", "MoveDeal a to won"]);
    board.stop();
  });

  it("the live event of one's own move, arriving before the api's answer, changes nothing: the figures stay right", async () => {
    const { client, control, board, live, node: nodeOf } = await loadedBoard();
    const events = client.subscription(DealMovedDocument, { pipelineId: "sales" }).subscribe(() => {});
    let release = () => {};
    control.hold = new Promise<void>((resolve) => {
      release = resolve;
    });
    const moved: Shown = {
      lead: BEFORE.lead!,
      proposal: { cards: ["p1@1:proposal", "p2@2:proposal"], count: 2, totals: ["9007199254740993000000 USD"], more: false },
      won: { cards: ["p3@0:won"], count: 1, totals: ["3000000 USD"], more: false },
    };

    const moving = client.mutation(MoveDealDocument, { id: "p3", stageId: "won", position: 0 }).toPromise();
    await vi.waitFor(() => expect(board.latest()).toEqual(moved));
    // The server committed the move and its event reached this screen before the mutation's answer did.
    const after = { ...nodeOf("p3"), stage: { __typename: "Stage", ...stageOf("won") }, status: "WON", position: 0 };
    live.push({
      dealMoved: { __typename: "DealMove", eventId: "1-0", position: 0, toStage: { __typename: "Stage", id: "won" }, deal: after },
    });
    expect(board.latest()).toEqual(moved);
    release();
    expect((await moving).error).toBeUndefined();

    expect(board.latest()).toEqual(moved);
    // The same event again (a resume after a reconnect), now after the answer: still nothing to do.
    live.push({
      dealMoved: { __typename: "DealMove", eventId: "1-0", position: 0, toStage: { __typename: "Stage", id: "won" }, deal: after },
    });
    expect(board.latest()).toEqual(moved);
    events.unsubscribe();
    board.stop();
  });

  it("a card from a page not loaded has no known origin: the board is asked again for its figures", async () => {
    const { client, asked } = stubApi(deals());
    const board = watch(client);
    await vi.waitFor(() => expect(board.latest().proposal!.cards).toEqual(["p1@1:proposal", "p2@2:proposal"]));

    const answer = await client.mutation(MoveDealDocument, { id: "p3", stageId: "won", position: null }).toPromise();

    expect(answer.error).toBeUndefined();
    await vi.waitFor(() =>
      expect(board.latest()).toEqual({
        lead: BEFORE.lead,
        proposal: { cards: ["p1@1:proposal", "p2@2:proposal"], count: 2, totals: ["9007199254740993000000 USD"], more: false },
        won: { cards: ["p3@0:won"], count: 1, totals: ["3000000 USD"], more: false },
      }),
    );
    expect(asked).toEqual(["DealsBoard", "MoveDeal p3 to won", "DealsBoard"]);
    board.stop();
  });
});
