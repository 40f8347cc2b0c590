import { describe, expect, it } from "vitest";

import { formatMoney, formatRelative, initials, plural, roleLabel, toMicros } from "@/lib/format";

describe("initials", () => {
  it("takes the first and last word", () => {
    expect(initials("Ada King Lovelace")).toBe("AL");
  });
  it("takes one letter of a single word or an email", () => {
    expect(initials("ada@example.com")).toBe("A");
    expect(initials("  ")).toBe("?");
  });
});

describe("money", () => {
  it("shows whole amounts without cents and others with two decimals", () => {
    expect(formatMoney("12500000000", "EUR")).toBe("€12,500");
    expect(formatMoney("1234500000", "USD")).toBe("$1,234.50");
    expect(formatMoney("-5000000", "USD")).toBe("-$5");
  });
  it("reads what people type into micros, refusing what is not a number", () => {
    expect(toMicros("12,500.5")).toBe("12500500000");
    expect(toMicros("-3")).toBe("-3000000");
    expect(toMicros("0.0000001")).toBeNull();
    expect(toMicros("ten")).toBeNull();
  });
});

describe("formatRelative", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  it("says how long ago in the largest unit", () => {
    expect(formatRelative("2026-11-26T09:00:00Z", now)).toBe("3 hours ago");
    expect(formatRelative("2026-11-25T12:00:00Z", now)).toBe("yesterday");
    expect(formatRelative("2026-11-28T12:00:00Z", now)).toBe("in 2 days");
    expect(formatRelative("2026-11-26T11:59:30Z", now)).toBe("just now");
  });
  it("counts calendar days from a day on, so it agrees with the day headings", () => {
    // 43 hours before noon on Dec 4 is Dec 2: under a "Dec 2" heading it must not read "yesterday".
    const dec4 = new Date("2026-12-04T12:00:00Z");
    expect(formatRelative("2026-12-02T17:00:00Z", dec4)).toBe("2 days ago");
    expect(formatRelative("2026-12-03T11:00:00Z", dec4)).toBe("yesterday");
    expect(formatRelative("2026-12-03T13:00:00Z", dec4)).toBe("23 hours ago");
    expect(formatRelative("2026-11-27T12:00:00Z", dec4)).toBe("last week");
    expect(formatRelative("2026-10-04T12:00:00Z", dec4)).toBe("2 months ago");
    expect(formatRelative("2025-11-04T12:00:00Z", dec4)).toBe("last year");
    expect(formatRelative("2026-12-06T12:00:00Z", dec4)).toBe("in 2 days");
  });
});

describe("labels", () => {
  it("pluralises and names roles", () => {
    expect(plural(1, "contact")).toBe("1 contact");
    expect(plural(1200, "company", "companies")).toBe("1,200 companies");
    expect(roleLabel("VIEWER")).toBe("Viewer");
  });
});
