/** The token of a mailed link (`/invitation#token=…`): in the fragment, which no server and no Referer sees. */
export function tokenFromHash(hash: string): string | null {
  const value = new URLSearchParams(hash.replace(/^#/, "")).get("token");
  return value && value.length <= 200 ? value : null;
}
