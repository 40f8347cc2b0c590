import { describe, expect, it } from "vitest";

import { buildFilter, conditionFilter, customFilterFields, type FilterField } from "@/features/records/filters";

const fields: FilterField[] = [
  { id: "name", label: "Name", kind: "text", apiField: "name" },
  { id: "company", label: "Company", kind: "company", apiField: "companyId" },
  { id: "createdAt", label: "Created", kind: "date", apiField: "createdAt" },
  ...customFilterFields([
    { id: "1", key: "tier", label: "Tier", type: "SELECT", options: ["Gold"], required: false },
    { id: "2", key: "seats", label: "Seats", type: "NUMBER", options: null, required: false },
    { id: "3", key: "arr", label: "ARR", type: "CURRENCY", options: null, required: false },
    { id: "4", key: "vip", label: "VIP", type: "BOOLEAN", options: null, required: false },
    { id: "5", key: "renews", label: "Renews", type: "DATE", options: null, required: false },
  ]),
];
const field = (id: string) => fields.find((item) => item.id === id)!;

describe("conditionFilter", () => {
  it("builds built-in conditions", () => {
    expect(conditionFilter(field("name"), { id: "a", field: "name", operator: "contains", value: " ada " })).toEqual({
      name: { contains: "ada" },
    });
    expect(conditionFilter(field("company"), { id: "a", field: "company", operator: "is", value: "c1" })).toEqual({
      companyId: { eq: "c1" },
    });
    expect(conditionFilter(field("company"), { id: "a", field: "company", operator: "empty", value: "" })).toEqual({
      companyId: { isNull: true },
    });
    const created = conditionFilter(field("createdAt"), { id: "a", field: "createdAt", operator: "before", value: "2026-11-26" });
    expect(created).toEqual({ createdAt: { lt: new Date(2026, 10, 26).toISOString() } });
  });

  it("builds custom field conditions by type", () => {
    expect(conditionFilter(field("custom:tier"), { id: "a", field: "custom:tier", operator: "is", value: "Gold" })).toEqual({
      customField: { key: "tier", string: { eq: "Gold" } },
    });
    expect(conditionFilter(field("custom:seats"), { id: "a", field: "custom:seats", operator: "gt", value: "10" })).toEqual({
      customField: { key: "seats", number: { gt: 10 } },
    });
    expect(conditionFilter(field("custom:arr"), { id: "a", field: "custom:arr", operator: "eq", value: "1.5" })).toEqual({
      customField: { key: "arr", number: { eq: 1500000 } },
    });
    expect(conditionFilter(field("custom:vip"), { id: "a", field: "custom:vip", operator: "is", value: "no" })).toEqual({
      customField: { key: "vip", bool: false },
    });
    expect(conditionFilter(field("custom:renews"), { id: "a", field: "custom:renews", operator: "after", value: "2026-01-02" })).toEqual({
      customField: { key: "renews", date: { gte: "2026-01-02T00:00:00+00:00" } },
    });
  });

  it("leaves incomplete conditions out", () => {
    expect(conditionFilter(field("name"), { id: "a", field: "name", operator: "contains", value: "  " })).toBeNull();
    expect(conditionFilter(field("custom:seats"), { id: "a", field: "custom:seats", operator: "eq", value: "x" })).toBeNull();
  });
});

describe("buildFilter", () => {
  it("ANDs the search and every complete condition", () => {
    const search = { or: [{ name: { contains: "ad" } }] };
    expect(
      buildFilter(fields, [
        { id: "a", field: "name", operator: "contains", value: "ada" },
        { id: "b", field: "company", operator: "is", value: "" },
        { id: "c", field: "custom:tier", operator: "is", value: "Gold" },
      ], search),
    ).toEqual({ and: [search, { name: { contains: "ada" } }, { customField: { key: "tier", string: { eq: "Gold" } } }] });
  });
  it("is one condition alone, or null", () => {
    expect(buildFilter(fields, [], null)).toBeNull();
    expect(buildFilter(fields, [{ id: "a", field: "name", operator: "is", value: "Ada" }], null)).toEqual({ name: { eq: "Ada" } });
  });
});
