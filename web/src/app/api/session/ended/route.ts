import { NextResponse, type NextRequest } from "next/server";

import { clearSessionCookies } from "@/lib/server/session";

/**
 * Where a page goes when the api refused its access token (the session was signed out elsewhere, or
 * revoked): the cookies go, then the sign-in page. (A server component cannot clear cookies, and with a
 * still-unexpired access cookie the proxy would send /sign-in straight back to the app.)
 */
export function GET(request: NextRequest) {
  const response = NextResponse.redirect(new URL("/sign-in", request.url));
  clearSessionCookies(response);
  return response;
}
