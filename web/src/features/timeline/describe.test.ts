import { describe, expect, it } from "vitest";

import { formatDate } from "@/lib/format";
import { describeChanges, sentence, type DescribeContext } from "@/features/timeline/describe";

const context: DescribeContext = {
  customFields: [
    { key: "tier", label: "Tier", type: "SELECT" },
    { key: "renewal", label: "Renewal", type: "DATE" },
  ],
  memberName: (id) => (id === "m1" ? "Ada Lovelace" : undefined),
  companyName: (id) => (id === "c1" ? "Babbage & Co" : undefined),
};

describe("describeChanges", () => {
  it("says a field changed from one value to another", () => {
    expect(describeChanges({ jobTitle: { from: "CTO", to: "CEO" } }, context)).toEqual(["Job title changed from CTO to CEO"]);
  });

  it("says when a value is set or cleared", () => {
    expect(describeChanges({ jobTitle: { from: null, to: "CEO" }, lastName: { from: "King", to: null } }, context)).toEqual([
      "Job title set to CEO",
      "Last name cleared (was King)",
    ]);
  });

  it("puts a field without a label of its own in words, never its key", () => {
    expect(describeChanges({ lostReason: { from: null, to: "Price — Budget cut" } }, context)).toEqual([
      "Lost reason set to Price — Budget cut",
    ]);
  });

  it("names the company and the owner instead of their ids", () => {
    expect(describeChanges({ companyId: { from: null, to: "c1" }, ownerId: { from: "x", to: "m1" } }, context)).toEqual([
      "Company set to Babbage & Co",
      "Owner changed from a former member to Ada Lovelace",
    ]);
  });

  it("reads stage moves", () => {
    expect(describeChanges({ stage: { from: "Lead", to: "Qualified" }, status: { from: "OPEN", to: "OPEN" } }, context)).toEqual([
      "Moved from Lead to Qualified",
    ]);
  });

  it("reads amounts as money, in the record's currency when it did not change", () => {
    expect(describeChanges({ amountMicros: { from: "1000000000", to: "2500000000" } }, context, "EUR")).toEqual([
      "Amount changed from €1,000 to €2,500",
    ]);
    expect(
      describeChanges({ amountMicros: { from: null, to: "5000000" }, currency: { from: null, to: "USD" } }, context),
    ).toEqual(["Amount set to $5"]);
  });

  it("names custom fields by their label, one sentence per changed key", () => {
    expect(
      describeChanges(
        { customFields: { from: { tier: "Gold", renewal: "2026-01-31" }, to: { tier: "Silver", renewal: "2026-01-31", other: "x" } } },
        context,
      ),
    ).toEqual(["Tier changed from Gold to Silver", "other set to x"]);
  });

  it("reads lists and days", () => {
    expect(describeChanges({ emails: { from: ["a@x.io"], to: ["a@x.io", "b@x.io"] } }, context)).toEqual([
      "Emails changed from a@x.io to a@x.io, b@x.io",
    ]);
    expect(describeChanges({ expectedCloseDate: { from: null, to: "2026-12-24" } }, context)).toEqual([
      `Expected close date set to ${formatDate(new Date(2026, 11, 24).toISOString())}`,
    ]);
  });

  it("ignores what is not a change", () => {
    expect(describeChanges(null, context)).toEqual([]);
    expect(describeChanges({ weird: 3 }, context)).toEqual([]);
    expect(describeChanges({ contacts: { from: null, to: { contactId: "x", role: "Champion" } } }, context)).toEqual([]);
    expect(sentence("Name", "A", "B")).toBe("Name changed from A to B");
  });
});
