// The kanban's state and its pure transitions: moving a card between columns, with the header figures
// (count and sum per currency) following at once. Unit-tested in board.test.ts.

import type { BoardDealFragment, BoardStageFragment, StageKind } from "@/gql/graphql";

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

export function columnFromStage(
  stage: BoardStageFragment,
  page: { deals: BoardDealFragment[]; hasNextPage: boolean; endCursor: string | null },
): Column {
  return {
    id: stage.id,
    name: stage.name,
    kind: stage.kind,
    probability: stage.probability,
    count: stage.dealCount,
    totals: stage.totalAmount.map(({ amountMicros, currency }) => ({ amountMicros, currency })),
    ...page,
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

/**
 * Moves a card to `toStageId` at `index` (counted without the card itself) with its new position. Across
 * columns the counts and sums move with it; within a column only the order changes.
 */
export function moveCard(board: Board, dealId: string, toStageId: string, index: number, position: number): Board {
  const from = findDeal(board, dealId);
  const target = board.find((column) => column.id === toStageId);
  if (!from || !target) return board;
  const deal = from.column.deals[from.index]!;
  const moved: BoardDealFragment = {
    ...deal,
    position,
    stage: { ...deal.stage, id: target.id, name: target.name, kind: target.kind },
    status: target.kind,
  };
  const across = from.column.id !== target.id;
  return board.map((column) => {
    let deals = column.deals;
    let { count, totals } = column;
    if (column.id === from.column.id) {
      deals = deals.filter((item) => item.id !== dealId);
      if (across) {
        count -= 1;
        if (deal.amount) totals = addMoney(totals, deal.amount, -1);
      }
    }
    if (column.id === target.id) {
      const at = Math.max(0, Math.min(index, deals.length));
      deals = [...deals.slice(0, at), moved, ...deals.slice(at)];
      if (across) {
        count += 1;
        if (deal.amount) totals = addMoney(totals, deal.amount, 1);
      }
    }
    return deals === column.deals && count === column.count ? column : { ...column, deals, count, totals };
  });
}

/** Replaces a card with the api's version of it (its settled position), keeping its place. */
export function replaceCard(board: Board, deal: BoardDealFragment): Board {
  return board.map((column) =>
    column.deals.some((item) => item.id === deal.id)
      ? { ...column, deals: column.deals.map((item) => (item.id === deal.id ? deal : item)) }
      : column,
  );
}

/** Takes the header figures from the api, keeping the cards. */
export function withHeaders(board: Board, stages: readonly BoardStageFragment[]): Board {
  const byId = new Map(stages.map((stage) => [stage.id, stage]));
  return board.map((column) => {
    const stage = byId.get(column.id);
    if (!stage) return column;
    return {
      ...column,
      name: stage.name,
      count: stage.dealCount,
      totals: stage.totalAmount.map(({ amountMicros, currency }) => ({ amountMicros, currency })),
    };
  });
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
