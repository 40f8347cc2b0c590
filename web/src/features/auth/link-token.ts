import { useSyncExternalStore } from "react";

/** The token of a mailed link (`/invitation#token=…`): in the fragment, which no server and no Referer sees. */
export function tokenFromHash(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return value && value.length <= 200 ? value : null;
}

function subscribeToHash(onChange: () => void): () => void {
  window.addEventListener("hashchange", onChange);
  return () => window.removeEventListener("hashchange", onChange);
}

/**
 * The page's fragment (`#token=…`), read in the browser only (null while rendering on the server); another
 * link opened in the same tab changes only the fragment, so it is watched.
 */
export function useUrlHash(): string | null {
  return useSyncExternalStore(subscribeToHash, () => window.location.hash, () => null);
}
