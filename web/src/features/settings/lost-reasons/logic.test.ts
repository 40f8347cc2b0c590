import { describe, expect, it } from "vitest";

import { isChanged, move, reasonErrors, reasonsToSave } from "@/features/settings/lost-reasons/logic";

describe("reasonErrors", () => {
  it("puts each message on its row, and the list's on the list", () => {
    const error = {
      graphQLErrors: [
        {
          extensions: {
            code: "BAD_USER_INPUT",
            fieldErrors: [
              { path: ["reasons", 0], message: "Enter a reason" },
              { path: ["reasons", 2], message: "this reason is already in the list" },
              { path: ["reasons"], message: "At most 50 reasons" },
              { path: ["other"], message: "ignored" },
            ],
          },
        },
      ],
    } as unknown as Parameters<typeof reasonErrors>[0];
    expect(reasonErrors(error)).toEqual({ rows: { 0: "Enter a reason", 2: "This reason is already in the list" }, list: "At most 50 reasons" });
  });
  it("is empty without an error or field errors", () => {
    expect(reasonErrors(undefined)).toEqual({ rows: {}, list: null });
    expect(reasonErrors({ graphQLErrors: [] } as unknown as Parameters<typeof reasonErrors>[0])).toEqual({ rows: {}, list: null });
  });
});

describe("move", () => {
  it("moves one item and keeps the others in order", () => {
    expect(move(["a", "b", "c", "d"], 0, 2)).toEqual(["b", "c", "a", "d"]);
    expect(move(["a", "b", "c", "d"], 3, 1)).toEqual(["a", "d", "b", "c"]);
  });
  it("leaves the list as it is out of range", () => {
    expect(move(["a", "b"], 0, -1)).toEqual(["a", "b"]);
    expect(move(["a", "b"], 1, 2)).toEqual(["a", "b"]);
  });
});

describe("reasonsToSave and isChanged", () => {
  const rows = [
    { key: 0, text: " Price " },
    { key: 1, text: "" },
  ];
  it("trims and keeps blank rows so the api names them", () => {
    expect(reasonsToSave(rows)).toEqual(["Price", ""]);
  });
  it("compares trimmed text and order", () => {
    expect(isChanged([{ key: 0, text: " Price" }], ["Price"])).toBe(false);
    expect(isChanged(rows, ["Price"])).toBe(true);
    expect(isChanged([{ key: 0, text: "B" }, { key: 1, text: "A" }], ["A", "B"])).toBe(true);
  });
});
