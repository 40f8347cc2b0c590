import { describe, expect, it } from "vitest";

import { formatDate } from "@/lib/format";
import {
  amountDraft,
  asMoney,
  customValue,
  formatCustomValue,
  moneyFromDraft,
  sameValue,
  valueFromDraft,
} from "@/features/records/custom-fields";

describe("formatCustomValue", () => {
  it("reads each type for people", () => {
    expect(formatCustomValue("TEXT", "gold")).toBe("gold");
    expect(formatCustomValue("NUMBER", 12500.5)).toBe("12,500.5");
    expect(formatCustomValue("BOOLEAN", true)).toBe("Yes");
    expect(formatCustomValue("BOOLEAN", false)).toBe("No");
    expect(formatCustomValue("DATE", "2026-11-26")).toBe(formatDate(new Date(2026, 10, 26).toISOString()));
    expect(formatCustomValue("MULTI_SELECT", ["a", "b"])).toBe("a, b");
    expect(formatCustomValue("CURRENCY", { amountMicros: 12500000000, currency: "EUR" })).toBe("€12,500");
  });
  it("is empty for missing values", () => {
    expect(formatCustomValue("TEXT", undefined)).toBe("");
    expect(formatCustomValue("MULTI_SELECT", [])).toBe("");
    expect(formatCustomValue("CURRENCY", { amountMicros: "1" })).toBe("");
  });
});

describe("valueFromDraft", () => {
  it("parses numbers and refuses what is not one", () => {
    expect(valueFromDraft("NUMBER", "12,500")).toEqual({ ok: true, value: 12500 });
    expect(valueFromDraft("NUMBER", "lots")).toEqual({ ok: false, error: "Enter a number, like 42 or 3.5." });
  });
  it("clears on empty text and completes bare URLs", () => {
    expect(valueFromDraft("TEXT", "  ")).toEqual({ ok: true, value: null });
    expect(valueFromDraft("URL", "example.com")).toEqual({ ok: true, value: "https://example.com" });
    expect(valueFromDraft("URL", "http://x.io")).toEqual({ ok: true, value: "http://x.io" });
  });
});

describe("money", () => {
  it("turns a typed amount into micros and back", () => {
    expect(moneyFromDraft("12,500.5", "eur")).toEqual({ ok: true, value: { amountMicros: "12500500000", currency: "EUR" } });
    expect(moneyFromDraft("", "EUR")).toEqual({ ok: true, value: null });
    expect(moneyFromDraft("abc", "EUR").ok).toBe(false);
    expect(amountDraft("12500500000")).toBe("12500.5");
    expect(amountDraft("-5000000")).toBe("-5");
  });
  it("reads stored values", () => {
    expect(asMoney({ amountMicros: 5, currency: "USD" })).toEqual({ amountMicros: "5", currency: "USD" });
    expect(asMoney("5")).toBeNull();
    expect(customValue({ tier: "gold" }, "tier")).toBe("gold");
    expect(customValue(null, "tier")).toBeUndefined();
  });
});

describe("sameValue", () => {
  it("treats empty values alike", () => {
    expect(sameValue(null, "")).toBe(true);
    expect(sameValue(["a"], ["a"])).toBe(true);
    expect(sameValue("a", "b")).toBe(false);
  });
});
