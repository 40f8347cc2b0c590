// The kanban's columns as the board shows them (from the cached `DealsBoard` query), and the pure parts of
// dragging: where a dropped card goes and what the drag preview shows. Moves themselves are Graphcache's
// (features/deals/board-cache.ts). Unit-tested in board.test.ts.

import type { BoardDealFragment, DealsBoardQuery, StageKind } from "@/gql/graphql";

export interface Money {
  amountMicros: string;
  currency: string;
}

export interface Column {
  id: string;
  name: string;
  kind: StageKind;
  probability: number;
  count: number;
  totals: Money[];
  deals: BoardDealFragment[];
  hasNextPage: boolean;
  endCursor: string | null;
}

export type Board = Column[];

type BoardStage = NonNullable<DealsBoardQuery["pipeline"]>["stages"][number];

export function columnFromStage(stage: BoardStage): Column {
  return {
    id: stage.id,
    name: stage.name,
    kind: stage.kind,
    probability: stage.probability,
    count: stage.dealCount,
    totals: stage.totalAmount.map(({ amountMicros, currency }) => ({ amountMicros, currency })),
    deals: stage.deals.edges.map((edge) => edge.node),
    hasNextPage: stage.deals.pageInfo.hasNextPage,
    endCursor: stage.deals.pageInfo.endCursor ?? null,
  };
}

/**
 * The position for a card dropped between `before` and `after` (either may be missing): the midpoint, one
 * before the first, one after the last, or null (the api's "end of the column") in an empty column.
 */
export function positionBetween(before: number | undefined, after: number | undefined): number | null {
  if (before !== undefined && after !== undefined) return before === after ? before : (before + after) / 2;
  if (before !== undefined) return before + 1;
  if (after !== undefined) return after - 1;
  return null;
}

/** Adds `amount` (possibly negative) to the sum in its currency; sums that reach zero are dropped. */
export function addMoney(totals: readonly Money[], amount: Money, sign: 1 | -1 = 1): Money[] {
  const delta = BigInt(amount.amountMicros) * BigInt(sign);
  let found = false;
  const next = totals.map((total) => {
    if (total.currency !== amount.currency) return total;
    found = true;
    return { currency: total.currency, amountMicros: (BigInt(total.amountMicros) + delta).toString() };
  });
  if (!found) next.push({ currency: amount.currency, amountMicros: delta.toString() });
  return next.filter((total) => total.amountMicros !== "0").sort((a, b) => a.currency.localeCompare(b.currency));
}

export function findDeal(board: Board, dealId: string): { column: Column; index: number } | null {
  for (const column of board) {
    const index = column.deals.findIndex((deal) => deal.id === dealId);
    if (index >= 0) return { column, index };
  }
  return null;
}

/** The order of card ids per column: what the drag preview rearranges. */
export type Layout = Record<string, string[]>;

export function layoutOf(board: Board): Layout {
  return Object.fromEntries(board.map((column) => [column.id, column.deals.map((deal) => deal.id)]));
}

export function columnOf(layout: Layout, id: string): string | null {
  if (id in layout) return id;
  for (const [columnId, ids] of Object.entries(layout)) if (ids.includes(id)) return columnId;
  return null;
}

/** Moves `id` within the preview layout to the column `toColumn` at `index`. */
export function moveInLayout(layout: Layout, id: string, toColumn: string, index: number): Layout {
  const fromColumn = columnOf(layout, id);
  if (!fromColumn) return layout;
  const next: Layout = { ...layout, [fromColumn]: layout[fromColumn]!.filter((item) => item !== id) };
  const target = next[toColumn] ?? [];
  const at = Math.max(0, Math.min(index, target.length));
  next[toColumn] = [...target.slice(0, at), id, ...target.slice(at)];
  return next;
}

export type Arrow = "ArrowUp" | "ArrowDown" | "ArrowLeft" | "ArrowRight";

/**
 * A keyboard step of a lifted card: up and down within its column, left and right into the neighbouring
 * column at the same height (or its end). Null when the card is already at that edge.
 */
export function stepInLayout(
  layout: Layout,
  order: readonly string[],
  id: string,
  arrow: Arrow,
): { layout: Layout; columnId: string; index: number } | null {
  const from = columnOf(layout, id);
  if (!from) return null;
  const index = layout[from]!.indexOf(id);
  if (arrow === "ArrowUp" || arrow === "ArrowDown") {
    const at = index + (arrow === "ArrowUp" ? -1 : 1);
    if (at < 0 || at >= layout[from]!.length) return null;
    return { layout: moveInLayout(layout, id, from, at), columnId: from, index: at };
  }
  const to = order[order.indexOf(from) + (arrow === "ArrowLeft" ? -1 : 1)];
  if (!to || !(to in layout)) return null;
  const at = Math.min(index, layout[to]!.length);
  return { layout: moveInLayout(layout, id, to, at), columnId: to, index: at };
}
