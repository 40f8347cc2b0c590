// Shares one refresh among the requests of one browser (see refreshSession in lib/server/session.ts).

import { REFRESH_SHARE_SECONDS, type SessionTokens } from "@/lib/session-cookies";

/** A new binding value: 32 random bytes, base64url. */
export function newBinding(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** A refresh made for one browser, shared with that browser's other requests. */
export interface Refresh {
  /** The binding the refreshing request came with, or the one issued to it when it had none. */
  binding: string;
  /** True while the browser had no binding yet: requests without one share only while it runs. */
  issuedNow: boolean;
  result: Promise<SessionTokens | null>;
  settledAt: number | null;
}

const MAX_REFRESHES = 10_000;

export class RefreshShare {
  private readonly refreshes = new Map<string, Refresh>();

  constructor(private readonly now: () => number = () => Date.now() / 1000) {}

  get size(): number {
    return this.refreshes.size;
  }

  /**
   * The new pair for `refreshToken` (null when refused) and the binding the browser has from now on:
   * an earlier refresh's when it may be shared, else `refresh()`'s.
   */
  async run(
    refreshToken: string,
    binding: string | null,
    refresh: () => Promise<SessionTokens | null>,
  ): Promise<{ tokens: SessionTokens | null; binding: string }> {
    this.prune();
    const earlier = this.refreshes.get(refreshToken);
    if (earlier && this.shares(earlier, binding)) return { tokens: await earlier.result, binding: earlier.binding };
    const entry: Refresh = {
      binding: binding ?? newBinding(),
      issuedNow: binding === null,
      result: refresh(),
      settledAt: null,
    };
    if (!earlier) {
      // A second refresh of a token already in the map is a replay: it must not replace the first one's answer.
      this.refreshes.set(refreshToken, entry);
      if (this.refreshes.size > MAX_REFRESHES) this.refreshes.delete(this.refreshes.keys().next().value!);
    }
    let tokens: SessionTokens | null = null;
    try {
      tokens = await entry.result;
    } finally {
      // Refused or failed (the api unreachable): nothing to share, the next request asks again.
      entry.settledAt = this.now();
      if (!tokens && this.refreshes.get(refreshToken) === entry) this.refreshes.delete(refreshToken);
    }
    return { tokens, binding: entry.binding };
  }

  private shares(earlier: Refresh, binding: string | null): boolean {
    if (binding !== null) return binding === earlier.binding;
    return earlier.issuedNow && earlier.settledAt === null;
  }

  private prune(): void {
    const oldest = this.now() - REFRESH_SHARE_SECONDS;
    for (const [token, entry] of this.refreshes) {
      if (entry.settledAt !== null && entry.settledAt < oldest) this.refreshes.delete(token);
    }
  }
}

