import { describe, expect, it } from "vitest";

import { tokenFromHash } from "@/features/auth/link-token";

describe("tokenFromHash", () => {
  it("reads the token from the fragment", () => {
    expect(tokenFromHash("#token=rpi_abc-DEF_1")).toBe("rpi_abc-DEF_1");
  });
  it("answers null when there is none or it is too long", () => {
    expect(tokenFromHash("")).toBeNull();
    expect(tokenFromHash("#other=1")).toBeNull();
    expect(tokenFromHash(`#token=${"a".repeat(201)}`)).toBeNull();
  });
});
