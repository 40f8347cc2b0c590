import { describe, expect, it } from "vitest";

import { needsRefresh, tokenExpiry } from "@/lib/session-cookies";

function jwt(payload: object): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `${encode({ alg: "HS256" })}.${encode(payload)}.signature`;
}

describe("access token refresh", () => {
  const now = 1_800_000_000;
  it("reads the expiry of a JWT", () => {
    expect(tokenExpiry(jwt({ exp: now }))).toBe(now);
    expect(tokenExpiry("garbage")).toBeNull();
  });
  it("refreshes when missing, unreadable or within five minutes of expiry", () => {
    expect(needsRefresh(undefined, now)).toBe(true);
    expect(needsRefresh("garbage", now)).toBe(true);
    expect(needsRefresh(jwt({ exp: now + 299 }), now)).toBe(true);
    expect(needsRefresh(jwt({ exp: now + 301 }), now)).toBe(false);
  });
});
