import "server-only";

import { NextResponse, type NextRequest } from "next/server";

import { problemFromErrors, type ApiProblem, type GraphQLErrorLike } from "@/lib/api-errors";
import { callApi } from "@/lib/server/api";
import {
  ACCESS_COOKIE,
  ACCESS_MAX_AGE,
  BIND_COOKIE,
  MFA_COOKIE,
  MFA_MAX_AGE,
  REFRESH_COOKIE,
  REFRESH_MAX_AGE,
  cookieOptions,
  type SessionTokens,
} from "@/lib/session-cookies";
import { RefreshDocument } from "@/features/auth/documents";
import { RefreshShare, newBinding } from "@/lib/refresh-share";

export function isSecure(request: NextRequest): boolean {
  return request.nextUrl.protocol === "https:" || request.headers.get("x-forwarded-proto") === "https";
}

/** The browser's binding cookie (BIND_COOKIE), or null when it has none yet. */
export function bindingOf(request: NextRequest): string | null {
  const value = request.cookies.get(BIND_COOKIE)?.value;
  return value && /^[A-Za-z0-9_-]{43}$/.test(value) ? value : null;
}

/** Sets the binding cookie on a response when the browser has none (`binding` is what it sent). */
export function keepBinding(response: NextResponse, binding: string | null, secure: boolean, issued?: string): void {
  // Every proxied request passes here: random bytes only when a cookie is set.
  if (binding === null) response.cookies.set(BIND_COOKIE, issued ?? newBinding(), cookieOptions(REFRESH_MAX_AGE, secure));
}

/** Sets both cookies on a response (and, for the proxy, on the request that continues to the page). */
export function setSessionCookies(response: NextResponse, tokens: SessionTokens, secure: boolean): void {
  response.cookies.set(ACCESS_COOKIE, tokens.accessToken, cookieOptions(ACCESS_MAX_AGE, secure));
  if (tokens.refreshToken) {
    response.cookies.set(REFRESH_COOKIE, tokens.refreshToken, cookieOptions(REFRESH_MAX_AGE, secure));
  }
}

export function clearSessionCookies(response: NextResponse): void {
  response.cookies.delete(ACCESS_COOKIE);
  response.cookies.delete(REFRESH_COOKIE);
  response.cookies.delete(BIND_COOKIE);
}

/** The JSON body of a session request; refuses anything but application/json (a cross-site form cannot send it). */
export async function readJson(request: NextRequest): Promise<Record<string, unknown> | null> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("application/json")) return null;
  try {
    const body: unknown = await request.json();
    return body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

export function problemResponse(problem: ApiProblem, status = 400): NextResponse {
  return NextResponse.json({ ok: false, problem }, { status });
}

/**
 * Relays the api's refusal: RATE_LIMITED is a 429 with the api's wait in Retry-After (its largest
 * `retryAfter`, at least 1 s), UNAUTHENTICATED a 401, anything else a 400; the body carries the problem.
 */
export function errorsResponse(errors: readonly GraphQLErrorLike[]): NextResponse {
  const problem = problemFromErrors(errors);
  if (problem.code === "RATE_LIMITED") {
    const waits = errors
      .map((error) => error.extensions?.retryAfter)
      .filter((wait): wait is number => typeof wait === "number" && Number.isFinite(wait));
    const response = problemResponse(problem, 429);
    response.headers.set("Retry-After", String(Math.max(1, ...waits.map((wait) => Math.ceil(wait)))));
    return response;
  }
  return problemResponse(problem, problem.code === "UNAUTHENTICATED" ? 401 : 400);
}

export function badRequest(): NextResponse {
  return problemResponse({ code: "BAD_USER_INPUT", message: "The request is not valid.", fieldErrors: {} });
}

interface Payload {
  accessToken?: string | null;
  refreshToken?: string | null;
  mfaRequired: boolean;
  mfaToken?: string | null;
  mfaEnrollmentRequired?: boolean;
}

/**
 * Answers a session route: the cookies on success, the api's problem (with field errors) otherwise. When
 * the account uses two-factor sign-in, the answer is `{ ok: false, mfaRequired: true }` and the pending
 * step's token goes into an httpOnly cookie that only the verify-mfa route reads (5 minutes).
 */
export function sessionResponse(
  request: NextRequest,
  result: { data?: Record<string, Payload> | null; errors?: { message: string; extensions?: Record<string, unknown> | null }[] },
  field: string,
): NextResponse {
  if (result.errors?.length) return errorsResponse(result.errors);
  const payload = result.data?.[field];
  if (payload?.mfaRequired && payload.mfaToken) {
    const response = NextResponse.json({ ok: false, mfaRequired: true });
    response.cookies.set(MFA_COOKIE, payload.mfaToken, {
      ...cookieOptions(MFA_MAX_AGE, isSecure(request)),
      path: "/api/session",
    });
    return response;
  }
  if (!payload?.accessToken) {
    return problemResponse({ code: "UNAUTHENTICATED", message: "The api did not return a session.", fieldErrors: {} }, 401);
  }
  const response = NextResponse.json({ ok: true, mfaEnrollmentRequired: payload.mfaEnrollmentRequired ?? false });
  setSessionCookies(response, { accessToken: payload.accessToken, refreshToken: payload.refreshToken }, isSecure(request));
  keepBinding(response, bindingOf(request), isSecure(request));
  response.cookies.set(MFA_COOKIE, "", { path: "/api/session", maxAge: 0 });
  return response;
}

// Refresh tokens are single use and a reused one revokes the whole family. A browser often sends several
// requests with the same refresh cookie: a page and its prefetches, a tab's background queries, and a
// request sent after another one's refresh settled but before its new cookies arrived. Requests of the
// same browser (the same binding cookie) share one refresh while it runs and for REFRESH_SHARE_SECONDS
// after it settled. A spent token presented without that binding (a replay from elsewhere) reaches the
// api, whose reuse detection signs the whole session out. (Sharing with anyone who had the spent token,
// as once for 30 s, handed the new pair to a replay.) Per web server process; bounded.

const share = new RefreshShare();

/** Trades the refresh token for a new pair (shared with the same browser's requests, see above). */
export function refreshSession(
  refreshToken: string,
  binding: string | null,
  clientAddress?: string | null,
): Promise<{ tokens: SessionTokens | null; binding: string }> {
  return share.run(refreshToken, binding, async () => {
    const answer = await callApi(RefreshDocument, { refreshToken }, undefined, clientAddress);
    const payload = answer.data?.refreshToken;
    if (answer.errors?.length || !payload?.accessToken) return null;
    return { accessToken: payload.accessToken, refreshToken: payload.refreshToken };
  });
}
