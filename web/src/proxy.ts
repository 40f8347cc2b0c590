import { NextResponse, type NextRequest } from "next/server";

import { API_URL } from "@/lib/server/api";
import {
  bindingOf,
  clearSessionCookies,
  isSecure,
  keepBinding,
  refreshSession,
  setSessionCookies,
} from "@/lib/server/session";
import { ACCESS_COOKIE, OPEN_PATHS, PUBLIC_PATHS, REFRESH_COOKIE, needsRefresh } from "@/lib/session-cookies";

const GRAPHQL_PATH = "/api/graphql";
/** Attachment downloads (`Attachment.downloadUrl`): GET only, answered by the api with the access cookie. */
const ATTACHMENTS_PATH = "/api/v1/attachments/";
/** File downloads (`File.downloadUrl`, GET) and the two multipart uploads (POST; the api also checks Origin). */
const FILES_PATH = "/api/v1/files/";
const UPLOAD_PATHS = ["/api/v1/files/upload", "/api/v1/imports"];
/** Sign-in with Google and Microsoft (GET start and callback): the api sets the session cookies itself. */
const PROVIDER_SIGN_IN_PATH = "/api/v1/auth/";

function isApiPath(request: NextRequest, pathname: string): boolean {
  if (pathname === GRAPHQL_PATH) return true;
  if (request.method === "GET") return pathname.startsWith(ATTACHMENTS_PATH) || pathname.startsWith(FILES_PATH);
  return request.method === "POST" && UPLOAD_PATHS.includes(pathname);
}

/** Continue to the page, or for /api/graphql and attachment downloads on to the api (read at run time: RAPPORT_API_URL). */
function forward(request: NextRequest, pathname: string): NextResponse {
  const init = { request: { headers: request.headers } };
  if (pathname === GRAPHQL_PATH) return NextResponse.rewrite(new URL(API_URL), init);
  // With the query string: the import upload says which kind of records it is for (?objectType=DEAL).
  if (isApiPath(request, pathname)) {
    return NextResponse.rewrite(new URL(pathname + request.nextUrl.search, API_URL), init);
  }
  return NextResponse.next(init);
}

/**
 * Keeps the session alive without page JavaScript ever holding a token: when the access cookie is
 * missing or expires within 5 minutes, trade the refresh cookie for a new pair, hand the new access
 * token to this very request (so server components and the api see it) and set both cookies on the
 * response. Signed-out visitors of app pages go to /sign-in. Browser GraphQL (/api/graphql, HTTP and
 * WebSocket) is rewritten here to the api, cookie included; the api accepts that cookie only on JSON
 * POSTs and same-site WebSocket upgrades.
 */
export async function proxy(request: NextRequest) {
  const { pathname, search } = request.nextUrl;
  if (pathname.startsWith(PROVIDER_SIGN_IN_PATH) && request.method === "GET") {
    // Untouched by the session logic below: the callback's own cookies must not meet a clearing of stale ones.
    return NextResponse.rewrite(new URL(pathname + search, API_URL), { request: { headers: request.headers } });
  }
  const isPublic = PUBLIC_PATHS.some((path) => pathname === path || pathname.startsWith(`${path}/`));
  const isOpen = OPEN_PATHS.includes(pathname);
  const access = request.cookies.get(ACCESS_COOKIE)?.value;
  const refresh = request.cookies.get(REFRESH_COOKIE)?.value;
  const binding = bindingOf(request);

  if (!needsRefresh(access)) {
    const response = isPublic ? NextResponse.redirect(new URL("/", request.url)) : forward(request, pathname);
    // A session that began without the web server (sign-in with Google or Microsoft) gets its binding here.
    if (refresh) keepBinding(response, binding, isSecure(request));
    return response;
  }
  // The person's address (Next.js sets X-Forwarded-For to the connection's when absent): the api limits refreshes per address.
  const refreshed = refresh ? await refreshSession(refresh, binding, request.headers.get("x-forwarded-for")) : null;
  const tokens = refreshed?.tokens;
  if (refreshed && tokens) {
    request.cookies.set(ACCESS_COOKIE, tokens.accessToken);
    if (tokens.refreshToken) request.cookies.set(REFRESH_COOKIE, tokens.refreshToken);
    const response = isPublic ? NextResponse.redirect(new URL("/", request.url)) : forward(request, pathname);
    setSessionCookies(response, tokens, isSecure(request));
    keepBinding(response, binding, isSecure(request), refreshed.binding);
    return response;
  }
  if (isPublic || isOpen || isApiPath(request, pathname)) {
    // Signed out: the sign-in pages show, and the api answers UNAUTHENTICATED itself. Stale cookies go.
    request.cookies.delete(ACCESS_COOKIE);
    request.cookies.delete(REFRESH_COOKIE);
    const response = forward(request, pathname);
    if (access || refresh || binding) clearSessionCookies(response);
    return response;
  }
  const signIn = new URL("/sign-in", request.url);
  if (pathname !== "/") signIn.searchParams.set("next", pathname + search);
  const response = NextResponse.redirect(signIn);
  if (access || refresh || binding) clearSessionCookies(response);
  return response;
}

export const config = {
  // Pages and /api/graphql; not static files nor the session routes (they manage cookies themselves).
  matcher: ["/((?!_next/static|_next/image|favicon.ico|icon.svg|api/session).*)"],
};
