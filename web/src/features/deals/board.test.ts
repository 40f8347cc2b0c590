import { describe, expect, it } from "vitest";

import { addMoney, layoutOf, moveInLayout, positionBetween, stepInLayout, type Board } from "@/features/deals/board";
import { boardDeal } from "@/features/deals/board-deal.fixture";

function board(): Board {
  return [
    {
      id: "lead",
      name: "Lead",
      kind: "OPEN",
      probability: 0.1,
      count: 2,
      totals: [{ amountMicros: "3000000", currency: "EUR" }],
      deals: [boardDeal("a", "lead", 1, { amount: ["1000000", "EUR"] }), boardDeal("b", "lead", 2, { amount: ["2000000", "EUR"] })],
      hasNextPage: false,
      endCursor: null,
    },
    {
      id: "won",
      name: "Won",
      kind: "WON",
      probability: 1,
      count: 1,
      totals: [{ amountMicros: "5000000", currency: "USD" }],
      deals: [boardDeal("c", "won", 1, { amount: ["5000000", "USD"] })],
      hasNextPage: false,
      endCursor: null,
    },
  ];
}

describe("positionBetween", () => {
  it("takes the midpoint between two neighbours", () => {
    expect(positionBetween(1, 2)).toBe(1.5);
  });
  it("goes one before the first or one after the last", () => {
    expect(positionBetween(undefined, 4)).toBe(3);
    expect(positionBetween(4, undefined)).toBe(5);
  });
  it("leaves an empty column to the api", () => {
    expect(positionBetween(undefined, undefined)).toBeNull();
  });
});

describe("addMoney", () => {
  it("adds to the sum in the same currency and starts a new one for another", () => {
    const totals = [{ amountMicros: "1000000", currency: "EUR" }];
    expect(addMoney(totals, { amountMicros: "500000", currency: "EUR" })).toEqual([
      { amountMicros: "1500000", currency: "EUR" },
    ]);
    expect(addMoney(totals, { amountMicros: "2000000", currency: "CHF" })).toEqual([
      { amountMicros: "2000000", currency: "CHF" },
      { amountMicros: "1000000", currency: "EUR" },
    ]);
  });
  it("drops a currency whose sum reaches zero", () => {
    expect(addMoney([{ amountMicros: "1000000", currency: "EUR" }], { amountMicros: "1000000", currency: "EUR" }, -1)).toEqual([]);
  });
  it("keeps amounts beyond what a double holds exactly", () => {
    expect(addMoney([{ amountMicros: "9007199254740993000000", currency: "EUR" }], { amountMicros: "1", currency: "EUR" })).toEqual([
      { amountMicros: "9007199254740993000001", currency: "EUR" },
    ]);
  });
});

describe("layouts", () => {
  it("moves an id to another column at an index", () => {
    const layout = layoutOf(board());
    expect(moveInLayout(layout, "b", "won", 1)).toEqual({ lead: ["a"], won: ["c", "b"] });
    expect(moveInLayout(layout, "a", "lead", 5)).toEqual({ lead: ["b", "a"], won: ["c"] });
  });
});

describe("stepInLayout", () => {
  const layout = { lead: ["a", "b"], qualified: ["c"], won: [] as string[] };
  const order = ["lead", "qualified", "won"];
  it("moves up and down within the column, and stops at its ends", () => {
    expect(stepInLayout(layout, order, "a", "ArrowDown")).toMatchObject({ layout: { lead: ["b", "a"] }, columnId: "lead", index: 1 });
    expect(stepInLayout(layout, order, "a", "ArrowUp")).toBeNull();
    expect(stepInLayout(layout, order, "b", "ArrowDown")).toBeNull();
  });
  it("moves left and right at the same height, or to the end of a shorter column", () => {
    expect(stepInLayout(layout, order, "b", "ArrowRight")).toMatchObject({
      layout: { lead: ["a"], qualified: ["c", "b"] },
      columnId: "qualified",
      index: 1,
    });
    expect(stepInLayout(layout, order, "c", "ArrowRight")).toMatchObject({ layout: { qualified: [], won: ["c"] }, index: 0 });
    expect(stepInLayout(layout, order, "a", "ArrowLeft")).toBeNull();
  });
});
