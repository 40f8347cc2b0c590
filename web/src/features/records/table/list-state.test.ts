import { describe, expect, it } from "vitest";

import { decodeListState, encodeListState, listPart, stateOfView, viewOfState } from "@/features/records/table/list-state";

const byName = [{ id: "name", desc: false }];

describe("list state in the URL", () => {
  it("round-trips search, filters, sort and columns and keeps other parameters", () => {
    const state = {
      search: "acme",
      filters: [{ id: "c1", field: "owner", operator: "is", value: "m1", valueLabel: "Ada" }],
      sort: [{ id: "createdAt", desc: true }],
      columns: ["name", "email"],
    };
    const params = encodeListState(new URLSearchParams("pipeline=p1&q=old"), state, byName, "v1");

    expect(params.get("pipeline")).toBe("p1");
    expect(params.get("view")).toBe("v1");
    expect(params.get("sort")).toBe("-createdAt");
    expect(decodeListState(params, byName)).toEqual(state);
  });

  it("leaves defaults out and ignores what it cannot read", () => {
    const empty = encodeListState(new URLSearchParams(), { search: "", filters: [], sort: byName, columns: null }, byName);
    expect(empty.toString()).toBe("");
    expect(decodeListState(new URLSearchParams("filters=%7Bbad&sort=a%20b"), byName)).toEqual({
      search: "",
      filters: [],
      sort: byName,
      columns: null,
    });
    expect(listPart(new URLSearchParams("pipeline=p1&q=x"))).toBe("q=x");
  });

  it("reads back a saved view's state", () => {
    const state = { search: "x", filters: [], sort: [{ id: "updatedAt", desc: true }], columns: null };
    expect(stateOfView(viewOfState(state, ["name", "owner"]), byName)).toEqual({ ...state, columns: ["name", "owner"] });
    expect(stateOfView("nonsense", byName)).toEqual({ search: "", filters: [], sort: byName, columns: null });
  });
});
