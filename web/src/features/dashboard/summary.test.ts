import { describe, expect, it } from "vitest";

import { compactMoney, currenciesOf, dueLabel, headline, monthBars, stageBars, type DealStats } from "./summary";

const usd = (units: number) => ({ amountMicros: String(units * 1_000_000), currency: "USD" });
const eur = (units: number) => ({ amountMicros: String(units * 1_000_000), currency: "EUR" });

function stage(name: string, kind: "OPEN" | "WON" | "LOST", probability: number, count: number, amount: ReturnType<typeof usd>[]) {
  return {
    stage: { id: name, name, kind, probability },
    count,
    amount,
    weightedAmount: amount.map((sum) => ({
      ...sum,
      amountMicros: String(Math.round(Number(sum.amountMicros) * probability)),
    })),
  };
}

const stats = {
  pipeline: { id: "p", name: "Sales" },
  byStage: [
    stage("Lead", "OPEN", 0.1, 2, [usd(1000)]),
    stage("Proposal", "OPEN", 0.5, 3, [usd(4000), eur(9000)]),
    stage("Won", "WON", 1, 5, [usd(50_000)]),
    stage("Lost", "LOST", 0, 2, []),
  ],
  closedByMonth: [
    { month: "2025-12-01", won: 1, lost: 1, wonAmount: [usd(100)] },
    { month: "2026-01-01", won: 0, lost: 0, wonAmount: [] },
    { month: "2026-02-01", won: 2, lost: 0, wonAmount: [usd(300), eur(5)] },
  ],
} as unknown as DealStats;

describe("dashboard summary", () => {
  it("orders currencies by open value", () => {
    expect(currenciesOf(stats)).toEqual(["EUR", "USD"]);
  });

  it("computes the headline numbers in one currency", () => {
    expect(headline(stats, "USD")).toEqual({
      openMicros: 5_000_000_000n,
      openDeals: 5,
      weightedMicros: 2_100_000_000n,
      wonThisMonthMicros: 300_000_000n,
      wonThisMonth: 2,
      won: 3,
      lost: 1,
      winRate: 0.75,
    });
    expect(headline({ ...stats, closedByMonth: [] }, "USD").winRate).toBeNull();
  });

  it("charts open stages only", () => {
    expect(stageBars(stats, "USD").map((bar) => [bar.name, bar.value, bar.weighted])).toEqual([
      ["Lead", 1000, 100],
      ["Proposal", 4000, 2000],
    ]);
  });

  it("labels months, marking where a year starts", () => {
    expect(monthBars(stats, "USD").map((bar) => [bar.short, bar.long, bar.wonValue])).toEqual([
      ["Dec", "December 2025", 100],
      ["Jan ’26", "January 2026", 0],
      ["Feb", "February 2026", 300],
    ]);
  });

  it("formats axis money compactly", () => {
    expect(compactMoney(0, "USD")).toBe("$0");
    expect(compactMoney(12_000, "USD")).toBe("$12K");
    expect(compactMoney(1_250_000, "USD")).toBe("$1.25M");
    expect(compactMoney(125_000, "USD")).toBe("$125K");
    expect(compactMoney(2500, "USD")).toBe("$2.5K");
  });

  it("says when a task is due", () => {
    const now = new Date(2026, 2, 10, 12, 0);
    expect(dueLabel(null, now)).toEqual({ text: "No date", tone: "none" });
    expect(dueLabel(new Date(2026, 2, 7, 9).toISOString(), now)).toEqual({ text: "3 days overdue", tone: "overdue" });
    expect(dueLabel(new Date(2026, 2, 9, 9).toISOString(), now)).toEqual({ text: "Yesterday", tone: "overdue" });
    expect(dueLabel(new Date(2026, 2, 10, 9).toISOString(), now)).toEqual({ text: "Today", tone: "overdue" });
    expect(dueLabel(new Date(2026, 2, 10, 16).toISOString(), now)).toEqual({ text: "Today", tone: "today" });
    expect(dueLabel(new Date(2026, 2, 11, 9).toISOString(), now)).toEqual({ text: "Tomorrow", tone: "upcoming" });
    expect(dueLabel(new Date(2026, 2, 14, 9).toISOString(), now)).toEqual({ text: "In 4 days", tone: "upcoming" });
    expect(dueLabel(new Date(2026, 2, 30, 9).toISOString(), now)).toEqual({ text: "Mar 30", tone: "upcoming" });
  });
});
