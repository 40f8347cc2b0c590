import { describe, expect, it } from "vitest";

import { dealInputFromForm } from "@/features/deals/create-deal-sheet";
import { formatCloseDate, isOverdue } from "@/features/deals/deal-card";
import { totalsText } from "@/features/deals/board-column";

function form(values: Record<string, string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(values)) data.set(key, value);
  return data;
}

const context = { pipelineId: "p", stageId: "s", currency: "EUR", companyId: null };

describe("dealInputFromForm", () => {
  it("turns the amount into micros in the chosen currency", () => {
    const { input, amountError } = dealInputFromForm(form({ name: " Big one ", amount: "12,500.5", expectedCloseDate: "2031-03-14" }), context);
    expect(amountError).toBeNull();
    expect(input).toEqual({
      name: "Big one",
      pipelineId: "p",
      stageId: "s",
      companyId: null,
      amount: { amountMicros: "12500500000", currency: "EUR" },
      expectedCloseDate: "2031-03-14",
    });
  });
  it("leaves a blank amount and date out", () => {
    const { input } = dealInputFromForm(form({ name: "x", amount: "", expectedCloseDate: "" }), context);
    expect(input).not.toHaveProperty("amount");
    expect(input).not.toHaveProperty("expectedCloseDate");
  });
  it("says so when the amount is not a number", () => {
    expect(dealInputFromForm(form({ name: "x", amount: "lots" }), context).amountError).toMatch(/amount like/);
  });
});

describe("close dates", () => {
  const today = new Date(2026, 4, 10);
  it("drops the year when it is this year", () => {
    expect(formatCloseDate("2026-03-03", today)).toBe("Mar 3");
    expect(formatCloseDate("2027-03-03", today)).toBe("Mar 3, 2027");
  });
  it("is overdue only before today", () => {
    expect(isOverdue("2026-05-09", today)).toBe(true);
    expect(isOverdue("2026-05-10", today)).toBe(false);
  });
});

describe("totalsText", () => {
  it("joins the sums of each currency", () => {
    expect(totalsText([{ amountMicros: "12500000000", currency: "EUR" }, { amountMicros: "4000000000", currency: "USD" }])).toBe("€12,500 · $4,000");
  });
});

describe("dealInputFromForm without a name", () => {
  it("leaves the name out so the api says it is required", () => {
    expect(dealInputFromForm(form({ name: "  " }), context).input).not.toHaveProperty("name");
  });
});
