// The kanban's moves in Graphcache (wired in lib/graphcache.ts): `moveDeal` keeps out of the generic
// invalidation, which would load `pipeline(id)` again after every move and lose the columns' loaded pages.
// Instead its updater moves the card between the cached pages of `Stage.deals` and carries the stages'
// `dealCount` and `totalAmount` along; its optimistic answer makes that happen at once. A refused move has
// no answer to write, so Graphcache drops the optimistic layer and the board is as it was.
// Unit-tested in board-cache.test.ts.

import type { Cache, Data, OptimisticMutationResolver, UpdateResolver, Variables } from "@urql/exchange-graphcache";

import type { MoveDealMutation, MoveDealMutationVariables, StageKind } from "@/gql/graphql";
import { addMoney, type Money } from "@/features/deals/board";
import { BoardDealFields, BoardStageCardsFields, BoardStageFiguresFields } from "@/features/deals/documents";

/** One cached page of a column: the `Stage.deals` field's arguments, the deals it links, where it ends. */
interface Page {
  args: Variables;
  deals: string[];
  end: { hasNextPage: boolean; endCursor: string | null };
  changed: boolean;
}

/** The stages of every cached pipeline (`pipeline(id)`, `pipelines`). */
function cachedStages(cache: Cache): string[] {
  const stages = new Set<string>();
  for (const field of cache.inspectFields("Query")) {
    if (field.fieldName !== "pipeline" && field.fieldName !== "pipelines") continue;
    const link = cache.resolve("Query", field.fieldKey);
    for (const pipeline of Array.isArray(link) ? link : [link]) {
      if (typeof pipeline !== "string") continue;
      const linked = cache.resolve(pipeline, "stages");
      if (Array.isArray(linked)) for (const stage of linked) if (typeof stage === "string") stages.add(stage);
    }
  }
  return [...stages];
}

/**
 * The cached pages of a stage's column in the order `relayPagination` shows them: the first page, then
 * each page that starts where the one before it ends. Pages asked with a `filter` are not the column and
 * are returned apart (the caller drops them).
 */
function pagesOf(cache: Cache, stage: string): { pages: Page[]; filtered: Variables[] } {
  const found: Page[] = [];
  const filtered: Variables[] = [];
  for (const field of cache.inspectFields(stage)) {
    if (field.fieldName !== "deals") continue;
    const args = field.arguments ?? {};
    if (Object.keys(args).some((name) => name !== "first" && name !== "after")) {
      filtered.push(args);
      continue;
    }
    const connection = cache.resolve(stage, field.fieldKey);
    if (typeof connection !== "string") continue;
    const edges = cache.resolve(connection, "edges");
    const pageInfo = cache.resolve(connection, "pageInfo");
    if (!Array.isArray(edges) || typeof pageInfo !== "string") continue;
    const deals = edges.map((edge) => (typeof edge === "string" ? cache.resolve(edge, "node") : null));
    const endCursor = cache.resolve(pageInfo, "endCursor");
    found.push({
      args,
      deals: deals.filter((deal): deal is string => typeof deal === "string"),
      end: { hasNextPage: cache.resolve(pageInfo, "hasNextPage") === true, endCursor: typeof endCursor === "string" ? endCursor : null },
      changed: false,
    });
  }
  const pages: Page[] = [];
  let next = found.find((page) => !page.args.after);
  while (next && !pages.includes(next)) {
    pages.push(next);
    const end = next.end.endCursor;
    next = found.find((page) => !pages.includes(page) && end !== null && page.args.after === end);
  }
  return { pages: [...pages, ...found.filter((page) => !pages.includes(page))], filtered };
}

/**
 * Writes the pages that changed. `relayPagination` skips an empty page after the first, and with it where
 * it ends; so a page that was emptied hands its end (is there more, from where) to the page before it.
 */
function writePages(cache: Cache, stage: string, pages: Page[]) {
  for (let index = 1; index < pages.length; index += 1) {
    const page = pages[index]!;
    if (!page.changed || page.deals.length > 0) continue;
    const before = pages.slice(0, index).findLast((item) => item.deals.length > 0) ?? pages[0]!;
    before.end = page.end;
    before.changed = true;
  }
  for (const page of pages) {
    if (!page.changed) continue;
    cache.writeFragment<Data>(
      BoardStageCardsFields,
      {
        __typename: "Stage",
        id: String(cache.resolve(stage, "id")),
        deals: {
          __typename: "DealConnection",
          pageInfo: { __typename: "PageInfo", ...page.end },
          edges: page.deals.map((deal) => ({
            __typename: "DealEdge",
            node: { __typename: "Deal", id: String(cache.resolve(deal, "id")) },
          })),
        },
      },
      page.args,
    );
    page.changed = false;
  }
}

