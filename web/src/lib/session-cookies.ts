// Names and lifetimes of the session cookies. Both are httpOnly: page JavaScript never sees a token.
export const ACCESS_COOKIE = "rapport_access";
export const REFRESH_COOKIE = "rapport_refresh";
export const ACCESS_MAX_AGE = 60 * 60; // 1 h, as the api's access tokens
export const REFRESH_MAX_AGE = 7 * 24 * 60 * 60; // 7 d, as the api's refresh tokens
/** The pending two-factor step (signIn's mfaToken), read only by /api/session/verify-mfa. */
export const MFA_COOKIE = "rapport_mfa";
export const MFA_MAX_AGE = 5 * 60; // as the api's mfaToken
/**
 * A random value per browser, set with the session and never rotated. A request that presents a refresh
 * token another request of the same browser has just spent gets that request's new pair (see
 * refreshSession); a replay without it reaches the api's reuse detection.
 */
export const BIND_COOKIE = "rapport_bind";
/** How long a settled refresh is shared with the same browser's requests that were sent before its answer arrived. */
export const REFRESH_SHARE_SECONDS = 10;
/** Refresh this long before the access token expires. */
export const REFRESH_MARGIN_SECONDS = 5 * 60;

export interface SessionTokens {
  accessToken: string;
  refreshToken?: string | null;
}

export interface CookieOptions {
  httpOnly: true;
  sameSite: "lax";
  path: "/";
  secure: boolean;
  maxAge: number;
}

export function cookieOptions(maxAge: number, secure: boolean): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure, maxAge };
}

/** Seconds since the epoch at which a JWT expires (read, not verified: the api verifies). Null if unreadable. */
export function tokenExpiry(token: string): number | null {
  const payload = token.split(".")[1];
  if (!payload) return null;
  try {
    const json = JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { exp?: unknown };
    return typeof json.exp === "number" ? json.exp : null;
  } catch {
    return null;
  }
}

/** True when the access token is missing, unreadable or expires within the margin. */
export function needsRefresh(accessToken: string | undefined, nowSeconds = Date.now() / 1000): boolean {
  if (!accessToken) return true;
  const exp = tokenExpiry(accessToken);
  return exp === null || exp - nowSeconds < REFRESH_MARGIN_SECONDS;
}

/** Where signed-out people may go. */
export const PUBLIC_PATHS = ["/sign-in", "/sign-up"];
/** Pages for signed-in and signed-out visitors alike (a mailed link may be opened either way). */
export const OPEN_PATHS = ["/invitation", "/forgot-password", "/reset-password"];
