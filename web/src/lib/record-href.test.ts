import { describe, expect, it } from "vitest";

import { recordHref } from "@/lib/record-href";

describe("recordHref", () => {
  it("links a contact, a company and a deal to its page", () => {
    expect(recordHref("contact", "c1")).toBe("/contacts/c1");
    expect(recordHref("company", "o1")).toBe("/companies/o1");
    expect(recordHref("deal", "d1")).toBe("/deals/d1");
  });
  it("has no page for another type", () => {
    expect(recordHref("import", "i1")).toBeNull();
    expect(recordHref("Contact", "c1")).toBeNull();
  });
});
