/** Only same-origin paths: `/contacts` yes, `//evil.example` or `https://…` no. */
export function safeNext(next: string | undefined | null): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return "/";
  return next;
}
