import { describe, expect, it } from "vitest";

import { safeNext } from "@/features/auth/safe-next";

describe("safeNext", () => {
  it("keeps paths on this origin, with their query and hash", () => {
    expect(safeNext("/contacts")).toBe("/contacts");
    expect(safeNext("/contacts?filter=a#top")).toBe("/contacts?filter=a#top");
    expect(safeNext("/deals/../contacts")).toBe("/contacts");
  });

  it("keeps a still-encoded tab inside the path, on this origin", () => {
    // `?next=/%09/evil.example` reaches the page decoded (the tab case below); encoded, it is a path.
    expect(safeNext("/%09/evil.example")).toBe("/%09/evil.example");
  });

  it.each([
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["//evil.example"],
    ["/\\evil.example"],
    ["/\\/evil.example"],
    ["https://evil.example/"],
    ["javascript:alert(1)"],
    ["evil.example"],
    [""],
    [null],
    [undefined],
  ])("sends %j home instead of elsewhere", (next) => {
    expect(safeNext(next)).toBe("/");
  });
});
