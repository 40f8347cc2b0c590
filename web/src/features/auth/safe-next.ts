/** Where to go after signing in: `next` resolved against this origin, and only when it stays on it.
 * `/contacts` yes; `//evil.example`, `/\evil.example`, `https://…` and `/%09/evil.example` (a tab the
 * URL parser drops, leaving `//evil.example`) no. Answers a path (with query and hash), never a URL. */
export function safeNext(next: string | undefined | null, origin = "http://rapport.invalid"): string {
  if (!next || !next.startsWith("/")) return "/";
  let target: URL;
  try {
    target = new URL(next, origin);
  } catch {
    return "/";
  }
  if (target.origin !== new URL(origin).origin) return "/";
  const path = `${target.pathname}${target.search}${target.hash}`;
  // A path that still starts with two slashes (or a backslash) reads as another host to some browsers.
  if (path.startsWith("//") || path.startsWith("/\\")) return "/";
  return path;
}
