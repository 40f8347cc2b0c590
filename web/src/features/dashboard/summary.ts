// What the dashboard shows, computed from the api's dealStats. Pure functions: unit-tested in summary.test.ts.
import type { DashboardQuery } from "@/gql/graphql";

export type DealStats = DashboardQuery["dealStats"];
export interface Money {
  amountMicros: string;
  currency: string;
}

const MICROS = 1_000_000n;

/** The micros of one currency in a list of sums (0 when absent). */
export function microsIn(sums: readonly Money[], currency: string): bigint {
  return sums.filter((sum) => sum.currency === currency).reduce((total, sum) => total + BigInt(sum.amountMicros), 0n);
}

/** Micros → units as a number, for charts (whole units are plenty for a chart). */
export function toUnits(micros: bigint): number {
  return Number(micros / MICROS);
}

/** Every currency that appears, the one with the most open pipeline value first (then the most won). */
export function currenciesOf(stats: DealStats): string[] {
  const open = new Map<string, bigint>();
  const won = new Map<string, bigint>();
  for (const entry of stats.byStage) {
    const into = entry.stage.kind === "OPEN" ? open : won;
    for (const sum of entry.amount) into.set(sum.currency, (into.get(sum.currency) ?? 0n) + BigInt(sum.amountMicros));
  }
  for (const month of stats.closedByMonth) {
    for (const sum of month.wonAmount) won.set(sum.currency, (won.get(sum.currency) ?? 0n) + BigInt(sum.amountMicros));
  }
  const all = [...new Set([...open.keys(), ...won.keys()])];
  const compare = (a: bigint, b: bigint) => (a === b ? 0 : a > b ? -1 : 1);
  return all.sort(
    (a, b) =>
      compare(open.get(a) ?? 0n, open.get(b) ?? 0n) || compare(won.get(a) ?? 0n, won.get(b) ?? 0n) || a.localeCompare(b),
  );
}

export interface Headline {
  openMicros: bigint;
  openDeals: number;
  weightedMicros: bigint;
  wonThisMonthMicros: bigint;
  wonThisMonth: number;
  won: number;
  lost: number;
  /** Won out of closed, 0 to 1, over the months asked for; null when nothing closed. */
  winRate: number | null;
}

/** The headline numbers: open pipeline, its weighted value, won this month, win rate. */
export function headline(stats: DealStats, currency: string): Headline {
  const open = stats.byStage.filter((entry) => entry.stage.kind === "OPEN");
  const months = stats.closedByMonth;
  const thisMonth = months[months.length - 1];
  const won = months.reduce((total, month) => total + month.won, 0);
  const lost = months.reduce((total, month) => total + month.lost, 0);
  return {
    openMicros: open.reduce((total, entry) => total + microsIn(entry.amount, currency), 0n),
    openDeals: open.reduce((total, entry) => total + entry.count, 0),
    weightedMicros: open.reduce((total, entry) => total + microsIn(entry.weightedAmount, currency), 0n),
    wonThisMonthMicros: thisMonth ? microsIn(thisMonth.wonAmount, currency) : 0n,
    wonThisMonth: thisMonth?.won ?? 0,
    won,
    lost,
    winRate: won + lost === 0 ? null : won / (won + lost),
  };
}

export interface StageBar {
  id: string;
  name: string;
  count: number;
  probability: number;
  value: number;
  weighted: number;
}

/** The open stages in order, with their value and weighted value in one currency (units). */
export function stageBars(stats: DealStats, currency: string): StageBar[] {
  return stats.byStage
    .filter((entry) => entry.stage.kind === "OPEN")
    .map((entry) => ({
      id: entry.stage.id,
      name: entry.stage.name,
      count: entry.count,
      probability: entry.stage.probability,
      value: toUnits(microsIn(entry.amount, currency)),
      weighted: toUnits(microsIn(entry.weightedAmount, currency)),
    }));
}

export interface MonthBar {
  month: string;
  /** "Mar" (with the year when it is January, so the axis shows where a year starts). */
  short: string;
  /** "March 2026". */
  long: string;
  won: number;
  lost: number;
  wonValue: number;
}

/** One bar group per month, oldest first. `month` is the api's first day of the month (YYYY-MM-DD, UTC). */
export function monthBars(stats: DealStats, currency: string, locale = "en-US"): MonthBar[] {
  const short = new Intl.DateTimeFormat(locale, { month: "short", timeZone: "UTC" });
  const long = new Intl.DateTimeFormat(locale, { month: "long", year: "numeric", timeZone: "UTC" });
  return stats.closedByMonth.map((entry) => {
    const month = String(entry.month);
    const date = new Date(`${month}T00:00:00Z`);
    const january = date.getUTCMonth() === 0;
    return {
      month,
      short: january ? `${short.format(date)} ’${String(date.getUTCFullYear()).slice(2)}` : short.format(date),
      long: long.format(date),
      won: entry.won,
      lost: entry.lost,
      wonValue: toUnits(microsIn(entry.wonAmount, currency)),
    };
  });
}

/** Chart axis money: "$0", "$950", "$12K", "$125K", "$1.25M". */
export function compactMoney(units: number, currency: string, locale = "en-US"): string {
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency,
    notation: "compact",
    maximumSignificantDigits: 3,
  }).format(units);
}

export type DueTone = "overdue" | "today" | "upcoming" | "none";

/** When a task is due, in words: "3 days overdue", "Today", "Tomorrow", "In 5 days", "12 Mar". */
export function dueLabel(
  dueAt: string | null | undefined,
  now: Date = new Date(),
  locale = "en-US",
): { text: string; tone: DueTone } {
  if (!dueAt) return { text: "No date", tone: "none" };
  const due = new Date(dueAt);
  const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
  const days = Math.round((startOfDay(due) - startOfDay(now)) / 86_400_000);
  if (days < 0) return { text: days === -1 ? "Yesterday" : `${-days} days overdue`, tone: "overdue" };
  if (days === 0) return { text: "Today", tone: due.getTime() < now.getTime() ? "overdue" : "today" };
  if (days === 1) return { text: "Tomorrow", tone: "upcoming" };
  if (days < 7) return { text: `In ${days} days`, tone: "upcoming" };
  return { text: new Intl.DateTimeFormat(locale, { day: "numeric", month: "short" }).format(due), tone: "upcoming" };
}

/** 0.6842 → "68%". */
export function percent(rate: number): string {
  return `${Math.round(rate * 100)}%`;
}