/** Adds one deal of `amount` to a stage's header figures (`sign` -1 takes one away). */
function addToFigures(cache: Cache, stage: string, amount: Money | null, sign: 1 | -1) {
  const count = cache.resolve(stage, "dealCount");
  const totalsLink = cache.resolve(stage, "totalAmount");
  if (typeof count !== "number" || !Array.isArray(totalsLink)) return;
  const totals: Money[] = totalsLink.flatMap((link) =>
    typeof link === "string"
      ? [{ amountMicros: String(cache.resolve(link, "amountMicros")), currency: String(cache.resolve(link, "currency")) }]
      : [],
  );
  const next = amount ? addMoney(totals, amount, sign) : totals;
  cache.writeFragment<Data>(
    BoardStageFiguresFields,
    {
      __typename: "Stage",
      id: String(cache.resolve(stage, "id")),
      dealCount: count + sign,
      totalAmount: next.map((total) => ({ __typename: "Money", ...total })),
    },
  );
}

/**
 * After `moveDeal` (its optimistic answer, then the api's): the card leaves every cached column that has
 * it and joins the target's in position order (at the end when the api chose the place: `position: null`),
 * and the figures of the stages it left and joined follow. When the card was in no cached column (moved
 * from elsewhere), where it came from is unknown: the stages' figures are dropped, so the board asks again.
 */
export const moveDealUpdate: UpdateResolver = (result, rawArgs, cache) => {
  const moved = (result as Partial<MoveDealMutation>).moveDeal;
  if (!moved) return;
  const args = rawArgs as MoveDealMutationVariables;
  const deal = cache.keyOfEntity({ __typename: "Deal", id: moved.id });
  const target = cache.keyOfEntity({ __typename: "Stage", id: args.stageId });
  if (!deal || !target) return;

  const stages = cachedStages(cache);
  const columns = new Map(stages.map((stage) => [stage, pagesOf(cache, stage)]));
  const heldBy = new Set(stages.filter((stage) => columns.get(stage)!.pages.some((page) => page.deals.includes(deal))));
  const targetPages = columns.get(target)?.pages ?? [];
  const before = targetPages.map((page) => page.deals);
  if (targetPages.length > 0) {
    // Before the first card placed after it; at the end when the api chose the place (`position: null`).
    const at = args.position == null ? null : moved.position;
    const after = (other: string) => other !== deal && at !== null && Number(cache.resolve(other, "position")) > at;
    for (const page of targetPages) page.deals = page.deals.filter((item) => item !== deal);
    const page =
      targetPages.find((item) => item.deals.some(after)) ??
      targetPages.findLast((item) => item.deals.length > 0) ??
      targetPages[0]!;
    const index = page.deals.findIndex(after);
    page.deals.splice(index < 0 ? page.deals.length : index, 0, deal);
  }
  const inPlace =
    heldBy.size === 1 &&
    heldBy.has(target) &&
    targetPages.every((page, index) => page.deals.join() === before[index]!.join());
  if (inPlace) {
    // The cache shows this move already: the live event of one's own move, read through the move's
    // optimistic answer before the api's answer came. Writing it again here would leave the move in
    // this event's layer while the optimistic one goes, and the api's answer would then find the card in
    // both columns and leave the target's figures out.
    return;
  }

  for (const stage of stages) {
    const { pages, filtered } = columns.get(stage)!;
    for (const filter of filtered) cache.invalidate(stage, "deals", filter);
    if (stage === target) {
      for (const [index, page] of pages.entries()) page.changed = page.deals.join() !== before[index]!.join();
      writePages(cache, target, pages);
      continue;
    }
    for (const page of pages) {
      if (!page.deals.includes(deal)) continue;
      page.deals = page.deals.filter((item) => item !== deal);
      page.changed = true;
    }
    writePages(cache, stage, pages);
  }

  if (heldBy.size === 0) {
    for (const stage of stages) {
      cache.invalidate(stage, "dealCount");
      cache.invalidate(stage, "totalAmount");
    }
    return;
  }
  const amount = moved.amount ? { amountMicros: moved.amount.amountMicros, currency: moved.amount.currency } : null;
  for (const stage of heldBy) if (stage !== target) addToFigures(cache, stage, amount, -1);
  if (!heldBy.has(target)) addToFigures(cache, target, amount, 1);
};

/**
 * The answer `moveDeal` will give, from the cached card: in the target stage (its status that stage's
 * kind) at the requested position. Null when the card is not cached: then nothing moves until the api answers.
 */
export const moveDealOptimistic: OptimisticMutationResolver = (rawArgs, cache) => {
  const args = rawArgs as MoveDealMutationVariables;
  const deal = cache.readFragment(BoardDealFields, { __typename: "Deal", id: args.id });
  const stage = cache.keyOfEntity({ __typename: "Stage", id: args.stageId });
  const name = stage ? cache.resolve(stage, "name") : null;
  const kind = stage ? cache.resolve(stage, "kind") : null;
  if (!deal || typeof name !== "string" || typeof kind !== "string") return null;
  // The cached card comes with its `__typename`s (Graphcache adds them), which the answer needs.
  return {
    ...deal,
    position: args.position ?? deal.position,
    status: kind as StageKind,
    // A deal that changes stage keeps no lost reason (the reason dialog asks for a new one).
    lostReason: deal.stage.id === args.stageId ? deal.lostReason : null,
    stage: { __typename: "Stage", id: args.stageId, name, kind: kind as StageKind },
  };
};
