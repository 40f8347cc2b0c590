import { RefreshShare, newBinding } from "@/lib/refresh-share";
import { REFRESH_SHARE_SECONDS, type SessionTokens } from "@/lib/session-cookies";

/** A refresh the test settles by hand, counting how often the api would have been asked. */
function pending() {
  let settle: (tokens: SessionTokens | null) => void = () => {};
  const calls: number[] = [];
  const refresh = () => {
    calls.push(calls.length + 1);
    return new Promise<SessionTokens | null>((resolve) => (settle = resolve));
  };
  return { refresh, calls, settle: (tokens: SessionTokens | null) => settle(tokens) };
}

const PAIR = { accessToken: "access-2", refreshToken: "refresh-2" };

describe("RefreshShare", () => {
  let clock = 1000;
  const share = () => new RefreshShare(() => clock);
  beforeEach(() => (clock = 1000));

  it("issues 43-character base64url bindings, different each time", () => {
    expect(newBinding()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newBinding()).not.toBe(newBinding());
  });

  it("shares a settled refresh with the same browser's late request, once, for a few seconds", async () => {
    const refreshes = share();
    const api = pending();
    const first = refreshes.run("refresh-1", "bind-a", api.refresh);
    api.settle(PAIR);
    expect(await first).toEqual({ tokens: PAIR, binding: "bind-a" });

    clock += REFRESH_SHARE_SECONDS - 1;
    const late = await refreshes.run("refresh-1", "bind-a", () => Promise.reject(new Error("not asked")));
    expect(late).toEqual({ tokens: PAIR, binding: "bind-a" });
    expect(api.calls).toEqual([1]);

    clock += 2;
    const replay = pending();
    const after = refreshes.run("refresh-1", "bind-a", replay.refresh);
    replay.settle(null);
    expect(await after).toEqual({ tokens: null, binding: "bind-a" });
    expect(replay.calls).toEqual([1]);
  });

  it("sends a replay without the browser's binding to the api, even while the refresh runs", async () => {
    const refreshes = share();
    const api = pending();
    const first = refreshes.run("refresh-1", "bind-a", api.refresh);
    const replay = pending();
    const replayed = refreshes.run("refresh-1", "bind-other", replay.refresh);
    const unbound = pending();
    const bare = refreshes.run("refresh-1", null, unbound.refresh);
    replay.settle(null);
    unbound.settle(null);
    api.settle(PAIR);
    expect((await replayed).tokens).toBeNull();
    expect((await bare).tokens).toBeNull();
    expect(await first).toEqual({ tokens: PAIR, binding: "bind-a" });
    expect([api.calls, replay.calls, unbound.calls]).toEqual([[1], [1], [1]]);

    // The replay did not replace the browser's own refresh: its late request still gets the pair.
    expect(await refreshes.run("refresh-1", "bind-a", () => Promise.reject(new Error("not asked")))).toEqual({
      tokens: PAIR,
      binding: "bind-a",
    });
  });

  it("gives a browser without a binding one, shared by its requests only while the refresh runs", async () => {
    const refreshes = share();
    const api = pending();
    const first = refreshes.run("refresh-1", null, api.refresh);
    const second = refreshes.run("refresh-1", null, () => Promise.reject(new Error("not asked")));
    api.settle(PAIR);
    const [a, b] = await Promise.all([first, second]);
    expect(a.tokens).toEqual(PAIR);
    expect(b).toEqual(a);
    expect(a.binding).toMatch(/^[A-Za-z0-9_-]{43}$/);

    // Settled: a request without a binding is a replay, one with the issued binding is the same browser.
    const replay = pending();
    const replayed = refreshes.run("refresh-1", null, replay.refresh);
    replay.settle(null);
    expect((await replayed).tokens).toBeNull();
    expect((await refreshes.run("refresh-1", a.binding, () => Promise.reject(new Error("not asked")))).tokens).toEqual(PAIR);
  });

  it("forgets a refresh that failed, and its error reaches the caller", async () => {
    const refreshes = share();
    await expect(refreshes.run("refresh-1", "bind-a", () => Promise.reject(new Error("api unreachable")))).rejects.toThrow(
      "api unreachable",
    );
    expect(refreshes.size).toBe(0);
    const api = pending();
    const again = refreshes.run("refresh-1", "bind-a", api.refresh);
    api.settle(PAIR);
    expect((await again).tokens).toEqual(PAIR);
  });

  it("forgets refused refreshes at once and settled ones after the window", async () => {
    const refreshes = share();
    const refused = pending();
    const run = refreshes.run("refresh-x", "bind-a", refused.refresh);
    refused.settle(null);
    await run;
    expect(refreshes.size).toBe(0);

    const api = pending();
    const ok = refreshes.run("refresh-1", "bind-a", api.refresh);
    api.settle(PAIR);
    await ok;
    expect(refreshes.size).toBe(1);
    clock += REFRESH_SHARE_SECONDS + 1;
    const other = pending();
    const next = refreshes.run("refresh-9", "bind-b", other.refresh);
    other.settle(null);
    await next;
    expect(refreshes.size).toBe(0);
  });
});
