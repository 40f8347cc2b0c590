import { describe, expect, it } from "vitest";

import { searchFilter, toOrderBy } from "@/lib/sorting";

describe("toOrderBy", () => {
  it("maps table sorting to the api's orderBy, empty values last", () => {
    expect(toOrderBy([{ id: "name", desc: true }, { id: "email", desc: false }], { name: "NAME" })).toEqual([
      { field: "NAME", direction: "DESC_NULLS_LAST" },
    ]);
  });
});

describe("searchFilter", () => {
  it("searches any of the fields, or nothing when blank", () => {
    expect(searchFilter(" ada ", ["name", "email"])).toEqual({
      or: [{ name: { contains: "ada" } }, { email: { contains: "ada" } }],
    });
    expect(searchFilter("   ", ["name"])).toBeNull();
  });
});
